"""What happened to each demo person at the hub: referrals, assignment, contacts, notes, state changes,
consents and the job found, at dated moments in Florentine working hours. Pure (no Django).

A story is planned on a list of working days (national holidays and 24 June excluded) ending the
working day before ``anchor``, so every moment is in the past whatever the hour the demo runs. Gaps
follow the SLA targets most of the time and miss them some of the time: referral → first contact
5 working days, referral → intake 10, intake → assessment 20.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from florwork.cases.lifecycle import State
from florwork.cases.workdays import FLORENCE
from florwork.demo import population as pop

S = State
ROME = ZoneInfo("Europe/Rome")
HISTORY_DAYS = 545  # about 18 months of calendar days
FORWARD = (S.INTAKE, S.ASSESSED, S.PLANNED, S.ACTIVE, S.PLACED, S.FOLLOW_UP, S.CLOSED)
PARTNERS = ("coop_a", "coop_b", "coop_b2")  # the demo cooperatives people may agree to be shared with
# working days from the previous milestone to this one: (usual range, late range, share late)
GAPS = {
    S.ASSESSED: ((8, 20), (21, 35), 0.25), S.PLANNED: ((5, 20), (5, 20), 0),
    S.ACTIVE: ((5, 25), (5, 25), 0), S.PLACED: ((20, 110), (20, 110), 0),
    S.FOLLOW_UP: ((20, 60), (20, 60), 0), S.CLOSED: ((60, 125), (60, 125), 0),
}
# how long ago the current state was entered, in working days
LAST_AGE = {S.REFERRED: (0, 12), S.INTAKE: (0, 15), S.ASSESSED: (0, 20), S.PLANNED: (0, 25), S.ACTIVE: (0, 60),
            S.PLACED: (0, 30), S.FOLLOW_UP: (0, 50), S.CLOSED: (0, 150), S.SUSPENDED: (3, 60),
            S.DROPPED: (0, 150)}
CONTACT_EVERY = {S.REFERRED: (3, 6), S.INTAKE: (4, 8), S.ASSESSED: (5, 10), S.PLANNED: (6, 12),
                 S.ACTIVE: (8, 18), S.PLACED: (10, 22), S.FOLLOW_UP: (20, 35), S.SUSPENDED: (20, 40)}
CONTACT_TEXT = {
    "meeting": ("Colloquio in sede.", "Colloquio di aggiornamento sul percorso.", "Incontro con il tutor."),
    "phone": ("Telefonata di aggiornamento.", "Sentito/a al telefono: tutto procede.",
              "Telefonata per fissare il prossimo appuntamento."),
    "message": ("Messaggio per confermare l'appuntamento.", "Inviati gli annunci di lavoro della settimana."),
    "missed": ("Non si è presentato/a all'appuntamento.", "Appuntamento saltato senza avvisare."),
}
ACTIVE_NOTES = ("Avviato il corso di italiano L2 al CPIA.", "Avviato un tirocinio di orientamento.",
                "Iscritto/a al corso HACCP e sicurezza sul lavoro.", "Preparato il curriculum e iscritto/a "
                "ai portali delle agenzie.", "Avviato il corso per il patentino del carrello elevatore.")


@dataclass(frozen=True)
class Step:
    """One thing that happened; ``by`` is an actor key: social_worker, programme_manager, or a
    case manager's username."""

    day: int  # index in the working-day list; replaced by ``at`` when the story is timed
    kind: str  # refer, assign, profile, contact, note, move, consent, withdraw, job
    by: str
    case: int = 0  # which of the person's cases, oldest first
    channel: str = ""
    to_state: str = ""
    text: str = ""
    purpose: str = ""
    partner: str = ""
    manager: str = ""
    job: tuple[str, str, str, int | date | None] | None = None  # occupation, employer, contract, end
    needs: tuple[str, ...] = ()
    urgency: str = ""
    at: datetime | None = None


@dataclass
class Story:
    finals: list[str]  # the final state of each case, oldest first
    steps: list[Step] = field(default_factory=list)

    @property
    def first_referral_day(self) -> int:
        return min(s.day for s in self.steps if s.kind == "refer")


def working_days(anchor: date) -> list[date]:
    """The working days of the last ~18 months, up to the working day before ``anchor``."""
    days, day = [], anchor - timedelta(days=HISTORY_DAYS)
    while day < anchor:
        if FLORENCE.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _gap(rng: random.Random, state: State) -> int:
    usual, late, share = GAPS[state]
    return rng.randint(*(late if rng.random() < share else usual))


