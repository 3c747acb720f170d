"""``python -m bench.profile_bench``: the statistical profile at scale — training on 50,000 closed cases and
scoring 100,000 people, the chosen pipeline beside the logistic baseline, measured in the same run.

Synthetic, seeded data with a non-linear signal (so that gradient boosting earns its place). Each case runs
in its own subprocess, so its peak memory (VmHWM) is its own; the floor case is Python with the imports.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FEATURES = "age,months_unemployed,education,digital_skills,italian_level,assessment_score"
PROTECTED = "sex,citizenship,disability,age_band"


def child(case: str, work: Path) -> dict[str, object]:
    """Runs one case in this process and returns its figures."""
    from florwork.assessment import profile

    started = time.perf_counter()
    detail = ""
    if case.startswith("train"):
        candidates = ("logistic",) if case == "train-logistic" else ("logistic", "gbm")
        options = profile.TrainOptions(outcome="employed_12m", features=FEATURES.split(","),
                                       protected=PROTECTED.split(","), seed=1, candidates=candidates)
        trained = profile.train(profile.read_table(work / "train.csv"), options)
        profile.save(trained, work / f"{case}.model")
        detail = f"{trained.model}, AUC {trained.card['metrics']['auc']:.3f}"
    elif case.startswith("score"):
        model = profile.load(work / ("train-logistic.model" if case == "score-logistic" else "train-chosen.model"))
        scores = profile.score(model, profile.read_table(work / "score.csv"), id_column="id")
        profile.write_csv(scores, model, work / f"{case}.csv", id_column="id")
        detail = f"{model.model}, mean p {scores.probabilities.mean():.3f}"
    seconds = time.perf_counter() - started
    return {"case": case, "seconds": seconds, "peak_mb": peak_memory_mb(), "detail": detail}


def peak_memory_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the
    parent across fork and exec, so a child would report the bench runner's own peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 1024**2)


CASES = (("floor (imports only)", "floor", None), ("train 50k: logistic baseline", "train-logistic", "train"),
         ("train 50k: both, chosen kept", "train-chosen", "train"), ("score 100k: logistic baseline",
         "score-logistic", "score"), ("score 100k: chosen pipeline", "score-chosen", "score"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--train-rows", type=int, default=50_000, help="closed cases to train on (50000)")
    parser.add_argument("--score-rows", type=int, default=100_000, help="people to score (100000)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    from florwork.assessment.profile import synthetic

    with tempfile.TemporaryDirectory(prefix="profile-bench-") as folder:
        work = Path(folder)
        synthetic.write(synthetic.cases(args.train_rows, seed=1, nonlinear=True), work / "train.csv")
        synthetic.write(synthetic.cases(args.score_rows, seed=2, nonlinear=True), work / "score.csv")
        results = []
        for label, case, kind in CASES:
            rows = {"train": args.train_rows, "score": args.score_rows}.get(kind or "", 0)
            done = subprocess.run([sys.executable, "-m", "bench.profile_bench", "--child", case, str(work)],
                                  capture_output=True, text=True, check=True)
            results.append({"label": label, "rows": rows, **json.loads(done.stdout.splitlines()[-1])})
            print(f"  {label}: {results[-1]['seconds']:.1f} s", file=sys.stderr)
    header = f"Florwork profile bench · Python {platform.python_version()} · {platform.machine()}"
    if args.json:
        print(json.dumps({"environment": header, "results": results}, indent=2))
        return
    print(header)
    print(f"{'case':<32} {'rows':>8} {'wall s':>8} {'peak MB':>8}  detail")
    for r in results:
        rows = f"{r['rows']:,}" if r["rows"] else "-"
        print(f"{r['label']:<32} {rows:>8} {r['seconds']:8.2f} {r['peak_mb']:8.0f}  {r['detail']}")
    print("train: read CSV, 5-fold CV of each candidate, final fit, bootstrap fairness audit (4 attributes, 200")
    print("resamples), save; score: load, read CSV, predict, explain, write CSV. Peak MB: the subprocess's VmHWM.")


if __name__ == "__main__":
    main()
