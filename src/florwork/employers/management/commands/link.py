"""``florwork link {persons|companies} LEFT.csv [RIGHT.csv]``: record linkage from the command line.

A stable contract (automated checks use it): thin, the linkage core does the work. One file deduplicates, two
link; the matched pairs go to ``--out`` as ``left_id,right_id,match_probability,match_weight``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from florwork.employers import linkage


def run_link(*, kind: str, left: str, right: str | None, id_column: str, columns: str, out: str,
             threshold: float = linkage.DEFAULT_THRESHOLD, seed: int = 0, verbose: bool = False,
             as_json: bool = False) -> str:
    mapping = linkage.parse_mapping(columns, kind)
    datasets = [linkage.dataset_from_table(linkage.read_csv(path), id_column=id_column, mapping=mapping)
                for path in ([left] if right is None else [left, right])]
    result = linkage.link(datasets[0], datasets[1] if right else None, kind=kind, threshold=threshold, seed=seed,
                          verbose=verbose)
    write_pairs(result.pairs, out)
    summary: dict[str, Any] = result.summary | {"out": out}
    if as_json:
        return json.dumps(summary, indent=2)
    records = " and ".join(f"{n} {side}" for side, n in summary["records"].items())
    training = summary["training"]
    lines = [f"{summary['mode']} of {kind}: {records} records, {summary['candidate_pairs']} candidate pairs, "
             f"{summary['matches']} matches at probability >= {threshold} in {summary['seconds']} s",
             f"model: {training['method']}" + (f" ({training['reason']})" if "reason" in training else ""),
             f"pairs written to {out}"]
    invalid = {name: n for name, n in summary["invalid_identifiers"].items() if n}
    if invalid:
        lines.insert(1, "identifiers with a wrong check digit, not used: "
                     + ", ".join(f"{name} {n}" for name, n in invalid.items()))
    return "\n".join(lines)


def write_pairs(pairs: list[linkage.Pair], out: str) -> None:
    with Path(out).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "match_probability", "match_weight"])
        for pair in pairs:
            writer.writerow([pair.left_id, pair.right_id, f"{pair.probability:.6f}", f"{pair.match_weight:.4f}"])


def probability(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value


class Command(BaseCommand):
    help = ("Record linkage (Splink on DuckDB, model trained by EM): with one CSV, find the duplicates in it; with "
            "two, find the records of LEFT that are the same person or company as a record of RIGHT. Writes one "
            "row per matched pair to --out. Encoding and separator are detected; dates may be YYYYMMDD, "
            "DD/MM/YYYY or YYYY-MM-DD.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["persons", "companies"], help="what the rows are")
        parser.add_argument("left", metavar="LEFT.csv", help="CSV file with a header row")
        parser.add_argument("right", nargs="?", metavar="RIGHT.csv",
                            help="second CSV to link with LEFT (omit to deduplicate LEFT)")
        parser.add_argument("--id", dest="id_column", required=True,
                            help="column with each row's id (unique within a file; in both files when linking)")
        parser.add_argument("--columns", required=True,
                            help="canonical=column,… e.g. name=ragione_sociale,vat_number=piva. Persons: "
                                 + ", ".join(linkage.PERSON_FIELDS) + ". Companies: "
                                 + ", ".join(linkage.COMPANY_FIELDS))
        parser.add_argument("--out", required=True, help="CSV to write: left_id,right_id,match_probability,"
                                                         "match_weight")
        parser.add_argument("--threshold", type=probability, default=linkage.DEFAULT_THRESHOLD,
                            help=f"lowest match probability written ({linkage.DEFAULT_THRESHOLD})")
        parser.add_argument("--seed", type=int, default=0, help="seed for the u-probability sample (0)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--verbose", action="store_true", help="show Splink's own log")

    def handle(self, *args, kind: str, left: str, right: str | None, **options):
        try:
            text = run_link(kind=kind, left=left, right=right, id_column=options["id_column"],
                            columns=options["columns"], out=options["out"], threshold=options["threshold"],
                            seed=options["seed"], verbose=options["verbose"], as_json=options["json"])
        except linkage.LinkageError as problem:
            raise CommandError(str(problem), returncode=2) from problem
        except OSError as problem:
            raise CommandError(f"{problem.filename}: {problem.strerror}", returncode=2) from problem
        self.stdout.write(text)
