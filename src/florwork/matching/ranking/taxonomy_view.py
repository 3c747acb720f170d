"""The slice of the taxonomy the ranking needs, as plain maps of URIs.

Built from relation tuples, so the Django layer fills it from ``OccupationSkill`` / ``SkillSkill`` /
``Skill.broader`` / ``Occupation.broader`` rows (``values_list`` of URIs), the bench from the ESCO CSV
files, and ``from_taxonomy_data`` from the importer's ``TaxonomyData``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from florwork.matching.ranking.model import BROADER, RELATED
from florwork.matching.taxonomy.data import TaxonomyData


@dataclass
class TaxonomyView:
    # required skill -> {a skill that earns partial credit for it: how ("related" or "broader")}
    skill_neighbours: dict[str, dict[str, str]] = field(default_factory=dict)
    # occupation -> its essential skills (what a past job lets us infer)
    occupation_essential: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # occupation -> broader and narrower occupations (partial experience credit)
    occupation_neighbours: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, *, occupation_skills: Iterable[tuple[str, str, str]] = (),
              skill_skills: Iterable[tuple[str, str, str]] = (), skill_broader: Iterable[tuple[str, str]] = (),
              occupation_broader: Iterable[tuple[str, str]] = ()) -> TaxonomyView:
        """occupation_skills: (occupation, skill, "essential"/"optional"); skill_skills: (skill, related,
        relation); skill_broader / occupation_broader: (narrower, broader)."""
        view = cls()
        essential: dict[str, list[str]] = {}
        for occupation, skill, relation in occupation_skills:
            if relation == "essential":
                essential.setdefault(occupation, []).append(skill)
        view.occupation_essential = {o: tuple(dict.fromkeys(s)) for o, s in essential.items()}
        neighbours = view.skill_neighbours
        # a broader link wins over a related one where both exist (it is the closer relation)
        for a, b, _relation in skill_skills:
            if a != b:
                neighbours.setdefault(a, {}).setdefault(b, RELATED)
                neighbours.setdefault(b, {}).setdefault(a, RELATED)
        for narrower, broader in skill_broader:
            if narrower != broader:
                neighbours.setdefault(narrower, {})[broader] = BROADER
                neighbours.setdefault(broader, {})[narrower] = BROADER
        occupations: dict[str, set[str]] = {}
        for narrower, broader in occupation_broader:
            if narrower != broader:
                occupations.setdefault(narrower, set()).add(broader)
                occupations.setdefault(broader, set()).add(narrower)
        view.occupation_neighbours = {o: frozenset(n) for o, n in occupations.items()}
        return view

    @classmethod
    def from_taxonomy_data(cls, data: TaxonomyData) -> TaxonomyView:
        return cls.build(
            occupation_skills=((link.source, link.target, link.relation) for link in data.occupation_skills),
            skill_skills=((link.source, link.target, link.relation) for link in data.skill_skills),
            skill_broader=((link.source, link.target) for link in data.skill_broader),
            occupation_broader=((link.source, link.target) for link in data.occupation_broader))
