"""The ranking's explanation codes as sentences a person reads (Italian or English).

The core returns codes (constraint names, parts, how a skill matched, notes with parameters); this module
turns a ``Ranked`` into an ``Explanation`` with translated labels and the skills' names, looking all the
skills of a page up in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from florwork.matching.models import Skill
from florwork.matching.ranking import Ranked
from florwork.matching.ranking.model import PARTS

CONSTRAINT_LABELS = {
    "consent": gettext_lazy("consent to be presented to employers"),
    "case_state": gettext_lazy("case in a state fit for matching"),
    "licence": gettext_lazy("driving licence required"),
    "legal": gettext_lazy("enrolment in collocamento mirato (L. 68/1999)"),
    "hours": gettext_lazy("weekly hours within the person's preference"),
    "commute": gettext_lazy("commute within the person's limit"),
    "accessibility": gettext_lazy("workplace accessible for the person's needs"),
}
# constraints the company side is not shown (they would reveal health data, GDPR art. 9)
SPECIAL_CONSTRAINTS = frozenset({"accessibility"})
PART_LABELS = {
    "essential": gettext_lazy("Essential skills"),
    "optional": gettext_lazy("Optional skills"),
    "experience": gettext_lazy("Experience in the occupation"),
    "education": gettext_lazy("Education"),
    "language": gettext_lazy("Italian"),
    "readiness": gettext_lazy("Readiness (pathway and assessment)"),
}
HOW_LABELS = {
    "exact": gettext_lazy("has it"),
    "inferred": gettext_lazy("inferred from past work"),
    "related": gettext_lazy("through a related skill"),
    "broader": gettext_lazy("through a broader or narrower skill"),
}


def note_text(code: str, params) -> str:
    if code == "commute_minutes" and not params.get("minutes"):
        return _("Lives in the comune of the workplace.")
    if code == "commute_minutes":
        return _("About %(minutes)s minutes from home to the workplace (limit %(limit)s).") % {
            "minutes": params.get("minutes"), "limit": params.get("limit")}
    texts = {
        "commute_not_checked": _("Commute not checked: the home or the workplace has no location."),
        "no_essential_skills": _("The vacancy lists no essential skills: ranked on occupation, experience and the "
                                 "other parts."),
        "no_optional_skills": "",
        "education_unknown": _("Education not recorded."),
        "readiness_unknown": _("No finalized assessment yet: readiness counted as average."),
        "no_applicable_parts": _("Nothing to score on: every part's weight is zero."),
        "part_not_applicable": "",
    }
    return texts.get(code, code)


@dataclass
class SkillLine:
    label: str
    how: str
    how_code: str
    via: str  # the person's skill that gave the credit, when it is not the same
    credit: int  # percent


@dataclass
class PartLine:
    code: str
    label: str
    points: float
    max_points: float

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


@dataclass
class Explanation:
    matched: list[SkillLine] = field(default_factory=list)
    missing_essential: list[str] = field(default_factory=list)
    constraints_passed: list[str] = field(default_factory=list)
    constraints_failed: list[str] = field(default_factory=list)
    parts: list[PartLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"matched_skills": [{"label": s.label, "how": s.how, "how_code": s.how_code, "via": s.via,
                                    "credit": s.credit} for s in self.matched],
                "missing_essential": self.missing_essential, "constraints_passed": self.constraints_passed,
                "constraints_failed": self.constraints_failed,
                "parts": [{"code": p.code, "label": p.label, "points": round(p.points, 1),
                           "max_points": round(p.max_points, 1)} for p in self.parts],
                "notes": self.notes}


def skill_labels(results: Iterable[Ranked]) -> dict[str, str]:
    uris: set[str] = set()
    for ranked in results:
        uris.update(m.uri for m in ranked.matched_skills)
        uris.update(m.via for m in ranked.matched_skills)
        uris.update(ranked.missing_essential)
    return {s.uri: s.label for s in Skill.objects.filter(uri__in=uris).only("uri", "preferred")}


def max_points(ranked: Ranked, part_weights: dict[str, float]) -> dict[str, float]:
    """What each applicable part would give a perfect candidate (the scale of its points)."""
    total = sum(part_weights[p] for p in ranked.parts)
    return {p: (100.0 * part_weights[p] / total if total else 0.0) for p in ranked.parts}


def explain(ranked: Ranked, labels: dict[str, str], part_weights: dict[str, float], *,
            show_special: bool) -> Explanation:
    out = Explanation()
    for match in ranked.matched_skills:
        out.matched.append(SkillLine(
            label=labels.get(match.uri, match.uri), how=str(HOW_LABELS.get(match.how, match.how)), how_code=match.how,
            via=labels.get(match.via, match.via) if match.via != match.uri else "", credit=round(100 * match.credit)))
    out.missing_essential = [labels.get(uri, uri) for uri in ranked.missing_essential]
    for code in ranked.constraints_passed:
        if code in SPECIAL_CONSTRAINTS and not show_special:
            continue
        out.constraints_passed.append(str(CONSTRAINT_LABELS.get(code, code)))
    for code in ranked.failed_constraints:
        if code in SPECIAL_CONSTRAINTS and not show_special:
            continue
        out.constraints_failed.append(str(CONSTRAINT_LABELS.get(code, code)))
    scale = max_points(ranked, part_weights)
    for part in PARTS:
        if part in ranked.parts:
            out.parts.append(PartLine(part, str(PART_LABELS[part]), ranked.parts[part], scale[part]))
    for note in ranked.notes:
        text = note_text(note.code, note.params)
        if text:
            out.notes.append(text)
    return out
