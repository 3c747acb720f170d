"""Reads for the programme's governance pages: aggregates only, never a person.

The measures read the lower apps' milestones (cases, network, plans) and hand plain intervals to the
pure cores; the policy asks for AGGREGATE_VIEW, which the programme manager, the evaluator and the
funder hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.cases.lifecycle import FINAL
from florwork.cases.models import Case
from florwork.governance.timeliness import Figures, Interval, figures
from florwork.network.models import PartnerReferral, ReferralState

PERIODS = {"90": 90, "365": 365, "all": None}  # days back from today, by the value in the query string


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    explanation: str
    grouped_by: str
    rows: list[Figures]


def _since(period: str, now: dt.datetime) -> dt.datetime | None:
    days = PERIODS.get(period, PERIODS["365"])
    return None if days is None else now - dt.timedelta(days=days)


def _referral_to_first_contact(since: dt.datetime | None) -> list[Interval]:
    cases = Case.objects.all() if since is None else Case.objects.filter(referred_at__gte=since)
    final = {s.value for s in FINAL}
    out = []
    for team, state, referred, contact, closed in cases.values_list(
            "team_organization__name", "state", "referred_at", "first_contact_at", "closed_at").iterator():
        if contact is None and state in final:  # closed before anyone reached the person
            out.append(Interval(team, referred, closed, answered=False))
        else:
            out.append(Interval(team, referred, contact))
    return out


def _referral_to_plan_signed(since: dt.datetime | None) -> list[Interval]:
    cases = Case.objects.all() if since is None else Case.objects.filter(referred_at__gte=since)
    cases = cases.annotate(first_signed=Min("plan__revisions__signed_at"))
    final = {s.value for s in FINAL}
    out = []
    for team, state, referred, signed, closed in cases.values_list(
            "team_organization__name", "state", "referred_at", "first_signed", "closed_at").iterator():
        if signed is None and state in final:  # closed before a plan was ever signed
            out.append(Interval(team, referred, closed, answered=False))
        else:
            out.append(Interval(team, referred, signed))
    return out


def _partner_referral_to_answer(since: dt.datetime | None) -> list[Interval]:
    referrals = PartnerReferral.objects.all() if since is None else PartnerReferral.objects.filter(sent_at__gte=since)
    out = []
    for partner, state, sent, answered, changed in referrals.values_list(
            "organization__name", "state", "sent_at", "answered_at", "state_changed_at").iterator():
        if answered is None and state != ReferralState.SENT:  # expired or withdrawn without an answer
            out.append(Interval(partner, sent, changed, answered=False))
        else:
            out.append(Interval(partner, sent, answered))
    return out


def timeliness(*, actor: Actor, period: str = "365", now: dt.datetime | None = None) -> list[Measure]:
    if not may(actor, Action.AGGREGATE_VIEW):
        raise PermissionDenied
    now = now or timezone.now()
    since = _since(period, now)
    total = _("Whole programme")
    return [
        Measure("referral_to_first_contact", _("Referral to first contact"),
                _("From the social worker's referral to the first contact with the person."),
                _("Team"), figures(_referral_to_first_contact(since), now=now, total_label=total)),
        Measure("referral_to_plan_signed", _("Referral to signed plan"),
                _("From the social worker's referral to the person's signature on the first plan (the patto)."),
                _("Team"), figures(_referral_to_plan_signed(since), now=now, total_label=total)),
        Measure("partner_referral_to_answer", _("Partner referral to answer"),
                _("From a referral sent to a partner's service to the partner's answer "
                  "(accepted, declined or waiting list)."),
                _("Partner"), figures(_partner_referral_to_answer(since), now=now, total_label=total)),
    ]