def _path(rng: random.Random, final: State) -> list[tuple[State, int, str]]:
    """(state, working days since the previous milestone, reason), from the referral to ``final``."""
    first_contact = rng.randint(1, 5) if rng.random() < 0.75 else rng.randint(6, 14)
    intake = first_contact + (rng.randint(0, 4) if rng.random() < 0.7 else rng.randint(5, 12))
    if final == S.REFERRED:
        return []
    if final in (S.SUSPENDED, S.DROPPED):
        choices = FORWARD[:5] if final == S.SUSPENDED else (S.REFERRED,) + FORWARD[:4]
        last = rng.choice(choices)
        steps = _path(rng, last) if last != S.REFERRED else []
        gap = rng.randint(5, 40) if final == S.SUSPENDED else rng.randint(10, 45)
        reason = rng.choice(pop.SUSPEND_REASONS if final == S.SUSPENDED else pop.DROP_REASONS)
        return [*steps, (final, gap, reason)]
    steps: list[tuple[State, int, str]] = [(S.INTAKE, intake, "")]
    for state in FORWARD[1: FORWARD.index(final) + 1]:
        steps.append((state, _gap(rng, state), ""))
        if state == S.ACTIVE and final in FORWARD[4:] and rng.random() < 0.1:  # a pause, then back
            steps += [(S.SUSPENDED, rng.randint(5, 20), rng.choice(pop.SUSPEND_REASONS)),
                      (S.ACTIVE, rng.randint(10, 40), "")]
        if state == S.PLACED and final in FORWARD[5:] and rng.random() < 0.12:  # the job did not last
            steps += [(S.ACTIVE, rng.randint(10, 40), "Contratto interrotto durante il periodo di prova."),
                      (S.PLACED, rng.randint(20, 60), "")]
    return steps


def _fit(rng: random.Random, path: list, final: State, first: int, last: int) -> tuple[int, list]:
    """The referral day and the path, squeezed into [first, last] if it does not fit."""
    total = sum(gap for _, gap, _ in path)
    age = rng.randint(*LAST_AGE[final])
    span = last - first
    if total + age > span:
        age = max(0, span - total)
    if total > span:
        ratio = span / total
        path = [(state, max(1, int(gap * ratio)), reason) for state, gap, reason in path]
        total = sum(gap for _, gap, _ in path)
    return max(first, last - age - total), path


class _Writer:
    """Collects one case's steps, knowing who owns the case on each day."""

    def __init__(self, rng, story: Story, case: int, managers: list[str], last: int, live: dict):
        self.rng, self.story, self.case, self.last, self.live = rng, story, case, last, live
        self.owners: list[tuple[int, str]] = []
        self.duty = rng.choice(managers)

    def owner(self, day: int) -> str:
        current = self.duty
        for since, manager in self.owners:
            if since <= day:
                current = manager
        return current

    def add(self, day: int, kind: str, by: str = "", **fields) -> None:
        self.story.steps.append(Step(day=day, kind=kind, by=by or self.owner(day), case=self.case, **fields))

    def contact(self, day: int, channel: str, text: str = "") -> None:
        self.add(day, "contact", channel=channel, text=text or self.rng.choice(CONTACT_TEXT[channel]))

    def consent(self, day: int, purpose: str, partner: str = "") -> None:
        if self.live.get((purpose, partner)):
            return
        self.live[(purpose, partner)] = True
        self.add(day, "consent", purpose=purpose, partner=partner)
        if purpose in ("evaluation", "partner_sharing") and self.rng.random() < 0.12 and day < self.last - 5:
            self.live[(purpose, partner)] = False
            self.add(self.rng.randint(day + 1, self.last), "withdraw", purpose=purpose, partner=partner)

    def between(self, start: int, end: int, state: State, stale: bool = False) -> None:
        """Contacts on the days strictly between two milestones; a stale case stops being contacted."""
        low, high = CONTACT_EVERY.get(state, (8, 20))
        day = start + self.rng.randint(low, high)
        stop = end - self.rng.randint(20, 40) if stale else end
        while day < min(end, stop):
            channel = self.rng.choices(("meeting", "phone", "message", "missed"), weights=(4, 4, 2, 1))[0]
            self.contact(day, channel)
            day += self.rng.randint(low, high)


def schedule(rng: random.Random, final: State, first: int, last: int) -> tuple[int, list]:
    """When a case ending in ``final`` was referred, and its milestones, within days [first, last]."""
    return _fit(rng, _path(rng, final), final, first, last)


def write_case(rng: random.Random, story: Story, *, case: int, final: State, planned: tuple[int, list],
               last: int, managers: list[str], live: dict, profile_step: bool) -> None:
    """Writes one case's steps into ``story``; ``live`` holds the person's live consents so far."""
    referral, path = planned
    w = _Writer(rng, story, case, managers, last, live)
    w.add(referral, "refer", by="social_worker")
    waiting = final == S.REFERRED and rng.random() < 0.5
    if not (waiting and rng.random() < 0.5):  # some of the newest referrals are not even assigned yet
        assigned = min(last, referral + rng.randint(0, 2))
        w.owners.append((assigned, w.duty))
        w.add(assigned, "assign", by="programme_manager", manager=w.duty)
    if profile_step:
        w.add(referral, "profile", by=w.duty)
    if final == S.REFERRED:
        if not waiting:
            w.contact(min(last, referral + rng.randint(1, 6)), rng.choice(("phone", "meeting")))
        return
    _walk(rng, w, referral, path, final, last, managers)


