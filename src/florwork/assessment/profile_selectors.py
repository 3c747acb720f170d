"""Reads of the statistical profile: the training rows built from the hub's closed cases, the models and
trainings for the programme manager, and a person's score for their case manager (policy-checked, audited).

Features come from the intake record (education, Italian, work history, benefits) and the assessment's
dimension scores. Sex, citizenship, disability and age (band) are never features: they are read only into
the audit columns (ADR 0004), and raw age not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from florwork.accounts.policy import Action, Actor, may
from florwork.assessment import profile as core
from florwork.assessment.models import Assessment, AssessmentStatus, Dimension
from florwork.assessment.profile import explain
from florwork.assessment.profile.data import MISSING
from florwork.assessment.profile_models import (
    DEFAULT_MAX_GAP,
    Horizon,
    ProfileGate,
    ProfileModel,
    ProfileStatus,
    ProfileTraining,
)
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.cases.lifecycle import FINAL, State
from florwork.cases.models import Case, CaseEvent, EventKind
from florwork.people.choices import BenefitKind, CefrLevel, IscedLevel
from florwork.people.models import Benefit, Person, PersonSensitive, WorkExperience

OUTCOME = "in_work"
DATE_COLUMN = "intake_date"
DIMENSION_PREFIX = "dim_"
# the intake features, in the order shown; dimension scores follow as dim_<code>
INTAKE_FEATURES = {
    "isced_level": _("Education (ISCED level)"),
    "italian_level": _("Italian (CEFR)"),
    "work_history_months": _("Months of work history"),
    "months_unemployed": _("Months since the last job"),
    "benefit": _("Benefit received"),
    "assessment_overall": _("Assessment: overall score"),
}
PROTECTED = ("sex", "citizenship", "disability", "age_band")
# the main benefit when several run at once: the one that says most about the person's situation
BENEFIT_ORDER = ("adi", "sfl", "naspi", "municipal", "housing", "other")
EU_COUNTRIES = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE LT LU LV MT NL PL PT RO SE SI SK".split())
NO_BENEFIT = "no_benefit"  # not "none": the core reads "none" as a missing cell
INVALIDITY_LAW68 = 46  # L. 68/1999 art. 1: civil invalidity above 45%
TOP_FACTORS = 3


# --- features of one person ----------------------------------------------------------------------

def _months(start: date, end: date) -> float:
    return max((end - start).days, 0) / 30.4375


def intake_features(*, person: Person | dict, benefits: Iterable, work: Iterable, scores: dict,
                    at: date) -> dict[str, str]:
    """The model's inputs for one person as of ``at``, as text cells (what the core reads from a CSV)."""
    get = person.get if isinstance(person, dict) else lambda name: getattr(person, name)
    worked = [(w.start, min(w.end or at, at)) for w in work if w.start <= at]
    running = [b.kind for b in benefits if b.start <= at and (b.end is None or b.end >= at)]
    main = next((kind for kind in BENEFIT_ORDER if kind in running), NO_BENEFIT)
    last_end = max((end for _start, end in worked), default=None)
    row = {
        "isced_level": "" if get("isced_level") is None else str(get("isced_level")),
        "italian_level": get("italian_level") or "",
        "work_history_months": f"{sum(_months(s, e) for s, e in worked):.1f}",
        "months_unemployed": "" if last_end is None else f"{_months(last_end, at):.1f}",
        "benefit": main,
        "assessment_overall": _cell(scores.get("overall")),
    }
    for code, value in (scores.get("dimensions") or {}).items():
        row[DIMENSION_PREFIX + code] = _cell(value)
    return row


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def protected_attributes(*, person: Person | dict, sensitive: PersonSensitive | None, at: date) -> dict[str, str]:
    """The audit columns: never passed to the model as features."""
    get = person.get if isinstance(person, dict) else lambda name: getattr(person, name)
    country = (get("citizenship") or "").upper()
    citizenship = "" if not country else "italian" if country == "IT" else "eu" if country in EU_COUNTRIES \
        else "non_eu"
    disabled = sensitive is not None and (sensitive.law68_enrolled or (sensitive.invalidity_percentage or 0)
                                          >= INVALIDITY_LAW68)
    born = get("birth_date")
    age = at.year - born.year - ((at.month, at.day) < (born.month, born.day))
    return {"sex": get("sex"), "citizenship": citizenship, "disability": "yes" if disabled else "no",
            "age_band": "18-29" if age < 30 else "30-49" if age < 50 else "50+"}


