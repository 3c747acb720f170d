"""Suggested actions come from the pathway and the weakest dimensions (rules as data, with history), and
are never applied without the case manager's choice."""

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.plans import suggest
from florwork.plans.data import RULES_V1
from florwork.plans.lifecycle import rules_save, suggestions_apply
from florwork.plans.models import Goal, PlanAction, SuggestionRuleSet
from florwork.plans.selectors import suggestions_for

pytestmark = pytest.mark.usefixtures("english")
RULES = json.loads(RULES_V1.read_text())
DIMENSIONS = ["work_experience", "job_search", "motivation", "basic_digital", "italian", "health", "caring",
              "housing", "mobility", "practical"]
KINDS = ["job_coaching", "vocational_course", "skills_assessment", "soft_skills_lab", "tirocinio", "italian_course",
         "orientation", "psychological_support", "care_support", "housing_advice", "debt_advice",
         "on_the_job_training"]


def _keys(found):
    return [s.key for s in found]


# --- the pure core ---------------------------------------------------------------------------------------

def test_the_pathway_and_the_weakest_dimensions_suggest_in_order():
    scores = {code: 80.0 for code in DIMENSIONS} | {"italian": 10.0, "caring": 30.0, "mobility": 55.0,
                                                    "housing": 59.0}
    found = suggest.suggest(RULES, pathway=4, scores=scores)
    assert _keys(found) == ["p4-soft-skills-lab", "p4-tirocinio", "dim-italian", "dim-caring", "dim-mobility"]
    assert found[0].pathway == 4 and found[2].score == 10.0 and found[2].dimension == "italian"


def test_only_dimensions_under_the_threshold_count_as_weak():
    assert _keys(suggest.suggest(RULES, pathway=None, scores={"italian": 60.0, "health": 59.9})) == ["dim-health"]
    assert suggest.weakest({"a": 10.0, "b": None, "c": 5.0}, count=1, below=60) == [("c", 5.0)]


def test_the_default_rules_are_valid_and_loaded(db):
    suggest.validate(RULES, DIMENSIONS, KINDS)
    assert SuggestionRuleSet.objects.get().rules == RULES


@pytest.mark.parametrize("broken, message", [
    ({"rules": "x"}, "list of rules"),
    ({**RULES, "weakest": {"count": 20, "below": 50}}, "weakest"),
    ({**RULES, "rules": [{**RULES["rules"][0], "when": {"pathway": [7]}}]}, "pathway is a list"),
    ({**RULES, "rules": [{**RULES["rules"][0], "when": {"dimension": "luck"}}]}, "unknown dimension"),
    ({**RULES, "rules": [{**RULES["rules"][0], "kind": "magic"}]}, "unknown kind"),
    ({**RULES, "rules": [{**RULES["rules"][0], "indicator": None}]}, "measurable indicator"),
    ({**RULES, "rules": [RULES["rules"][0], RULES["rules"][0]]}, "its own id"),
    ({**RULES, "rules": [{**RULES["rules"][0], "months": 0}]}, "months"),
])
def test_invalid_rules_are_refused_with_the_reason(broken, message):
    with pytest.raises(suggest.InvalidRules, match=message):
        suggest.validate(broken, DIMENSIONS, KINDS)


# --- for a case ---------------------------------------------------------------------------------------

def test_a_case_gets_the_suggestions_of_its_decided_pathway_and_weak_dimensions(decided, draft, actors):
    case = decided(weak=("italian", "health"), pathway=4)
    revision = draft(case)
    found = suggestions_for(actor=actors["case_manager"], case=case, revision=revision)
    keys = [row.suggestion.key for row in found.rows]
    assert keys[:2] == ["p4-soft-skills-lab", "p4-tirocinio"]
    assert {"dim-italian", "dim-health"} <= set(keys)
    assert found.decision.chosen == 4 and not any(row.applied for row in found.rows)


