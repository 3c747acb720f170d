"""Demo outreach: the weights the programme set (a second version beside the defaults), and one campaign of the
agency's officer on the companies with a Law 68 shortfall, with outcomes recorded on the first calls.

Deterministic for a seed, idempotent (the weights version and the campaign are found by their note and name),
written through the outreach services; the campaign belongs to the company officer's agency.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.employers.selectors import outreach_contacts
from florwork.outreach import services
from florwork.outreach.models import Campaign, Outcome, ScoringWeights
from florwork.outreach.selectors import PriorityFilters, priority_list

WEIGHTS_NOTE = "Demo: Law 68 places and sector demand first (steering committee)"
CAMPAIGN_NAME = "Collocamento mirato – primavera"
TARGETS = 30
CONTACTED = 14
SCRIPT = ("Buongiorno, sono {officer} dell'Agenzia per il Lavoro, per il Consorzio Lavoro Insieme.\n"
          "1. Vi risultano posti riservati L. 68/1999 scoperti? Possiamo presentarvi profili già valutati.\n"
          "2. In alternativa, una convenzione art. 14 D.Lgs 276/2003 con una cooperativa di tipo B.\n"
          "3. Proponete un appuntamento in sede (30 minuti) e annotate il referente.")
# what the first calls gave (weights of a draw), a realistic mix
OUTCOMES = ((Outcome.NO_ANSWER, 4), (Outcome.CALL_BACK, 3), (Outcome.INTERESTED, 3), (Outcome.APPOINTMENT, 2),
            (Outcome.NOT_INTERESTED, 2), (Outcome.WRONG_NUMBER, 1))


@dataclass(frozen=True)
class OutreachReport:
    weights_created: bool
    campaign_created: bool
    contacts: int


def _officer() -> Actor | None:
    seat = (Membership.objects.filter(role=Role.COMPANY_OFFICER, is_active=True, user__username="company_officer")
            .select_related("organization", "user").first())
    return actor_for_membership(seat) if seat is not None else None


def _weights() -> bool:
    if ScoringWeights.objects.filter(note=WEIGHTS_NOTE).exists():
        return False
    services.weights_save(by=SYSTEM, note=WEIGHTS_NOTE, values={
        "sector_demand": 30, "size": 8, "law68_shortfall": 25, "distance": 15, "relationship": 10,
        "last_contact": 12})
    return True


def _draw(rng: random.Random) -> str:
    outcomes, weights = zip(*OUTCOMES, strict=True)
    return str(rng.choices(outcomes, weights=weights)[0])


def demo_outreach_load(*, seed: int = 1) -> OutreachReport:
    """The weights version and the campaign, if missing; their outcomes dated over the last three weeks."""
    weights_created = _weights()
    officer = _officer()
    if officer is None or Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
        return OutreachReport(weights_created, False, 0)
    ranked = priority_list(actor=officer, filters=PriorityFilters(shortfall=True))[:TARGETS]
    if not ranked:
        return OutreachReport(weights_created, False, 0)
    campaign = services.campaign_create(
        by=officer, name=CAMPAIGN_NAME, purpose="Coprire i posti riservati L. 68/1999 scoperti nelle aziende "
        "della provincia, con assunzioni dirette o convenzioni art. 14.",
        script=SCRIPT.format(officer=services.officer_name(officer)),
        officer_ids=[officer.user_id], company_ids=[row.facts.id for row, _score in ranked],
        filters={"shortfall": True})
    rng = random.Random(seed * 31 + 7)
    today = timezone.localdate()
    contacts = 0
    for target in campaign.targets.select_related("company").order_by("-priority", "company_id")[:CONTACTED]:
        people = list(outreach_contacts(actor=officer, companies=[target.company_id], purpose="employer_engagement"))
        day = today - timedelta(days=rng.randint(1, 21))
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))))
        outcome = _draw(rng)
        services.contact_record(by=officer, campaign=campaign, target=target, version=target.version,
                                channel="phone", outcome=outcome, at=at,
                                contact=people[0] if people and outcome != Outcome.WRONG_NUMBER else None,
                                notes="Richiamare la settimana prossima." if outcome == Outcome.CALL_BACK else "")
        contacts += 1
    return OutreachReport(weights_created, True, contacts)