def known_features() -> set[str]:
    """The feature names Florwork can compute for a person, so a model trained on them can score people."""
    codes = Dimension.objects.values_list("code", flat=True).distinct()
    return set(INTAKE_FEATURES) | {DIMENSION_PREFIX + code for code in codes}


def feature_labels() -> dict[str, str]:
    labels = {name: str(label) for name, label in INTAKE_FEATURES.items()}
    for dimension in Dimension.objects.filter(instrument__status="published"):
        labels[DIMENSION_PREFIX + dimension.code] = str(_("Assessment: %(dimension)s") % {
            "dimension": dimension.label})
    return labels


# --- the outcome (issue 7/8: replace with placements and follow-ups) ------------------------------

def add_months(moment: datetime, months: int) -> datetime:
    return moment + timedelta(days=round(months * 30.4375))


# Where work starts are read from: an app above assessment (placements) registers a function that answers,
# for some cases, the date the first tirocinio or employment contract started (AppConfig.ready); assessment
# never imports it. Without one, or for a case it knows no placement of, the lifecycle stands in.
WorkStarts = Callable[[list[int]], dict[int, date]]
WORK_STARTS: list[WorkStarts] = []


def register_work_starts(provider: WorkStarts) -> None:
    if provider not in WORK_STARTS:
        WORK_STARTS.append(provider)


def _placed_by_lifecycle(case_ids: list[int]) -> dict[int, datetime]:
    first_placed: dict[int, datetime] = {}
    events = (CaseEvent.objects.filter(case_id__in=case_ids, kind=EventKind.STATE_CHANGE,
                                       to_state__in=[State.PLACED, State.FOLLOW_UP])
              .order_by("occurred_at").values_list("case_id", "occurred_at"))
    for case_id, at in events:
        first_placed.setdefault(case_id, at)
    return first_placed


def in_work_at_horizon(*, case_ids: list[int], intake: dict[int, datetime], horizon: int) -> dict[int, int]:
    """1 if an employment contract or tirocinio started within ``horizon`` months of intake, else 0.

    The starts come from the registered providers (placements); a case none of them knows a placement of
    (history from before placements were recorded) falls back to the lifecycle: the case reached ``placed``
    (or follow-up) within the horizon. The one place that says what "in work at N months" means."""
    started: dict[int, datetime] = {}
    for provider in WORK_STARTS:
        for case_id, day in provider(case_ids).items():
            moment = timezone.make_aware(datetime.combine(day, time.min))
            if case_id not in started or moment < started[case_id]:
                started[case_id] = moment
    unknown = [case_id for case_id in case_ids if case_id not in started]
    if unknown:
        started.update(_placed_by_lifecycle(unknown))
    return {case_id: int(case_id in started and started[case_id] <= add_months(intake[case_id], horizon))
            for case_id in case_ids}


# --- the training table from the hub's closed cases ----------------------------------------------

def _first_assessments(case_ids: list[int]) -> dict[int, dict]:
    first: dict[int, dict] = {}
    rows = (Assessment.objects.filter(case_id__in=case_ids, status=AssessmentStatus.FINALIZED)
            .order_by("finalized_at", "pk").values("case_id", "scores", "finalized_at"))
    for row in rows:
        first.setdefault(row["case_id"], row)
    return first


