"""The taxonomy as plain data, whatever its source (ESCO CSV download, the bundled file)."""

from __future__ import annotations

from dataclasses import dataclass, field

ESCO_URI_PREFIX = "http://data.europa.eu/esco/"
OCCUPATION_URI_PREFIX = ESCO_URI_PREFIX + "occupation/"
SKILL_URI_PREFIX = ESCO_URI_PREFIX + "skill/"
PROBLEMS_KEPT = 200  # problems listed one by one; the total is always counted


@dataclass
class Concept:
    """An occupation or a skill with its labels by language (merged across files by URI)."""

    uri: str
    code: str = ""  # occupations: ESCO code (e.g. 9112.1); skills: unused
    isco_group: str = ""
    skill_type: str = ""  # "skill" or "knowledge"
    reuse_level: str = ""
    preferred: dict[str, str] = field(default_factory=dict)
    alternative: dict[str, list[str]] = field(default_factory=dict)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    our_languages: list[str] = field(default_factory=list)

    def merge(self, other: Concept) -> None:
        for name in ("code", "isco_group", "skill_type", "reuse_level"):
            if getattr(other, name):
                setattr(self, name, getattr(other, name))
        self.preferred.update(other.preferred)
        self.alternative.update(other.alternative)
        self.hidden.update(other.hidden)
        self.description.update(other.description)
        self.our_languages = sorted(set(self.our_languages) | set(other.our_languages))


@dataclass(frozen=True)
class Link:
    """A relation between two concepts; ``where`` is "file:line" for reports."""

    source: str
    target: str
    relation: str = ""  # essential/optional; empty for broader
    where: str = ""


@dataclass
class TaxonomyData:
    occupations: dict[str, Concept] = field(default_factory=dict)
    skills: dict[str, Concept] = field(default_factory=dict)
    occupation_skills: list[Link] = field(default_factory=list)
    skill_skills: list[Link] = field(default_factory=list)
    occupation_broader: list[Link] = field(default_factory=list)  # source narrower, target broader
    skill_broader: list[Link] = field(default_factory=list)
    languages: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    rows_by_file: dict[str, int] = field(default_factory=dict)

    def problem(self, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(message)

    def add_occupation(self, concept: Concept) -> None:
        _add(self.occupations, concept)

    def add_skill(self, concept: Concept) -> None:
        _add(self.skills, concept)

    def counts(self) -> dict[str, int]:
        return {"occupations": len(self.occupations), "skills": len(self.skills),
                "occupation_skills": len(self.occupation_skills), "skill_skills": len(self.skill_skills),
                "occupation_broader": len(self.occupation_broader), "skill_broader": len(self.skill_broader)}

    def label_counts(self) -> dict[str, dict[str, int]]:
        """Labels per language (preferred + synonyms + hidden) of occupations and skills."""
        out: dict[str, dict[str, int]] = {}
        for kind, concepts in (("occupations", self.occupations), ("skills", self.skills)):
            per: dict[str, int] = {}
            for concept in concepts.values():
                for language in concept.preferred:
                    per[language] = per.get(language, 0) + 1
                for labels in (concept.alternative, concept.hidden):
                    for language, texts in labels.items():
                        per[language] = per.get(language, 0) + len(texts)
            out[kind] = dict(sorted(per.items()))
        return out


def _add(concepts: dict[str, Concept], concept: Concept) -> None:
    if concept.uri in concepts:
        concepts[concept.uri].merge(concept)
    else:
        concepts[concept.uri] = concept


def well_formed(uri: str, prefix: str = ESCO_URI_PREFIX) -> bool:
    """An ESCO URI of the expected kind: the prefix then a non-empty id without spaces."""
    rest = uri[len(prefix):] if uri.startswith(prefix) else ""
    return bool(rest) and not any(ch.isspace() for ch in rest)
