"""Reader of the bundled taxonomy file (``data/taxonomy_bundled.json``, built by scripts/taxonomy/build_bundled.py).

The file holds the occupations most relevant to the hub's population with their real ESCO URIs, ESCO's
English labels and the project's Italian labels, their skills, and the relations among them. Relations
name concepts by the last part of their URI; the file's prefixes complete it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from florwork.matching.taxonomy.data import Concept, Link, TaxonomyData

BUNDLED_PATH = Path(__file__).resolve().parent.parent / "data" / "taxonomy_bundled.json"
FORMAT = "florwork-taxonomy/1"


class BundleError(Exception):
    pass


def _concept(entry: dict[str, Any]) -> Concept:
    return Concept(
        uri=entry["uri"], code=entry.get("code", ""), isco_group=entry.get("isco_group", ""),
        skill_type=entry.get("skill_type", ""), reuse_level=entry.get("reuse_level", ""),
        preferred=dict(entry.get("preferred", {})),
        alternative={k: list(v) for k, v in entry.get("alternative", {}).items() if v},
        description={k: v for k, v in entry.get("description", {}).items() if v},
        our_languages=list(entry.get("our_languages", [])),
    )


def read(path: Path = BUNDLED_PATH) -> tuple[TaxonomyData, str]:
    """The bundled taxonomy and its version."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        raise BundleError(f"{path.name}: {problem}") from problem
    if raw.get("format") != FORMAT:
        raise BundleError(f"{path.name}: not a {FORMAT} file")
    occupation_prefix, skill_prefix = raw["occupation_uri_prefix"], raw["skill_uri_prefix"]
    data = TaxonomyData(files=[path.name])
    for entry in raw["occupations"]:
        concept = _concept(entry)
        data.add_occupation(concept)
        for relation in ("essential", "optional"):
            data.occupation_skills += [Link(concept.uri, skill_prefix + short, relation, f"{path.name}")
                                       for short in entry.get(relation, [])]
    for entry in raw["skills"]:
        data.add_skill(_concept(entry))
    data.skill_skills = [Link(skill_prefix + a, skill_prefix + b, r, path.name) for a, b, r in raw["skill_skills"]]
    data.occupation_broader = [Link(occupation_prefix + a, occupation_prefix + b, "", path.name)
                               for a, b in raw["occupation_broader"]]
    data.skill_broader = [Link(skill_prefix + a, skill_prefix + b, "", path.name) for a, b in raw["skill_broader"]]
    data.languages = {lang for c in [*data.occupations.values(), *data.skills.values()] for lang in c.preferred}
    return data, str(raw.get("version", ""))