def _walk(rng, w: _Writer, referral: int, path, final: State, last: int, managers: list[str]) -> None:
    day, state = referral, S.REFERRED
    first_contact_done = False
    job_at: int | None = None
    for to_state, gap, reason in path:
        target = day + gap
        if to_state == S.INTAKE and not first_contact_done:
            first = referral + max(1, min(gap, rng.randint(1, 6) if rng.random() < 0.75 else gap))
            if rng.random() < 0.15 and first < target:
                w.contact(first, "missed")
                first += 1
            if first < target:
                w.contact(first, rng.choice(("phone", "phone", "message")))
            first_contact_done = True
        else:
            w.between(day, target, state)
        if to_state == S.ASSESSED and rng.random() < 0.1 and len(managers) > 1:  # handed to a colleague
            other = rng.choice([m for m in managers if m != w.owner(day)])
            w.add(target, "assign", by="programme_manager", manager=other)
            w.owners.append((target, other))
        _milestone(rng, w, target, state, to_state, reason)
        if to_state == S.PLACED:
            job_at = target
        if state == S.PLACED and to_state == S.ACTIVE and job_at is not None:
            _end_job(w, job_at, target)
        day, state = target, to_state
    if final not in (S.CLOSED, S.DROPPED):
        w.between(day, last + 1, state, stale=rng.random() < 0.2)


def _milestone(rng, w: _Writer, day: int, state: State, to_state: State, reason: str) -> None:
    if to_state in (S.INTAKE, S.ASSESSED, S.PLANNED):
        w.contact(day, "meeting", {S.INTAKE: "Colloquio di accoglienza.", S.ASSESSED: "Colloquio di bilancio.",
                                   S.PLANNED: "Incontro per il patto di servizio."}[to_state])
    if to_state == S.INTAKE:
        w.consent(day, "case_management")
        if rng.random() < 0.45:
            w.consent(day, "evaluation")
    if to_state == S.DROPPED and reason == pop.DROP_REASONS[0]:
        w.contact(day, "missed")
    w.add(day, "move", to_state=to_state.value, text=reason)
    if to_state == S.INTAKE:
        w.add(day, "note", text="Raccolti documenti e storia lavorativa; spiegato il trattamento dei dati.")
    elif to_state == S.ASSESSED:
        w.add(day, "note", text="Bilancio delle competenze concluso; da rafforzare: "
              + rng.choice(("italiano", "patente", "esperienza recente", "uso del computer")) + ".")
    elif to_state == S.PLANNED:
        w.add(day, "note", text="Patto di servizio sottoscritto.")
        if rng.random() < 0.35:
            w.consent(day, "partner_sharing", rng.choice(PARTNERS))
        if rng.random() < 0.7:
            w.consent(day, "employer_presentation")
    elif to_state == S.ACTIVE and state == S.PLANNED:
        w.add(day, "note", text=rng.choice(ACTIVE_NOTES))
    elif to_state == S.PLACED:
        occupation = rng.choice(pop.OCCUPATIONS)
        contract = rng.choice(("tirocinio", "fixed_term", "fixed_term", "apprenticeship", "permanent"))
        employer = rng.choice(occupation.employers)
        w.add(day, "job", job=(occupation.name, employer, contract, None))
        w.add(day, "note", text=f"Inserito/a come {occupation.name.lower()} presso {employer}.")
    elif to_state == S.FOLLOW_UP:
        if rng.random() < 0.85:
            w.consent(day, "follow_up")
        w.add(day, "note", text="Superato il periodo di prova: nessuna criticità segnalata dal datore.")
    elif to_state == S.CLOSED:
        w.add(day, "note", text="Percorso concluso: lavoro stabile confermato dopo il follow-up.")


def _end_job(w: _Writer, started: int, ended: int) -> None:
    for i in range(len(w.story.steps) - 1, -1, -1):
        step = w.story.steps[i]
        if step.kind == "job" and step.day == started and step.job and step.job[3] is None:
            w.story.steps[i] = replace(step, job=(*step.job[:3], ended))
            return


def timed(story: Story, days: list[date], rng: random.Random) -> list[Step]:
    """The steps in order, each with its moment: working hours, later steps of a day later on."""
    ordered = sorted(enumerate(story.steps), key=lambda pair: (pair[1].day, pair[0]))
    result, clock = [], None
    current_day = None
    for _, step in ordered:
        if step.day != current_day:
            current_day = step.day
            clock = datetime.combine(days[step.day], time(9), tzinfo=ROME) + timedelta(
                minutes=rng.randint(0, 150))
        else:
            clock += timedelta(minutes=rng.randint(10, 40))
        job = step.job
        if job is not None and isinstance(job[3], int):
            job = (*job[:3], days[job[3]])
        result.append(replace(step, at=clock, job=job))
    return result
