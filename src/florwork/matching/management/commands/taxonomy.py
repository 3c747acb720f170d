"""``florwork taxonomy import-esco|load-bundled|search``: the occupation/skill taxonomy from the command line.

import-esco reads the official ESCO CSV download (zips as distributed, extracted folders or CSV files,
any language; several languages merge by URI) in one transaction. Exit status: 0 when the import is
stored, even if some rows were skipped (each is reported with its file and line: malformed URIs,
relations to unknown URIs); 2 with a one-line reason when a file cannot be read (not a zip/CSV, not
UTF-8, a required column missing, no language in a concept file's name) or nothing in it is loadable
(e.g. only relations, all naming URIs known nowhere) — then nothing is written.
"""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from florwork.accounts.policy import SYSTEM
from florwork.matching import selectors, services
from florwork.matching.taxonomy import bundled, esco

PROBLEMS_SHOWN = 20


class ProgressBar:
    """One line per step on stderr, redrawn in place on a terminal."""

    def __init__(self, stream, enabled: bool = True):
        self.stream, self.enabled = stream, enabled
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        done = min(done, total)
        width = 30
        filled = width * done // total
        line = f"{step:<22} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done == total else ""))
        elif done == total:
            self.stream.write(line + "\n")
        self.stream.flush()


def _summary(release, seconds: float) -> dict:
    counts = release.counts
    return {"release": release.pk, "source": release.source, "version": release.version,
            "languages": release.languages, "files": release.files, "read": counts["read"],
            "labels": counts["labels_read"], "created": counts["created"], "updated": counts["updated"],
            "problems": counts["problems"], "problem_lines": release.problems, "seconds": round(seconds, 2)}


def _text(summary: dict) -> str:
    read = summary["read"]
    lines = [f"imported {summary['source']} {summary['version']} ({', '.join(summary['languages'])}) in "
             f"{summary['seconds']} s: {read['occupations']} occupations, {read['skills']} skills, "
             f"{read['occupation_skills']} occupation-skill and {read['skill_skills']} skill-skill relations",
             "labels: " + "; ".join(f"{kind} " + ", ".join(f"{lang} {n}" for lang, n in per.items())
                                    for kind, per in summary["labels"].items())]
    if summary["problems"]:
        lines.append(f"{summary['problems']} rows skipped:")
        lines += [f"  {problem}" for problem in summary["problem_lines"][:PROBLEMS_SHOWN]]
        if summary["problems"] > PROBLEMS_SHOWN:
            lines.append(f"  … and {summary['problems'] - PROBLEMS_SHOWN} more (see --json)")
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Occupation/skill taxonomy (ESCO): 'import-esco' the official CSV download, 'load-bundled' the "
            "taxonomy shipped with Florwork, 'search' free text. import-esco exits 0 when stored (skipped rows "
            "are listed with file:line), 2 when a file cannot be read or nothing is loadable (nothing written).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        imp = actions.add_parser("import-esco", help="import ESCO CSV downloads (zips, folders or CSV files)")
        imp.add_argument("paths", nargs="+", metavar="ZIP", help="ESCO zip, extracted folder or CSV file")
        imp.add_argument("--version", dest="esco_version", default="",
                         help="ESCO version recorded with the import (e.g. 1.1.1)")
        imp.add_argument("--json", action="store_true", help="print the summary as JSON")
        bun = actions.add_parser("load-bundled", help="load (refresh) the taxonomy shipped with Florwork")
        bun.add_argument("--json", action="store_true", help="print the summary as JSON")
        find = actions.add_parser("search", help="occupations and skills for a job title or a CV line")
        find.add_argument("text")
        find.add_argument("--limit", type=int, default=5)
        find.add_argument("--lexical", action="store_true", help="do not re-rank with embeddings")
        find.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args, action: str, **options):
        started = time.monotonic()
        progress = ProgressBar(sys.stderr, enabled=options.get("verbosity", 1) > 0)
        if action == "search":
            self.stdout.write(self._search(options))
            return
        try:
            if action == "import-esco":
                data = esco.read(options["paths"])
                if not (data.occupations or data.skills or data.occupation_skills or data.skill_skills):
                    raise esco.EscoError("nothing to import: the files hold no occupation, skill or relation")
                release = services.taxonomy_import(data=data, source="esco", version=options["esco_version"],
                                                   by=SYSTEM, progress=progress)
            else:
                release = services.taxonomy_load_bundled(by=SYSTEM, progress=progress)
        except (esco.EscoError, bundled.BundleError, services.NothingToImport) as problem:
            raise CommandError(str(problem), returncode=2) from problem
        except OSError as problem:
            raise CommandError(f"{problem.filename}: {problem.strerror}", returncode=2) from problem
        summary = _summary(release, time.monotonic() - started)
        self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False) if options["json"] else _text(summary))

    def _search(self, options) -> str:
        result = selectors.taxonomy_search(actor=SYSTEM, text=options["text"], limit=options["limit"],
                                           semantic=not options["lexical"])
        rows = {kind: [{"uri": hit.uri, "label": row.label, "score": hit.score, "matched_label": hit.label,
                        "language": hit.language, "kind": hit.kind, "semantic": hit.semantic} for hit, row in pairs]
                for kind, pairs in (("occupations", result.occupations), ("skills", result.skills))}
        if options["json"]:
            return json.dumps({"query": result.query, "semantic": result.semantic, **rows}, indent=2,
                              ensure_ascii=False)
        lines = []
        for kind, items in rows.items():
            lines.append(f"{kind}:")
            lines += [f"  {r['score']:.2f}  {r['label']}  ({r['kind']} {r['language']}: {r['matched_label']})  "
                      f"{r['uri']}" for r in items] or ["  (none)"]
        return "\n".join(lines)
