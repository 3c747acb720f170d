"""The cases of issue 3: caseload pages, a busy case, and the referral-to-caseload round trip.

The round trip is what a referral costs end to end: the social worker sends the referral form for a new
person, the programme manager finds it among the unassigned cases and assigns it, and the case manager
sees it on their caseload. Each step checks its answer, so a broken journey stops the benchmark.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.db.models import Count
from django.urls import NoReverseMatch, resolve, reverse

from florwork.cases.models import Case
from florwork.people.codice_fiscale import generate


def page_url(name: str, *args) -> str | None:
    """The URL of a page, or None while it does not exist yet (another slice may still be building it)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _letters(n: int) -> str:
    word = ""
    for _ in range(5):
        n, digit = divmod(n, 26)
        word += "abcdefghijklmnopqrstuvwxyz"[digit]
    return word


class ReferralRoundTrip:
    """Refer a new person (page), find and assign the case (programme manager), see it (case manager)."""

    def __init__(self, *, clients, case_manager_id: int):
        self.clients = clients  # persona -> logged-in test Client
        self.case_manager_id = case_manager_id
        self.numbers = itertools.count()

    def __call__(self) -> None:
        n = next(self.numbers)
        last_name = "Prova" + _letters(n).capitalize()  # unique, letters only (the codice fiscale reads them)
        born = date(1935, 1, 1) + timedelta(days=n)  # before every seeded birth date: no duplicate to offer
        code = generate(last_name, "Bench", born, "F", "D612")
        sent = self.clients["social_worker"].post(reverse("referral_create"), {
            "codice_fiscale": code, "first_name": "Bench", "last_name": last_name, "birth_date": born.isoformat(),
            "sex": "F", "reason": "Benchmark referral", "needs": ["work"], "urgency": "normal"})
        _expect(sent, 302, "referral")
        case = Case(pk=resolve(sent["Location"]).kwargs["case_id"], version=1)  # a new case is at version 1
        found = self.clients["programme_manager"].get(reverse("caseload"), {"owner": "none", "q": last_name})
        _expect(found, 200, "programme manager's caseload", contains=case.code)
        assigned = self.clients["programme_manager"].post(reverse("case_assign", args=[case.pk]), {
            "case_manager": self.case_manager_id, "version": case.version})
        _expect(assigned, 302, "assignment")
        seen = self.clients["case_manager"].get(reverse("caseload"), {"q": last_name})
        _expect(seen, 200, "case manager's caseload", contains=case.code)


def _expect(response, status: int, step: str, contains: str = "") -> None:
    if response.status_code != status:
        raise SystemExit(f"bench: round trip, {step}: {response.status_code}, not {status}")
    if contains and contains not in response.content.decode():
        raise SystemExit(f"bench: round trip, {step}: {contains} is not on the page")


def busiest_open_case(owner_id: int) -> int:
    """The measured case manager's open case with the longest timeline."""
    return (Case.objects.filter(owner_id=owner_id).exclude(state__in=["closed", "dropped"])
            .annotate(n=Count("events")).order_by("-n", "pk").values_list("pk", flat=True).first())
