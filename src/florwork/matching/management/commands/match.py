"""``florwork match rank``: batch candidate–vacancy matching from JSONL files (a stable contract).

    florwork match rank --vacancies V.jsonl --candidates C.jsonl --top K [--out R.jsonl] [--json]
                        [--esco-dir DIR]

Writes one JSON line per candidate (to --out, else stdout; with --json and no --out, stdout gets one JSON
document: the summary with a "results" list): its top K vacancies, each with score and
explanation. The taxonomy is the one in the database, or the official ESCO CSV files in DIR (zips or
extracted CSVs) when --esco-dir is given. Comuni (ISTAT code or name) give the commute points.

Exit status: 0 on success (unknown ESCO URIs are warnings on stderr, with file and line); 2 with a
one-line reason on bad input: a malformed JSON line, a required field missing, no taxonomy, an unreadable
ESCO folder, or nothing usable (no vacancy or no candidate, or every URI unknown).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from florwork.matching.management.commands.taxonomy import ProgressBar
from florwork.matching.ranking import TaxonomyView, Weights, batch
from florwork.matching.taxonomy import esco

WARNINGS_SHOWN = 50
PROVINCE_SUFFIX = re.compile(r"^(?P<name>.+?)\s*\((?P<province>[A-Za-z]{2})\)$")  # "Vinci (FI)"


def _taxonomy_from_files(folder: Path) -> tuple[TaxonomyView, batch.Known]:
    if not folder.is_dir():
        raise CommandError(f"--esco-dir {folder}: not a folder", returncode=2)
    sources = [folder, *sorted(folder.glob("*.zip"))]
    try:
        data = esco.read(sources)
    except esco.EscoError as problem:
        raise CommandError(f"--esco-dir {folder}: {problem}", returncode=2) from problem
    esco.drop_unknown(data, set(), set())
    known = batch.Known(frozenset(data.occupations), frozenset(data.skills))
    if not data.occupation_skills and not data.skill_skills:
        raise CommandError(f"--esco-dir {folder}: no ESCO relations files (occupationSkillRelations.csv, "
                           f"skillSkillRelations.csv) found", returncode=2)
    return TaxonomyView.from_taxonomy_data(data), known


def _taxonomy_from_database() -> tuple[TaxonomyView, batch.Known]:
    from florwork.matching.models import Occupation, OccupationSkill, Skill, SkillSkill

    occupations = frozenset(Occupation.objects.values_list("uri", flat=True))
    if not occupations:
        raise CommandError("no taxonomy in the database: run 'florwork taxonomy load-bundled' or "
                           "'florwork taxonomy import-esco', or pass --esco-dir DIR", returncode=2)
    view = TaxonomyView.build(
        occupation_skills=OccupationSkill.objects.values_list("occupation__uri", "skill__uri", "relation"),
        skill_skills=SkillSkill.objects.values_list("skill__uri", "related__uri", "relation"),
        skill_broader=Skill.objects.filter(broader__isnull=False).values_list("uri", "broader__uri"),
        occupation_broader=Occupation.objects.filter(broader__isnull=False).values_list("uri", "broader__uri"))
    return view, batch.Known(occupations, frozenset(Skill.objects.values_list("uri", flat=True)))


def _places():
    """ISTAT code or name (any case, accents ignored; "Name (PR)" picks the province) -> (lat, lon)."""
    from florwork.territory.models import Comune
    from florwork.territory.sources import normalize_name, read_comuni

    rows = [(c.istat_code, c.name, c.province_code, c.latitude, c.longitude)
            for c in Comune.objects.filter(latitude__isnull=False)]
    if not rows:  # territory not loaded: the packaged ISTAT and GeoNames data
        rows = [(r.istat_code, r.name, r.province_code, r.latitude, r.longitude) for r in read_comuni()
                if r.latitude is not None]
    by_code: dict[str, tuple[float, float]] = {}
    by_name: dict[tuple[str, str], tuple[float, float]] = {}
    for code, name, province, lat, lon in rows:
        point = (float(lat), float(lon))
        by_code[code] = point
        by_name[(normalize_name(name), province.upper())] = point
        by_name.setdefault((normalize_name(name), ""), point)

    def place(value: str) -> tuple[float, float] | None:
        value = value.strip()
        if value.isdigit():
            return by_code.get(value.zfill(6))
        named = PROVINCE_SUFFIX.match(value)
        if named:
            return by_name.get((normalize_name(named["name"]), named["province"].upper()))
        return by_name.get((normalize_name(value), ""))

    return place


def _read(path: Path, kind: str, known, place, report) -> list:
    try:
        with path.open(encoding="utf-8") as handle:
            return batch.load(handle, str(path), kind, known, place, report)
    except OSError as problem:
        raise CommandError(f"{path}: {problem.strerror}", returncode=2) from problem
    except UnicodeDecodeError as problem:
        raise CommandError(f"{path}: not UTF-8 text", returncode=2) from problem
    except batch.BadLine as problem:
        raise CommandError(str(problem), returncode=2) from problem


def _usable(vacancies, candidates, report) -> None:
    if not vacancies or not candidates:
        which = "vacancies" if not vacancies else "candidates"
        raise CommandError(f"nothing usable: no {which} in the file", returncode=2)
    informative = any(v.occupation_uri or v.essential_skills or v.optional_skills for v in vacancies)
    if report.unknown_uris and not informative:
        raise CommandError(f"nothing usable: every vacancy's ESCO URIs are unknown ({len(report.unknown_uris)} "
                           f"unknown; first {report.warnings[0]})", returncode=2)


class Command(BaseCommand):
    help = ("Batch matching: 'rank' writes, per candidate of a JSONL file, the top K vacancies of another with "
            "score and explanation. Exit 0 on success (unknown ESCO URIs are warnings), 2 on bad input.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        rank = actions.add_parser("rank", help="top K vacancies per candidate, from JSONL files")
        rank.add_argument("--vacancies", type=Path, required=True, metavar="V.jsonl",
                          help="one vacancy per line: id, occupation, essential_skills, optional_skills "
                               "[, comune, hours, requirements]")
        rank.add_argument("--candidates", type=Path, required=True, metavar="C.jsonl",
                          help="one candidate per line: id, skills, occupations [, comune, max_commute_min, hours]")
        rank.add_argument("--top", type=int, required=True, metavar="K", help="vacancies kept per candidate")
        rank.add_argument("--out", type=Path, metavar="R.jsonl", help="write the results here (default: stdout)")
        rank.add_argument("--json", action="store_true",
                          help="print a summary as JSON (vacancies, candidates, seconds, unknown URIs)")
        rank.add_argument("--esco-dir", type=Path, metavar="DIR",
                          help="use the ESCO CSV files in DIR (zips or CSVs) instead of the database's taxonomy")

    def handle(self, *args, action: str, **options):
        started = time.monotonic()
        if options["top"] < 1:
            raise CommandError("--top must be at least 1", returncode=2)
        progress = ProgressBar(sys.stderr, enabled=options.get("verbosity", 1) > 0)
        view, known = (_taxonomy_from_files(options["esco_dir"]) if options["esco_dir"]
                       else _taxonomy_from_database())
        place = _places()
        report = batch.Report()
        vacancies = _read(options["vacancies"], "vacancy", known, place, report)
        candidates = _read(options["candidates"], "candidate", known, place, report)
        _usable(vacancies, candidates, report)
        self._warn(report)
        index = batch.build_index(candidates, view, Weights())
        rows = batch.results(index, vacancies, options["top"], progress)
        collected: list[dict] = []
        if options["json"] and not options["out"]:  # one JSON document on stdout: the summary and the results
            collected = list(rows)
            written = len(collected)
        else:
            written = self._write(rows, options["out"])
        summary = {"vacancies": len(vacancies), "candidates": len(candidates), "results": written,
                   "top": options["top"], "seconds": round(time.monotonic() - started, 3),
                   "unknown_uris": len(report.unknown_uris), "unknown": report.unknown_uris[:200],
                   "warnings": len(report.warnings),
                   "taxonomy": str(options["esco_dir"]) if options["esco_dir"] else "database"}
        if options["json"]:
            if not options["out"]:
                summary["results"] = collected
            self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _warn(self, report: batch.Report) -> None:
        for line in report.warnings[:WARNINGS_SHOWN]:
            sys.stderr.write(f"warning: {line}\n")
        if len(report.warnings) > WARNINGS_SHOWN:
            sys.stderr.write(f"warning: … and {len(report.warnings) - WARNINGS_SHOWN} more (see --json)\n")

    def _write(self, rows, out: Path | None) -> int:
        count = 0
        handle = out.open("w", encoding="utf-8") if out else None
        try:
            for row in rows:
                line = json.dumps(row, ensure_ascii=False)
                if handle:
                    handle.write(line + "\n")
                else:
                    self.stdout.write(line)
                count += 1
        except OSError as problem:
            raise CommandError(f"{out}: {problem.strerror}", returncode=2) from problem
        finally:
            if handle:
                handle.close()
        return count
