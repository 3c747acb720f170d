"""Build the bundled taxonomy (src/florwork/matching/data/taxonomy_bundled.json) from the English ESCO 1.1.1
download and our Italian labels (occupations_it.py, skills_it.py beside this script).

    .venv/bin/python scripts/taxonomy/build_bundled.py [--esco-dir ../shared/data/esco-1.1.1] [--top-skills 150]

Every URI comes from the ESCO files (occupations matched by their exact English preferred label); a label
that is not found stops the build. With --top-skills N it lists the N skills most used by the bundled
occupations that still lack an Italian label (to extend skills_it.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

from occupations_it import OCCUPATIONS  # noqa: E402
from skills_it import SKILLS  # noqa: E402

from florwork.matching.taxonomy import esco  # noqa: E402

OUT = ROOT / "src/florwork/matching/data/taxonomy_bundled.json"
ESCO_VERSION = "1.1.1"


def _short(uri: str) -> str:
    return uri.rsplit("/", 1)[1]


def _occupation(concept, italian: list[str], links: list, kept: set[str]) -> dict:
    mine = sorted((link.relation, _short(link.target)) for link in links
                  if link.source == concept.uri and link.target in kept)
    return {"uri": concept.uri, "code": concept.code, "isco_group": concept.isco_group,
            "preferred": {"en": concept.preferred["en"], "it": italian[0]},
            "alternative": {"en": concept.alternative.get("en", []), "it": italian[1:]},
            "description": {"en": concept.description.get("en", "")}, "our_languages": ["it"],
            "essential": [s for r, s in mine if r == "essential"], "optional": [s for r, s in mine if r == "optional"]}


def _skill(concept, italian: list[str] | None) -> dict:
    out = {"uri": concept.uri, "skill_type": concept.skill_type, "reuse_level": concept.reuse_level,
           "preferred": {"en": concept.preferred["en"]},
           "alternative": {"en": concept.alternative.get("en", [])[:2]}, "our_languages": []}
    if italian:
        out["preferred"]["it"] = italian[0]
        out["alternative"]["it"] = italian[1:]
        out["our_languages"] = ["it"]
    return out


def build(esco_dir: Path, top_skills: int) -> dict:
    data = esco.read([esco_dir / "esco-1.1.1-classification-en-csv.zip", esco_dir / "esco-1.1.1-relations-csv.zip"])
    by_label = {c.preferred.get("en"): c for c in data.occupations.values()}
    missing = [label for label in OCCUPATIONS if label not in by_label]
    if missing:
        raise SystemExit(f"not an ESCO 1.1.1 occupation preferred label: {missing}")
    chosen = {by_label[label].uri: (by_label[label], italian) for label, italian in OCCUPATIONS.items()}
    links = [link for link in data.occupation_skills if link.source in chosen]
    skill_uris = sorted({link.target for link in links if link.target in data.skills})
    skills_by_label = {data.skills[uri].preferred["en"]: uri for uri in skill_uris}
    unknown_skills = [label for label in SKILLS if label not in skills_by_label]
    if unknown_skills:
        raise SystemExit(f"skills_it.py names skills the bundled occupations do not use: {unknown_skills}")
    usage = Counter(link.target for link in links)
    if top_skills:
        lacking = [(n, data.skills[u].preferred["en"]) for u, n in usage.most_common() if
                   data.skills[u].preferred["en"] not in SKILLS][:top_skills]
        for n, label in lacking:
            print(f"{n:3d}  {label}")
    kept = set(skill_uris)
    return {
        "format": "florwork-taxonomy/1",
        "source": f"ESCO {ESCO_VERSION} (European Commission, reused with attribution) with Italian labels "
                  "written by the Florwork project",
        "version": f"esco-{ESCO_VERSION}+florwork-it-1",
        # relations name concepts by the last part of their URI (the prefixes below complete it)
        "occupation_uri_prefix": esco.OCCUPATION_URI_PREFIX, "skill_uri_prefix": esco.SKILL_URI_PREFIX,
        "occupations": [_occupation(c, it, links, kept) for c, it in sorted(chosen.values(), key=lambda x: x[0].code)],
        "skills": [_skill(data.skills[u], SKILLS.get(data.skills[u].preferred["en"])) for u in skill_uris],
        "skill_skills": sorted([_short(link.source), _short(link.target), link.relation] for link in data.skill_skills
                               if link.source in kept and link.target in kept),
        "occupation_broader": sorted([_short(link.source), _short(link.target)] for link in data.occupation_broader
                                     if link.source in chosen and link.target in chosen),
        "skill_broader": sorted([_short(link.source), _short(link.target)] for link in data.skill_broader
                                if link.source in kept and link.target in kept),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--esco-dir", type=Path, default=ROOT.parent / "shared/data/esco-1.1.1")
    parser.add_argument("--top-skills", type=int, default=0)
    args = parser.parse_args()
    bundle = build(args.esco_dir, args.top_skills)
    OUT.write_text(json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    italian = sum(1 for s in bundle["skills"] if "it" in s["preferred"])
    print(f"{OUT.relative_to(ROOT)}: {len(bundle['occupations'])} occupations, {len(bundle['skills'])} skills "
          f"({italian} with an Italian label), "
          f"{sum(len(o['essential']) + len(o['optional']) for o in bundle['occupations'])} links, "
          f"{OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
