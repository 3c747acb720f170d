"""Reads of shortlists, already filtered by the access policy, and the funnel's figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.matching.vacancy_models import Vacancy
from florwork.people.choices import ConsentPurpose
from florwork.people.models import Consent
from florwork.shortlists import funnel
from florwork.shortlists.access import entry_scope
from florwork.shortlists.models import STEP_DATE, ShortlistEntry, Stage


def visible_entries(*, actor: Actor, action: Action = Action.PRESENTATION_MANAGE) -> QuerySet[ShortlistEntry]:
    scope = entry_scope(actor, action) if may(actor, action) else None
    return ShortlistEntry.objects.none() if scope is None else ShortlistEntry.objects.filter(scope)


def entry_get(*, actor: Actor, entry_id: int, purpose: str,
              action: Action = Action.PRESENTATION_MANAGE) -> ShortlistEntry:
    """The one gate for an entry: fetched with what its pages need, checked, the read audited."""
    entry = (visible_entries(actor=actor, action=action)
             .select_related("vacancy__company", "vacancy__occupation", "person").filter(pk=entry_id).first())
    if entry is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="shortlists.ShortlistEntry",
                 object_id=entry.pk, object_label=entry.code, fields=["stage", "profile"],
                 detail={"vacancy": entry.vacancy_id, "person": entry.person_id})
    return entry


def vacancy_for_shortlist(*, actor: Actor, vacancy_id: int) -> Vacancy:
    """The vacancy whose shortlist the officer works on (the matching app's gate decides who sees it)."""
    if not may(actor, Action.PRESENTATION_MANAGE):
        raise Http404
    from florwork.matching.selectors import vacancy_get

    return vacancy_get(actor=actor, vacancy_id=vacancy_id)


def _consenting():
    return Exists(Consent.objects.filter(person_id=OuterRef("person_id"), withdrawn_at__isnull=True,
                                         purpose=ConsentPurpose.EMPLOYER_PRESENTATION))


def shortlist_of(vacancy: Vacancy) -> list[ShortlistEntry]:
    """The vacancy's entries, each with ``consenting`` (a withdrawn consent is shown to the officer, who must
    stop presenting the person, but never counted)."""
    return list(ShortlistEntry.objects.filter(vacancy=vacancy).annotate(consenting=_consenting())
                .order_by("-score", "pk"))


def case_entries(*, actor: Actor, case) -> list[ShortlistEntry]:
    """The person's shortlist entries for the case page (the case managers of the team)."""
    return list(visible_entries(actor=actor, action=Action.CASE_VIEW).filter(case=case)
                .select_related("vacancy__company").order_by("-proposed_on", "-pk"))


def ranked_candidates(*, actor: Actor, vacancy: Vacancy, limit: int = 50) -> list:
    """The matching app's ranking for the vacancy, without the people already on the shortlist."""
    from florwork.matching.selectors import candidates_for_vacancy

    listed = set(ShortlistEntry.objects.filter(vacancy=vacancy).values_list("person_id", flat=True))
    return [result for result in candidates_for_vacancy(actor=actor, vacancy_id=vacancy.pk, limit=limit)
            if result.person_id not in listed]


def ranked_candidate(*, actor: Actor, vacancy: Vacancy, case_id: int):
    """One candidate of the ranking (to add them with their score and explanation), or None."""
    from florwork.matching.selectors import candidates_for_vacancy

    return next((result for result in candidates_for_vacancy(actor=actor, vacancy_id=vacancy.pk, limit=500)
                 if result.case_id == case_id), None)


# --- the funnel ---------------------------------------------------------------------------------------

GROUPINGS = ("vacancy", "company", "officer", "pathway")


@dataclass(frozen=True)
class FunnelTable:
    grouping: str
    rows: list[funnel.FunnelRow]
    labels: dict[str, str]  # group key -> what the reader sees
    suppressed: bool


def _pathway_labels(case_ids: set[int]) -> dict[int, str]:
    from florwork.assessment.models import Pathway, PathwayDecision

    latest: dict[int, int] = {}
    for case_id, chosen in (PathwayDecision.objects.filter(case_id__in=case_ids)
                            .order_by("case_id", "decided_at", "pk").values_list("case_id", "chosen")):
        latest[case_id] = chosen  # the last decision of each case wins
    return {case_id: str(Pathway(chosen).label) for case_id, chosen in latest.items()}


def funnel_table(*, actor: Actor, grouping: str, aggregate: bool) -> FunnelTable:
    """Counts and conversion per vacancy, company, officer or pathway.

    The company side (PRESENTATION_MANAGE) counts only candidates with a live consent to be presented: a
    person who refused or withdrew is never a figure there. The programme manager (AGGREGATE_VIEW) sees
    every entry, counts only, with small cells suppressed."""
    if grouping not in GROUPINGS:
        grouping = "vacancy"
    if aggregate:
        if not may(actor, Action.AGGREGATE_VIEW):
            raise Http404
        entries = ShortlistEntry.objects.all()
    else:
        entries = visible_entries(actor=actor).filter(_consenting())
    values = list(entries.values("pk", "case_id", "vacancy_id", "vacancy__title", "vacancy__company_id",
                                 "vacancy__company__legal_name", "officer_user_id", "officer_label",
                                 *STEP_DATE.values()))
    pathways = _pathway_labels({row["case_id"] for row in values}) if grouping == "pathway" else {}
    labels: dict[str, str] = {}
    facts = []
    for row in values:
        key, label = _group(row, grouping, pathways)
        labels[key] = label
        steps = frozenset(stage.value for stage, field in STEP_DATE.items() if row[field] is not None)
        facts.append(funnel.EntryFacts(key, steps))
    rows = funnel.funnel(facts, suppress=aggregate)
    rows.sort(key=lambda row: (row.group == "", labels.get(row.group, "").lower()))
    return FunnelTable(grouping, rows, labels, aggregate)


def _group(row: dict, grouping: str, pathways: dict[int, str]) -> tuple[str, str]:
    if grouping == "company":
        return f"c{row['vacancy__company_id']}", row["vacancy__company__legal_name"]
    if grouping == "officer":
        return f"o{row['officer_user_id'] or 0}", row["officer_label"] or _("not recorded")
    if grouping == "pathway":
        label = pathways.get(row["case_id"])
        return ("p" + label if label else "p-"), label or _("no pathway decided")
    return f"v{row['vacancy_id']}", f"{row['vacancy__title']} · {row['vacancy__company__legal_name']}"


STAGE_LABELS = dict(Stage.choices)