def _by_person(model, person_ids: list[int]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in model.objects.filter(person_id__in=person_ids):
        grouped[row.person_id].append(row)
    return grouped


def _finished_cases():
    return Case.objects.filter(state__in=[s.value for s in FINAL], intake_at__isnull=False)


def training_cases_count() -> int:
    finalized = Assessment.objects.filter(case_id=OuterRef("pk"), status=AssessmentStatus.FINALIZED)
    return _finished_cases().filter(Exists(finalized)).count()


def training_cases() -> list[dict]:
    """The closed or dropped cases with an intake date and a finalized assessment: what the hub knows."""
    cases = list(_finished_cases().values("pk", "person_id", "intake_at"))
    assessed = _first_assessments([c["pk"] for c in cases])
    return [{**c, "assessment": assessed[c["pk"]]} for c in cases if c["pk"] in assessed]


def training_table(*, horizon: int, chunk: int = 2000) -> core.Table:
    """The core's table (text columns, like the CLI's CSV) of the hub's closed cases, with the outcome,
    the intake date (the card's period) and the protected attributes (audit only)."""
    cases = training_cases()
    rows: list[dict[str, str]] = []
    for start in range(0, len(cases), chunk):
        part = cases[start:start + chunk]
        person_ids = [c["person_id"] for c in part]
        people = {p["pk"]: p for p in Person.objects.filter(pk__in=person_ids).values(
            "pk", "isced_level", "italian_level", "sex", "citizenship", "birth_date")}
        sensitive = {s.person_id: s for s in PersonSensitive.objects.filter(person_id__in=person_ids)}
        benefits, work = _by_person(Benefit, person_ids), _by_person(WorkExperience, person_ids)
        outcome = in_work_at_horizon(case_ids=[c["pk"] for c in part], intake={c["pk"]: c["intake_at"] for c in part},
                                     horizon=horizon)
        for c in part:
            person, assessed = people[c["person_id"]], c["assessment"]
            at = timezone.localtime(assessed["finalized_at"]).date()
            rows.append({**intake_features(person=person, benefits=benefits[c["person_id"]],
                                           work=work[c["person_id"]], scores=assessed["scores"], at=at),
                         **protected_attributes(person=person, sensitive=sensitive.get(c["person_id"]), at=at),
                         OUTCOME: str(outcome[c["pk"]]),
                         DATE_COLUMN: timezone.localtime(c["intake_at"]).date().isoformat()})
    return as_table(rows, source=f"hub-closed-cases-{horizon}m")


def as_table(rows: list[dict[str, str]], *, source: str) -> core.Table:
    names = sorted({name for row in rows for name in row})
    columns = {name: [row.get(name, "") for row in rows] for name in names}
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(names)
    writer.writerows(zip(*(columns[n] for n in names), strict=True))
    return core.Table(columns=columns, rows=len(rows), sha256=hashlib.sha256(text.getvalue().encode()).hexdigest(),
                      source=source)


def hub_feature_names(table: core.Table) -> list[str]:
    """The features of a hub table: the intake ones and every dimension seen, never an audit column; a
    feature nobody has a value for (e.g. no one ever worked) is left out rather than refused."""
    dimensions = sorted(name for name in table.columns if name.startswith(DIMENSION_PREFIX))
    names = [name for name in INTAKE_FEATURES if name in table.columns] + dimensions
    return [name for name in names if any(cell.lower() not in MISSING for cell in table.columns[name])]


# --- models, trainings and the threshold ----------------------------------------------------------

def gate_max_gap() -> float:
    row = ProfileGate.objects.filter(pk=1).first()
    return row.max_gap if row else DEFAULT_MAX_GAP


def profile_models(*, actor: Actor):
    if not may(actor, Action.PROFILE_VIEW):
        return ProfileModel.objects.none()
    return ProfileModel.objects.defer("file").order_by("-trained_at", "-pk")


def profile_model_get(*, actor: Actor, model_id: int) -> ProfileModel:
    """A model for who may see the profile (aggregates only: no personal data, so no read audit)."""
    model = profile_models(actor=actor).filter(pk=model_id).first()
    if model is None:
        raise Http404
    return model


def active_models() -> dict[int, ProfileModel]:
    return {m.horizon: m for m in ProfileModel.objects.filter(status=ProfileStatus.ACTIVE)}


def trainings(*, actor: Actor, limit: int = 20):
    if not may(actor, Action.PROFILE_VIEW):
        return ProfileTraining.objects.none()
    return ProfileTraining.objects.defer("data").select_related("model").order_by("-requested_at", "-pk")[:limit]


def training_get(*, actor: Actor, training_id: int) -> ProfileTraining:
    training = ProfileTraining.objects.defer("data").filter(pk=training_id).first() \
        if may(actor, Action.PROFILE_VIEW) else None
    if training is None:
        raise Http404
    return training


# --- a person's score, for their case manager ------------------------------------------------------

@dataclass(frozen=True)
class Factor:
    feature: str
    label: str
    value: str  # the person's value, as recorded
    effect: float  # log-odds, against the average person of the training data

    @property
    def shown(self) -> str:
        """The value as the page shows it: a choice's label, a number in the active language's format."""
        return display_value(self.feature, self.value)


_CHOICE_LABELS: dict[str, Callable[[str], Any]] = {
    "isced_level": lambda value: IscedLevel(int(value)).label,
    "italian_level": lambda value: CefrLevel(value).label,
    "benefit": lambda value: _("no benefit") if value == NO_BENEFIT else BenefitKind(value).label,
}


def display_value(feature: str, value: str) -> str:
    """A feature's recorded cell for people to read ("madrelingua", "59,7"); the raw cell when unknown."""
    if not value:
        return ""
    try:
        if feature in _CHOICE_LABELS:
            return str(_CHOICE_LABELS[feature](value))
        number = float(value)
    except ValueError:
        return value
    return formats.number_format(number, decimal_pos=0 if number.is_integer() else 1, use_l10n=True)


@dataclass(frozen=True)
class HorizonScore:
    horizon: int
    model: ProfileModel | None
    probability: float | None = None
    raised: list[Factor] = field(default_factory=list)
    lowered: list[Factor] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class CaseProfile:
    assessment: Assessment | None
    scores: list[HorizonScore]
    person_hidden: bool = False  # the intake record is not visible (no live case-management consent)

    @property
    def any_model(self) -> bool:
        return any(s.model is not None for s in self.scores)


def _latest_assessment(actor: Actor, case: Case) -> Assessment | None:
    from florwork.assessment.selectors import person_progress

    finalized = person_progress(actor=actor, case=case)
    return finalized[-1] if finalized else None


def person_row(person: Person, assessment: Assessment) -> dict[str, str]:
    at = timezone.localtime(assessment.finalized_at).date()
    return intake_features(person=person, benefits=person.benefits.all(), work=person.work_history.all(),
                           scores=assessment.scores, at=at)


def _score(model: ProfileModel, row: dict[str, str], labels: dict[str, str]) -> HorizonScore:
    try:
        trained = core.loads(model.file, source=f"profile model {model.pk}")
        names = [f.name for f in trained.schema]
        table = as_table([{name: row.get(name, "") for name in names}], source="person")
        scores = core.score(trained, table)
    except core.ProfileError as problem:
        return HorizonScore(model.horizon, model, error=str(problem))
    ranked = explain.ranked(scores.contributions[0], trained.schema)
    factors = [Factor(name, labels.get(name, name), row.get(name, ""), value) for name, value in ranked]
    return HorizonScore(model.horizon, model, float(scores.probabilities[0]),
                        raised=[f for f in factors if f.effect > 0.005][:TOP_FACTORS],
                        lowered=[f for f in factors if f.effect < -0.005][:TOP_FACTORS])


def case_profile(*, actor: Actor, case: Case, purpose: str) -> CaseProfile:
    """The active models' probability of work for the case's person, with the factors that raised and
    lowered it, from their latest finalized assessment. Only for who may assess the case (its team's
    case manager); reading the person's intake record is audited."""
    if not (may(actor, Action.ASSESSMENT_CONDUCT) and may(actor, Action.CASE_UPDATE, case)):
        raise Http404
    models = active_models()
    assessment = _latest_assessment(actor, case)
    if assessment is None or not models:
        return CaseProfile(assessment, [HorizonScore(h, models.get(h)) for h in Horizon.values])
    person = Person.objects.prefetch_related("benefits", "work_history").get(pk=case.person_id)
    if not may(actor, Action.PERSON_VIEW, person):
        return CaseProfile(assessment, [HorizonScore(h, models.get(h)) for h in Horizon.values], person_hidden=True)
    row = person_row(person, assessment)
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="people.Person",
                 object_id=person.pk, object_label=f"person {person.pk}",
                 fields=["profile_score", *sorted(INTAKE_FEATURES)],
                 detail={"case": case.pk, "assessment": assessment.pk,
                         "models": sorted(m.pk for m in models.values())})
    labels = feature_labels()
    scores = [_score(models[h], row, labels) if h in models else HorizonScore(h, None) for h in Horizon.values]
    return CaseProfile(assessment, scores)
