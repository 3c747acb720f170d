"""What the ranking core takes and returns: plain, validated dataclasses (no Django).

The Django layer builds a ``CandidateProfile`` from the person, the case, the assessment and the
consents, and a ``Vacancy`` from the employer's vacancy; the core never sees a name or a codice fiscale,
only a pseudonymous id. Explanations are codes with parameters, translated by the layer that shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SOURCES = ("declared", "assessed", "inferred")
# CEFR levels in order; "native" (mother tongue) above C2, "none" below A1
CEFR_RANK = {"none": 0, "A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
FULL_TIME_WEEKLY_HOURS = 40.0  # D.Lgs. 66/2003 art. 3: normal working time 40 hours a week
MAX_WEEKLY_HOURS = 48.0  # D.Lgs. 66/2003 art. 4: average maximum including overtime

# hard constraints, in the order they are reported
CONSENT, CASE_STATE, LICENCE, LEGAL, HOURS, COMMUTE, ACCESSIBILITY = (
    "consent", "case_state", "licence", "legal", "hours", "commute", "accessibility")
CONSTRAINTS = (CONSENT, CASE_STATE, LICENCE, LEGAL, HOURS, COMMUTE, ACCESSIBILITY)
# parts of the score
ESSENTIAL, OPTIONAL, EXPERIENCE, EDUCATION, LANGUAGE, READINESS = (
    "essential", "optional", "experience", "education", "language", "readiness")
PARTS = (ESSENTIAL, OPTIONAL, EXPERIENCE, EDUCATION, LANGUAGE, READINESS)
# how a required skill was matched
EXACT, RELATED, BROADER, INFERRED = "exact", "related", "broader", "inferred"


class ProfileError(ValueError):
    """Bad input: the message names the record, the field and the reason."""


def hours_range(preference: str) -> tuple[float, float]:
    """Weekly hours a person accepts, from the person's preference (people.choices.HoursPreference)."""
    ranges = {"full_time": (FULL_TIME_WEEKLY_HOURS * 0.75, MAX_WEEKLY_HOURS),
              "part_time": (0.0, FULL_TIME_WEEKLY_HOURS * 0.75), "any": (0.0, MAX_WEEKLY_HOURS)}
    if preference not in ranges:
        raise ProfileError(f"hours preference {preference!r} is not one of {', '.join(ranges)}")
    return ranges[preference]


def _check_languages(where: str, languages: Mapping[str, str]) -> None:
    for language, level in languages.items():
        if level not in CEFR_RANK:
            raise ProfileError(f"{where}: languages[{language!r}] = {level!r} is not a CEFR level "
                               f"({', '.join(CEFR_RANK)})")


def _check_isced(where: str, name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= 8:
        raise ProfileError(f"{where}: {name} must be an ISCED level 0–8, got {value}")


@dataclass(frozen=True)
class SkillClaim:
    """A skill the person has: declared by them, assessed by an operator, or inferred from a past job.
    ``level`` is the proficiency 0–1 when known (scales the credit)."""

    uri: str
    source: str = "declared"
    level: float | None = None


@dataclass(frozen=True)
class Experience:
    occupation_uri: str
    months: float


@dataclass(frozen=True)
class CandidateProfile:
    id: str  # pseudonymous
    skills: tuple[SkillClaim, ...] = ()
    experience: tuple[Experience, ...] = ()
    isced_level: int | None = None
    languages: Mapping[str, str] = field(default_factory=dict)  # ISO 639-1 -> CEFR level or "native"
    licences: frozenset[str] = frozenset()
    legal_status: frozenset[str] = frozenset()  # e.g. "law68_enrolled" (L. 68/1999 art. 8)
    hours_min: float = 0.0
    hours_max: float = MAX_WEEKLY_HOURS
    home: tuple[float, float] | None = None  # lat, lon of the home comune
    max_commute_min: float | None = None
    accessibility_needs: frozenset[str] = frozenset()
    pathway: int | None = None  # 1 job-ready, 2 upskilling, 3 reskilling, 4 work and inclusion
    readiness: float | None = None  # 0–1, from the latest assessment
    consent_to_present: bool = False
    case_state: str = ""

    def __post_init__(self) -> None:
        where = f"candidate {self.id!r}"
        if not self.id:
            raise ProfileError("candidate: id is empty")
        for claim in self.skills:
            if claim.source not in SOURCES:
                raise ProfileError(f"{where}: skill {claim.uri} has source {claim.source!r}, "
                                   f"expected one of {', '.join(SOURCES)}")
            if claim.level is not None and not 0 <= claim.level <= 1:
                raise ProfileError(f"{where}: skill {claim.uri} level must be 0–1, got {claim.level}")
        for item in self.experience:
            if item.months < 0:
                raise ProfileError(f"{where}: experience in {item.occupation_uri} has negative months")
        _check_isced(where, "isced_level", self.isced_level)
        _check_languages(where, self.languages)
        if not 0 <= self.hours_min <= self.hours_max:
            raise ProfileError(f"{where}: hours_min {self.hours_min} must be 0 ≤ hours_min ≤ hours_max "
                               f"{self.hours_max}")
        if self.max_commute_min is not None and self.max_commute_min < 0:
            raise ProfileError(f"{where}: max_commute_min must not be negative")
        if self.pathway is not None and self.pathway not in (1, 2, 3, 4):
            raise ProfileError(f"{where}: pathway must be 1–4, got {self.pathway}")
        if self.readiness is not None and not 0 <= self.readiness <= 1:
            raise ProfileError(f"{where}: readiness must be 0–1, got {self.readiness}")


@dataclass(frozen=True)
class Vacancy:
    id: str
    occupation_uri: str | None = None
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()
    required_licences: frozenset[str] = frozenset()
    min_isced: int | None = None
    languages: Mapping[str, str] = field(default_factory=dict)  # required language -> minimum CEFR level
    weekly_hours: float | None = None
    site: tuple[float, float] | None = None
    accessibility_offered: frozenset[str] = frozenset()
    # e.g. "law68_enrolled": a post reserved to people enrolled in collocamento mirato (L. 68/1999 art. 7)
    legal_requirements: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        where = f"vacancy {self.id!r}"
        if not self.id:
            raise ProfileError("vacancy: id is empty")
        _check_isced(where, "min_isced", self.min_isced)
        _check_languages(where, self.languages)
        if self.weekly_hours is not None and not 0 < self.weekly_hours <= MAX_WEEKLY_HOURS:
            raise ProfileError(f"{where}: weekly_hours must be in (0, {MAX_WEEKLY_HOURS:g}], got {self.weekly_hours}")

    @property
    def optional_only(self) -> tuple[str, ...]:
        """Optional skills that are not also essential, in order, without repeats."""
        essential = set(self.essential_skills)
        return tuple(dict.fromkeys(s for s in self.optional_skills if s not in essential))

    @property
    def essential_unique(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.essential_skills))


@dataclass(frozen=True)
class Note:
    """An explanation item: a code and its parameters (the Django layer translates it)."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SkillMatch:
    uri: str  # the vacancy's skill
    how: str  # exact / related / broader / inferred
    via: str  # the candidate's skill that gave the credit
    credit: float  # 0–1


@dataclass(frozen=True)
class Ranked:
    candidate_id: str
    vacancy_id: str
    score: float  # 0–100, the sum of ``parts``
    passed: bool
    failed_constraints: tuple[str, ...]
    constraints_passed: tuple[str, ...]
    parts: Mapping[str, float]  # part -> points it contributes
    matched_skills: tuple[SkillMatch, ...]
    missing_essential: tuple[str, ...]
    notes: tuple[Note, ...]
