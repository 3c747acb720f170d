"""The demo people's assessments, deterministic for (seed, person). Pure (no Django).

Each case past intake has a finalized assessment by its case manager, made between the intake and the
assessed milestone; about a third of the cases that went on to the active phase or beyond are assessed
again some six months later, showing progress in some dimensions; some cases still in intake have one
paused halfway. Answers follow the person's profile: a recent arrival with A1 Italian scores low on
Italian, a person with a disability on health, a lone parent on caring responsibilities.

The draws come from their own random stream, so the people and their stories stay as they were.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from florwork.assessment.scoring import ItemSpec
from florwork.cases.lifecycle import State
from florwork.cases.workdays import FLORENCE
from florwork.demo.people_plan import PersonPlan
from florwork.demo.stories import Step

ROME = ZoneInfo("Europe/Rome")
REASSESSED = (State.ACTIVE.value, State.PLACED.value, State.FOLLOW_UP.value, State.CLOSED.value)
REASSESS_SHARE = 0.75  # of the cases with room for a second assessment: about a third of all of them
OVERRIDE_SHARE = 0.1
PAUSED_SHARE = 0.5
ITALIAN = {"native": 92, "C2": 88, "C1": 80, "B2": 66, "B1": 50, "A2": 30, "A1": 14}
DIGITAL_BY_ISCED = (15, 28, 45, 58, 64, 68, 74, 80)
IMPROVABLE = ("job_search", "motivation", "basic_digital", "italian", "housing", "practical", "mobility")
OBSERVATIONS = (
    "Colloquio sereno, la persona ha partecipato attivamente.",
    "La persona ha risposto da sola alle domande di autovalutazione sul tablet.",
    "Serve un interprete per le prossime volte: molte domande sono state spiegate con esempi.",
    "Emerge una buona rete familiare; qualche timore sui tempi di conciliazione.",
    "Persona motivata ma scoraggiata da molti rifiuti recenti.",
    "",
)
REASSESS_OBSERVATIONS = (
    "Secondo bilancio a sei mesi: progressi visibili rispetto al primo colloquio.",
    "Rivalutazione periodica: la persona riconosce da sola i passi fatti.",
    "Bilancio a sei mesi: migliorate le competenze allenate nel percorso.",
)
PAUSED_OBSERVATIONS = ("Colloquio interrotto per un impegno della persona: da riprendere.",
                       "Sospeso a metà, da riprendere al prossimo appuntamento.", "")
# an override: proposed pathway -> (chosen pathway, reason), realistic reasons in the case manager's words
OVERRIDES = {
    1: ((2, "Pronta al lavoro sulla carta, ma il settore cercato chiede l'attestato HACCP: prima un breve "
            "corso di aggiornamento."),
        (4, "Dal colloquio emerge una fragilità non rilevata dalle domande (segnalata dal servizio sociale): "
            "serve il raccordo con i servizi.")),
    2: ((1, "Ha già un'offerta concreta da un'azienda del territorio: si accompagna subito all'inserimento."),
        (4, "In carico al CSM: nonostante i punteggi serve il coordinamento con i servizi sanitari."),
        (3, "Il settore di provenienza è in crisi nella zona: conviene una riqualificazione piuttosto che "
            "un aggiornamento.")),
    3: ((2, "L'esperienza all'estero è solida anche se non documentata: basta il riconoscimento delle "
            "competenze e un aggiornamento."),
        (1, "Assunzione stagionale già concordata con un'azienda del turismo: inserimento diretto.")),
    4: ((2, "La situazione familiare si è stabilizzata con il posto al nido comunale: può seguire un "
            "percorso di aggiornamento senza presa in carico congiunta."),
        (3, "Il servizio sociale segue già la parte abitativa: il percorso con noi può puntare sulla "
            "riqualificazione.")),
}


@dataclass(frozen=True)
class AssessmentPlan:
    case: int  # which of the person's cases, oldest first
    by: str  # the case manager's username
    at: datetime  # where it falls in the person's story (the services run then)
    started_at: datetime
    finalized_at: datetime | None  # None: paused, still in progress
    answers: tuple[tuple[str, int, datetime], ...]  # item code, value, when answered
    observations: str
    override: float | None  # None: the proposal is confirmed; otherwise a draw to pick the override
    decided_at: datetime | None


def override_for(proposed: int, draw: float) -> tuple[int, str]:
    options = OVERRIDES[proposed]
    return options[int(draw * len(options)) % len(options)]


def _clamp(value: float, low: float = 3, high: float = 97) -> float:
    return max(low, min(high, value))


def dimension_targets(plan: PersonPlan, rng: random.Random) -> dict[str, float]:
    """How close to work the person is on each dimension, 0–100, from what the hub knows of them."""
    profile, data = plan.profile, plan.profile.data
    age = (plan.steps[0].at.date() - data["birth_date"]).days // 365
    isced = data.get("isced_level", 3)
    jobs = len(profile.jobs)
    sensitive = profile.sensitive or {}
    benefits = {b.kind for b in profile.benefits}
    italian_level = data.get("italian_level", "native")
    foreign = data.get("citizenship", "IT") != "IT"
    work = 18 + min(jobs, 3) * 17 + (8 if isced >= 3 else 0) + (8 if isced >= 6 else 0) - (10 if age < 20 else 0)
    search = 38 + (10 if isced >= 3 else 0) + (10 if jobs else -5) - (8 if profile.situation == "neet" else 0)
    motivation = 64 - (12 if profile.situation in ("long_unemployed", "over50") else 0) \
        - (6 if profile.situation == "neet" else 0)
    digital = DIGITAL_BY_ISCED[max(0, min(7, isced))] - (12 if age >= 50 else 0) \
        - (8 if italian_level in ("A1", "A2") else 0)
    health = 78 if not sensitive else 100 - 0.85 * sensitive.get("invalidity_percentage", 60)
    caring = {"heavy": 26, "light": 56}.get(data.get("caregiving_load", "none"), 84)
    housing = 24 if profile.situation == "housing" else 44 if "housing" in benefits else 72
    mobility = 42 + (22 if data.get("driving_licences") else 0) + (10 if data.get("own_vehicle") else 0)
    practical = 72 - (16 if foreign and italian_level != "native" else 0) - (14 if "adi" in benefits else 0)
    targets = {"work_experience": work, "job_search": search, "motivation": motivation, "basic_digital": digital,
               "italian": ITALIAN.get(italian_level, 50), "health": health, "caring": caring, "housing": housing,
               "mobility": mobility, "practical": practical}
    return {code: _clamp(value + rng.gauss(0, 7)) for code, value in targets.items()}


def progressed(targets: dict[str, float], rng: random.Random, final: str) -> dict[str, float]:
    """Six months on: gains in a few dimensions the path worked on, small drift elsewhere."""
    worked = set(rng.sample(IMPROVABLE, rng.randint(2, 4)))
    if final in (State.PLACED.value, State.FOLLOW_UP.value, State.CLOSED.value):
        worked |= {"work_experience", "job_search"}
    result = {}
    for code, value in targets.items():
        gain = rng.uniform(10, 28) if code in worked and value < 85 else rng.gauss(0, 4)
        result[code] = _clamp(value + gain)
    return result


def _answer(item: ItemSpec, target: float, rng: random.Random) -> int:
    closeness = (target / 100 + rng.gauss(0, 0.09)) * (item.scale_max - item.scale_min)
    raw = item.scale_max - closeness if item.reverse else item.scale_min + closeness
    return int(max(item.scale_min, min(item.scale_max, round(raw))))


def _answers(items: list[ItemSpec], targets: dict[str, float], rng: random.Random, start: datetime,
             end: datetime) -> tuple[tuple[str, int, datetime], ...]:
    step = (end - start) / max(1, len(items))
    return tuple((item.code, _answer(item, targets.get(item.dimension, 50), rng), start + step * n)
                 for n, item in enumerate(items))


def _owner(steps: list[Step], case: int, until: datetime, fallback: str) -> str:
    owner = fallback
    for step in steps:
        if step.case == case and step.kind == "assign" and step.at <= until:
            owner = step.manager
    return owner


def _working_moment(day: datetime, rng: random.Random) -> datetime:
    date = day.date()
    while not FLORENCE.is_working_day(date):
        date += timedelta(days=1)
    return datetime.combine(date, time(9), tzinfo=ROME) + timedelta(minutes=rng.randint(0, 360))


def _move(steps: list[Step], case: int, state: State) -> Step | None:
    return next((s for s in steps if s.case == case and s.kind == "move" and s.to_state == state.value), None)


def assessments_plan(plan: PersonPlan, *, seed: int, items: list[ItemSpec], horizon: datetime
                     ) -> list[AssessmentPlan]:
    """The person's assessments, in the order they happened; ``horizon`` is the end of the demo's past."""
    rng = random.Random(f"florwork-demo-assessments:{seed}:{plan.index}")
    steps = list(plan.steps)
    result = []
    for case, final in enumerate(plan.finals):
        intake, assessed = _move(steps, case, State.INTAKE), _move(steps, case, State.ASSESSED)
        targets = dimension_targets(plan, rng)
        if intake is None:
            continue
        if assessed is None:
            if final == State.INTAKE.value and rng.random() < PAUSED_SHARE:
                start = intake.at + timedelta(minutes=rng.randint(20, 45))
                answered = items[: rng.randint(len(items) // 4, len(items) * 3 // 4)]
                result.append(AssessmentPlan(
                    case=case, by=_owner(steps, case, start, intake.by), at=intake.at + timedelta(seconds=1),
                    started_at=start, finalized_at=None,
                    answers=_answers(answered, targets, rng, start, start + timedelta(minutes=len(answered) // 2)),
                    observations=rng.choice(PAUSED_OBSERVATIONS), override=None, decided_at=None))
            continue
        # the first assessment: begun at a meeting between intake and assessment, or all at the
        # assessment meeting itself, and finalized just before the case was marked assessed
        finalized = assessed.at - timedelta(minutes=rng.randint(2, 6))
        meetings = [s.at for s in steps if s.case == case and s.kind == "contact" and s.channel == "meeting"
                    and intake.at < s.at < finalized - timedelta(hours=2)]
        start = rng.choice(meetings) if meetings and rng.random() < 0.4 else \
            finalized - timedelta(minutes=rng.randint(22, 40))
        result.append(AssessmentPlan(
            case=case, by=assessed.by, at=assessed.at + timedelta(seconds=1), started_at=start,
            finalized_at=finalized, answers=_answers(items, targets, rng, start, finalized),
            observations=rng.choice(OBSERVATIONS),
            override=rng.random() if rng.random() < OVERRIDE_SHARE else None,
            decided_at=finalized + timedelta(minutes=rng.randint(1, 4))))
        if final not in REASSESSED:
            continue
        closed = _move(steps, case, State.CLOSED)
        end = closed.at if closed is not None else horizon
        again = _working_moment(finalized + timedelta(days=rng.randint(176, 200)), rng)
        draw = rng.random()
        if again + timedelta(hours=2) >= end or draw >= REASSESS_SHARE:
            continue
        later = progressed(targets, rng, final)
        done = again + timedelta(minutes=rng.randint(20, 35))
        result.append(AssessmentPlan(
            case=case, by=_owner(steps, case, again, assessed.by), at=done, started_at=again,
            finalized_at=done, answers=_answers(items, later, rng, again, done),
            observations=rng.choice(REASSESS_OBSERVATIONS),
            override=rng.random() if rng.random() < OVERRIDE_SHARE / 2 else None,
            decided_at=done + timedelta(minutes=rng.randint(1, 4))))
    return sorted(result, key=lambda a: a.at)
