"""``python -m bench.linkage_bench``: record linkage at scale — two 100,000-row company files linked and one
1,000,000-row file deduplicated with Splink on DuckDB, beside an exact-key baseline (same P.IVA, or same
normalised name and postcode) measured in the same run on the same files.

Generated, seeded partner files with known truth (typos, legal forms written differently, missing or wrong
P.IVA, abbreviations, +39 prefixes, same-named companies that are not the same). Each case runs in its own
subprocess from the CSV files, as ``florwork link`` would (read, sniff, normalise, link), so its wall time
and peak memory (VmHWM: Python and DuckDB together, DuckDB runs in the process) are its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from florwork.employers.linkage import synthetic

COLUMNS = synthetic.COMPANY_COLUMNS


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's peak over fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(datasets: list) -> list[tuple[str, str]]:
    """Exact keys only: the same valid P.IVA, or the same normalised name and postcode."""
    def keys(dataset, row: int) -> list[tuple[str, ...]]:
        vat, name, postcode = (dataset.fields[f][row] for f in ("vat_number", "name", "postcode"))
        found = [("vat", vat)] if vat else []
        return found + ([("name", name, postcode)] if name and postcode else [])

    pairs: set[tuple[int, int]] = set()
    if len(datasets) == 2:
        left, right = datasets
        index: dict[tuple[str, ...], list[int]] = {}
        for row in range(len(right)):
            for key in keys(right, row):
                index.setdefault(key, []).append(row)
        for row in range(len(left)):
            for key in keys(left, row):
                pairs.update((row, other) for other in index.get(key, ()))
        return [(left.ids[a], right.ids[b]) for a, b in sorted(pairs)]
    only = datasets[0]
    groups: dict[tuple[str, ...], list[int]] = {}
    for row in range(len(only)):
        for key in keys(only, row):
            groups.setdefault(key, []).append(row)
    for members in groups.values():
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return [(only.ids[a], only.ids[b]) for a, b in sorted(pairs)]


def child(method: str, files: list[Path], out: Path) -> dict[str, object]:
    """Runs one case in this process: read and normalise the files, link them, write the pairs."""
    from florwork.employers import linkage

    started = time.perf_counter()
    datasets = [linkage.dataset_from_table(linkage.read_csv(path), id_column="id", mapping=COLUMNS) for path in files]
    read = time.perf_counter() - started
    detail: dict[str, object] = {}
    if method == "splink":
        result = linkage.link(datasets[0], datasets[1] if len(datasets) > 1 else None, kind="companies",
                              threshold=linkage.DEFAULT_THRESHOLD, seed=0)
        pairs = [(pair.left_id, pair.right_id) for pair in result.pairs]
        detail = {key: result.summary[key] for key in ("candidate_pairs", "duckdb_memory_mb", "training")}
        detail["training"] = result.summary["training"]["method"]
    else:
        pairs = baseline(datasets)
    seconds = time.perf_counter() - started
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(pairs)
    return {"seconds": seconds, "read_seconds": read, "peak_mb": peak_memory_mb(), **detail}


def write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def generate(work: Path, link_rows: int, dedupe_rows: int) -> dict[str, tuple[list[Path], set[tuple[str, str]]]]:
    started = time.perf_counter()
    linked = synthetic.companies_link(link_rows, link_rows, overlap=0.6, seed=1)
    tasks = {"link": ([write(linked.left, work / "left.csv"), write(linked.right, work / "right.csv")],
                      linked.pairs)}
    del linked
    deduped = synthetic.companies_dedupe(dedupe_rows, duplicates=0.1, seed=2)
    tasks["dedupe"] = ([write(deduped.left, work / "one.csv")], deduped.pairs)
    print(f"generated {2 * link_rows:,} + {dedupe_rows:,} rows in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return tasks


def run_case(task: str, method: str, files: list[Path], truth: set[tuple[str, str]], work: Path) -> dict:
    out = work / f"{task}-{method}.csv"
    done = subprocess.run([sys.executable, "-m", "bench.linkage_bench", "--child", method, str(out),
                           *map(str, files)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench: {task}/{method} failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.splitlines()[-1])
    with out.open(encoding="utf-8", newline="") as handle:
        found = {(a, b) for a, b in csv.reader(handle)}
    precision, recall = synthetic.precision_recall(found, truth)
    return {"task": task, "method": method, "pairs": len(found), "true_pairs": len(truth), "precision": precision,
            "recall": recall, **figures}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.linkage_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--link-rows", type=int, default=100_000, help="rows in each file to link (100000)")
    parser.add_argument("--dedupe-rows", type=int, default=1_000_000, help="rows in the file to dedupe (1000000)")
    parser.add_argument("--small", action="store_true", help="quick run: 10,000 per link file, 100,000 to dedupe")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        method, out, *files = args.child
        print(json.dumps(child(method, [Path(f) for f in files], Path(out))))
        return
    if args.small:
        args.link_rows, args.dedupe_rows = 10_000, 100_000
    results = []
    with tempfile.TemporaryDirectory(prefix="linkage-bench-") as folder:
        work = Path(folder)
        for task, (files, truth) in generate(work, args.link_rows, args.dedupe_rows).items():
            for method in ("baseline", "splink"):
                results.append(run_case(task, method, files, truth, work))
                print(f"  {task} {method}: {results[-1]['seconds']:.1f} s", file=sys.stderr)
    report(results, args)


def report(results: list[dict], args: argparse.Namespace) -> None:
    header = (f"Florwork linkage bench · Python {platform.python_version()} · {platform.machine()} · "
              f"link {args.link_rows:,} x {args.link_rows:,}, dedupe {args.dedupe_rows:,}")
    if args.json:
        print(json.dumps({"environment": header, "results": results}, indent=2))
        return
    print(header)
    print(f"{'case':<18} {'wall s':>8} {'read s':>7} {'peak MB':>8} {'duckdb MB':>9} {'candidates':>11} "
          f"{'pairs':>9} {'true':>9} {'precision':>9} {'recall':>7}")
    for r in results:
        candidates = f"{r['candidate_pairs']:,}" if "candidate_pairs" in r else "-"
        duckdb = f"{r['duckdb_memory_mb']:.0f}" if "duckdb_memory_mb" in r else "-"
        print(f"{r['task'] + ' ' + r['method']:<18} {r['seconds']:8.1f} {r['read_seconds']:7.1f} {r['peak_mb']:8.0f} "
              f"{duckdb:>9} {candidates:>11} {r['pairs']:>9,} {r['true_pairs']:>9,} {r['precision']:9.4f} "
              f"{r['recall']:7.4f}")
    print("wall: read + sniff + normalise + link, in a subprocess from the CSV files; read s: the reading and "
          "normalising part.\npeak MB: the subprocess's VmHWM (Python and DuckDB together); duckdb MB: what DuckDB "
          "held after scoring.")


if __name__ == "__main__":
    main()
