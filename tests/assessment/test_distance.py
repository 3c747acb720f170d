"""Distance travelled: repeated assessments as accessible per-dimension charts and a table; the next one due
six months after the last; the programme manager's cohort view by pathway."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.assessment.models import Assessment
from florwork.assessment.selectors import next_assessment_due
from florwork.assessment.services import assessment_finalize, assessment_start, pathway_decide

pytestmark = pytest.mark.usefixtures("english")


def _assess(actors, case, fill, value):
    assessment = fill(assessment_start(by=actors["case_manager"], case=case), value=value)
    return assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)


@pytest.fixture
def twice(actors, make_case, fill):
    case = make_case(state="intake")
    first = _assess(actors, case, fill, 2)
    Assessment.objects.filter(pk=first.pk).update(finalized_at=timezone.now() - dt.timedelta(days=180))
    pathway_decide(by=actors["case_manager"], assessment=first, chosen=first.scores["proposal"]["pathway"])
    second = _assess(actors, case, fill, 4)
    return case, first, second


def test_the_next_assessment_is_due_six_months_after_the_last(actors, make_case, fill):
    case = make_case(state="intake")
    assert next_assessment_due(case) is None
    assessment = _assess(actors, case, fill, 3)
    Assessment.objects.filter(pk=assessment.pk).update(finalized_at=dt.datetime(2025, 8, 31, 12, tzinfo=dt.UTC))
    assert next_assessment_due(case) == dt.date(2026, 2, 28)


def test_the_progress_page_draws_accessible_charts_and_a_table(client, login, twice):
    case, _first, _second = twice
    login(client, "case_manager")
    html = client.get(reverse("assessment_progress", args=[case.pk])).content.decode()
    assert html.count('role="img"') == 10 and html.count("<title id=") == 10 and "<desc id=" in html
    assert 'id="progress-table"' in html and "<polyline" in html
    assert "+50.0" in html  # italian: 25 → 75


def test_another_teams_case_manager_cannot_see_the_progress(client, login, twice):
    case, _first, _second = twice
    login(client, "other_case_manager")
    assert client.get(reverse("assessment_progress", args=[case.pk])).status_code == 404


def test_the_cohort_view_averages_the_change_by_pathway(client, login, twice):
    login(client, "programme_manager")
    html = client.get(reverse("assessment_cohort")).content.decode()
    assert 'id="cohort"' in html and "+50.0" in html


def test_a_case_manager_cannot_open_the_cohort_view(client, login):
    login(client, "case_manager")
    assert client.get(reverse("assessment_cohort")).status_code == 403


@pytest.mark.parametrize("language", ["it", "en"])
def test_chart_coordinates_use_a_decimal_point_in_every_language(client, login, personas, twice, language):
    import re

    case, _first, _second = twice
    personas["case_manager"].language = language
    personas["case_manager"].save(update_fields=["language"])
    login(client, "case_manager")

    svg = client.get(reverse("assessment_progress", args=[case.pk])).content.decode()

    circles = re.findall(r'<circle cx="([^"]*)" cy="([^"]*)"', svg)
    points = re.findall(r'<polyline points="([^"]*)"', svg)
    assert circles and points
    assert all(re.fullmatch(r"[0-9.]+", value) for pair in circles for value in pair)
    assert all(re.fullmatch(r"[0-9.]+,[0-9.]+", xy) for line in points for xy in line.split())
