"""The demo people and their stories at the hub, deterministic for (seed, anchor). Pure (no Django).

``anchor`` is the day the demo partnership was first loaded, read from the database, so a later
re-run plans the very same people and finds them already there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from florwork.cases.lifecycle import State
from florwork.demo import population as pop
from florwork.demo.profiles import Places, Profile, profile_plan, twin_of
from florwork.demo.stories import Step, Story, schedule, timed, working_days, write_case

S = State
# The first people cover every state, so that even a small demo shows them all; then a plausible mix.
FIRST_STATES = (S.ACTIVE, S.REFERRED, S.INTAKE, S.ASSESSED, S.PLANNED, S.PLACED, S.FOLLOW_UP, S.CLOSED,
                S.SUSPENDED, S.DROPPED)
STATE_WEIGHTS = {S.REFERRED: 7, S.INTAKE: 8, S.ASSESSED: 9, S.PLANNED: 10, S.ACTIVE: 18, S.PLACED: 8,
                 S.FOLLOW_UP: 8, S.CLOSED: 14, S.SUSPENDED: 6, S.DROPPED: 8}
URGENCY_WEIGHTS = {"low": 10, "normal": 60, "high": 22, "urgent": 8}
RETURNING_EVERY, RETURNING_AT = 20, 13  # a closed or dropped case, then a new referral
TWINS_EVERY, TWIN_SOURCE_AT = 60, 30  # two people with the same base codice fiscale: an omocode


@dataclass(frozen=True)
class PersonPlan:
    index: int
    profile: Profile
    steps: tuple[Step, ...]
    finals: tuple[str, ...]  # each case's state at the end, oldest first

    @property
    def codice_fiscale(self) -> str:
        return self.profile.codice_fiscale


def _final_state(rng: random.Random, index: int) -> State:
    if index < len(FIRST_STATES):
        return FIRST_STATES[index]
    return rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]


def _story(rng: random.Random, index: int, last: int, managers: list[str]) -> Story:
    live: dict = {}
    if index % RETURNING_EVERY == RETURNING_AT:
        final = rng.choice((S.REFERRED, S.INTAKE, S.ASSESSED, S.PLANNED, S.ACTIVE))
        newer = schedule(rng, final, 0, last)
        old_final = rng.choice((S.CLOSED, S.DROPPED, S.DROPPED))
        older = schedule(rng, old_final, 0, max(10, newer[0] - rng.randint(10, 60)))
        story = Story(finals=[old_final.value, final.value])
        write_case(rng, story, case=0, final=old_final, planned=older, last=newer[0] - 1, managers=managers,
                   live=live, profile_step=True)
        write_case(rng, story, case=1, final=final, planned=newer, last=last, managers=managers, live=live,
                   profile_step=False)
        return story
    final = _final_state(rng, index)
    story = Story(finals=[final.value])
    write_case(rng, story, case=0, final=final, planned=schedule(rng, final, 0, last), last=last,
               managers=managers, live=live, profile_step=True)
    return story


def _with_reasons(rng: random.Random, steps: list[Step], situation: str) -> list[Step]:
    text, needs = pop.REFERRAL_REASONS[situation]
    urgency = rng.choices(list(URGENCY_WEIGHTS), weights=list(URGENCY_WEIGHTS.values()))[0]
    result = []
    for step in steps:
        if step.kind == "refer":
            reason = text if step.case == 0 else "Nuova segnalazione dopo la chiusura del percorso precedente. " \
                + text
            step = replace(step, text=reason, needs=tuple(needs), urgency=urgency)
        result.append(step)
    return result


def people_plan(*, seed: int, count: int, anchor: date, places: Places, managers: list[str]) -> list[PersonPlan]:
    days = working_days(anchor)
    used_codes: set[str] = set()
    plans: list[PersonPlan] = []
    for index in range(count):
        rng = random.Random(f"florwork-demo:{seed}:{index}")
        story = _story(rng, index, len(days) - 1, managers)
        floor = days[story.first_referral_day]
        profile = None
        if index % TWINS_EVERY == TWIN_SOURCE_AT + 1 and plans:
            profile = twin_of(plans[-1].profile, rng, index, used_codes)
        if profile is None:
            profile = profile_plan(rng=rng, index=index, anchor=anchor, places=places, used_codes=used_codes,
                                   referral_floor=floor, twin_source=index % TWINS_EVERY == TWIN_SOURCE_AT)
        story.steps = _with_reasons(rng, story.steps, profile.situation)
        plans.append(PersonPlan(index=index, profile=profile, steps=tuple(timed(story, days, rng)),
                                finals=tuple(story.finals)))
    return plans