def test_nothing_is_applied_without_the_case_managers_choice(decided, draft, client, login, actors):
    case = decided(weak=("italian",), pathway=4)
    revision = draft(case)
    login(client, "case_manager")
    client.get(reverse("plan_detail", args=[case.pk]))
    assert not Goal.objects.exists() and not PlanAction.objects.exists()

    response = client.post(reverse("plan_suggestions", args=[case.pk]),
                           {"version": revision.version, "suggestion": ["dim-italian"]})
    assert response.status_code == 302
    assert list(PlanAction.objects.values_list("suggestion", flat=True)) == ["dim-italian"]
    assert list(Goal.objects.values_list("suggestion", flat=True)) == ["dim-italian"]


def test_a_ticked_suggestion_takes_the_chosen_service(decided, draft, actors, make_service):
    case = decided(weak=("italian",), pathway=4)
    revision = draft(case)
    lab = make_service(kind="soft_skills_lab", title="Laboratorio Ripartire", cost_per_participant="450.00")
    [action] = suggestions_apply(by=actors["case_manager"], revision=revision, version=revision.version,
                                 chosen={"p4-soft-skills-lab": lab.pk})
    assert action.service == lab and action.owner_organization_id == lab.organization_id
    assert str(action.cost) == "450.00" and action.goal.dimension.code == "motivation"
    assert revision.starts_on <= action.starts_on <= action.ends_on <= revision.ends_on
    row = {r.suggestion.key: r for r in suggestions_for(actor=actors["case_manager"], case=case,
                                                        revision=revision).rows}["p4-soft-skills-lab"]
    assert row.applied


def test_what_is_not_suggested_or_already_added_is_refused(decided, draft, actors):
    case = decided(weak=("italian",), pathway=4)
    revision = draft(case)
    with pytest.raises(ValidationError, match="Not suggested"):
        suggestions_apply(by=actors["case_manager"], revision=revision, version=revision.version,
                          chosen={"dim-housing": None})
    with pytest.raises(ValidationError, match="Tick at least one"):
        suggestions_apply(by=actors["case_manager"], revision=revision, version=revision.version, chosen={})
    suggestions_apply(by=actors["case_manager"], revision=revision, version=revision.version,
                      chosen={"dim-italian": None})
    with pytest.raises(ValidationError, match="Already in the plan"):
        suggestions_apply(by=actors["case_manager"], revision=revision, version=revision.version,
                          chosen={"dim-italian": None})
    assert PlanAction.objects.count() == 1


# --- the rules, edited with history ------------------------------------------------------------------

def test_the_programme_manager_saves_a_new_version_audited(client, login):
    changed = copy.deepcopy(RULES)
    changed["weakest"]["count"] = 2
    login(client, "programme_manager")
    response = client.post(reverse("suggestion_rules"), {"rules": json.dumps(changed), "note": "two weakest"})
    assert response.status_code == 302
    assert list(SuggestionRuleSet.objects.values_list("version", flat=True)) == [2, 1]
    assert SuggestionRuleSet.objects.get(version=1).rules == RULES  # history kept
    assert AuditEntry.objects.filter(object_type="plans.SuggestionRuleSet", operation="create").exists()
    html = client.get(reverse("suggestion_rules")).content.decode()
    assert "two weakest" in html and "v1" in html and "p4-tirocinio" in html


def test_invalid_rules_are_refused_on_the_page_and_nothing_is_saved(client, login):
    login(client, "programme_manager")
    response = client.post(reverse("suggestion_rules"), {"rules": "{not json", "note": "x"})
    assert response.status_code == 400 and "not valid JSON" in response.content.decode()
    response = client.post(reverse("suggestion_rules"), {"rules": json.dumps({"rules": [], "weakest": 3}),
                                                         "note": "x"})
    assert response.status_code == 400 and "weakest" in response.content.decode()
    assert SuggestionRuleSet.objects.count() == 1


def test_a_case_manager_cannot_edit_the_rules(client, login, actors):
    login(client, "case_manager")
    assert client.get(reverse("suggestion_rules")).status_code == 403
    with pytest.raises(PermissionDenied):
        rules_save(by=actors["case_manager"], rules=RULES, note="x")
