"""Pathway routing: rules as data, the first matching rule proposes, with its reasons; rules editable with
history by programme managers; decisions confirm or override with a reason; overrides counted."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from florwork.assessment import instruments, routing
from florwork.assessment.models import PathwayDecision, RoutingRuleSet
from florwork.assessment.services import assessment_finalize, pathway_decide, rules_save
from florwork.audit.models import AuditEntry

RULES = instruments.read(instruments.ROUTING_RULES_V1)
DIMENSIONS = ["work_experience", "job_search", "motivation", "basic_digital", "italian", "health", "caring",
              "housing", "mobility", "practical"]


def _scores(**low):
    return {**{code: 75.0 for code in DIMENSIONS}, **low}


def test_a_health_barrier_proposes_work_and_inclusion_with_its_reason():
    proposal = routing.propose(RULES, _scores(health=25.0))
    assert proposal.pathway == routing.Pathway.WORK_AND_INCLUSION
    assert proposal.rule_id == "social-and-health-barriers"
    assert [(c.dimension, c.score, c.met) for c in proposal.conditions] == [("health", 25.0, True)]


def test_solid_scores_propose_job_ready_and_weak_skills_reskilling():
    assert routing.propose(RULES, _scores()).pathway == routing.Pathway.JOB_READY
    assert routing.propose(RULES, _scores(work_experience=30.0)).pathway == routing.Pathway.RESKILLING


def test_no_rule_matching_gives_the_default():
    proposal = routing.propose(RULES, _scores(job_search=50.0))
    assert proposal.pathway == routing.Pathway.UPSKILLING and proposal.rule_id == ""


def test_rules_are_tried_in_order():
    proposal = routing.propose(RULES, _scores(health=10.0, work_experience=10.0))
    assert proposal.pathway == routing.Pathway.WORK_AND_INCLUSION


@pytest.mark.parametrize("broken, message", [
    ({"rules": "x"}, "list of rules"),
    ({**RULES, "rules": [{**RULES["rules"][0], "pathway": 5}]}, "pathway must be"),
    ({**RULES, "rules": [{**RULES["rules"][0], "conditions": [{"dimension": "luck", "op": "<", "value": 1}]}]},
     "unknown dimension"),
    ({**RULES, "rules": [{**RULES["rules"][0], "conditions": [{"dimension": "health", "op": "~", "value": 1}]}]},
     "op must be"),
    ({**RULES, "rules": [{**RULES["rules"][0], "conditions": [{"dimension": "health", "op": "<", "value": 120}]}]},
     "value must be"),
])
def test_invalid_rules_are_refused_with_the_reason(broken, message):
    with pytest.raises(routing.InvalidRules, match=message):
        routing.validate(broken, DIMENSIONS)


# --- rules as data, edited with history ----------------------------------------------------------------

def test_the_first_rules_are_loaded(db):
    assert RoutingRuleSet.objects.get().rules == RULES


def test_the_programme_manager_saves_a_new_version_audited(client, login, english):
    changed = copy.deepcopy(RULES)
    changed["rules"][0]["conditions"][0]["value"] = 45
    login(client, "programme_manager")
    response = client.post(reverse("routing_rules"), {"rules": json.dumps(changed), "note": "health at 45"})
    assert response.status_code == 302
    assert list(RoutingRuleSet.objects.values_list("version", flat=True)) == [2, 1]
    assert RoutingRuleSet.objects.get(version=1).rules == RULES  # history kept
    assert AuditEntry.objects.filter(object_type="assessment.RoutingRuleSet", operation="create").exists()
    html = client.get(reverse("routing_rules")).content.decode()
    assert "health at 45" in html and "v1" in html


def test_invalid_json_and_invalid_rules_are_refused_on_the_page(client, login, english):
    login(client, "programme_manager")
    response = client.post(reverse("routing_rules"), {"rules": "{not json", "note": "x"})
    assert response.status_code == 400 and "not valid JSON" in response.content.decode()
    response = client.post(reverse("routing_rules"), {"rules": json.dumps({"rules": []}), "note": "x"})
    assert response.status_code == 400 and RoutingRuleSet.objects.count() == 1


def test_a_case_manager_cannot_edit_the_rules(client, login, actors):
    login(client, "case_manager")
    assert client.get(reverse("routing_rules")).status_code == 403
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        rules_save(by=actors["case_manager"], rules=RULES, note="x")


# --- decisions -------------------------------------------------------------------------------------------

def _finalized(started, fill, actors, **values):
    assessment = fill(started(), values=values)
    return assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)


def test_the_result_page_shows_the_proposal_with_its_reasons(client, login, english, started, fill, actors):
    assessment = _finalized(started, fill, actors, he_limits=5, he_care_followed=1, he_self_energy=5)
    login(client, "case_manager")
    html = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert "4 · work and inclusion" in html and "social-and-health-barriers" in html
    assert "Health and well-being as it affects work: 0.0 &lt; 40" in html


def test_confirming_the_proposal_needs_no_reason(started, fill, actors):
    assessment = _finalized(started, fill, actors)
    decision = pathway_decide(by=actors["case_manager"], assessment=assessment,
                              chosen=assessment.scores["proposal"]["pathway"])
    assert not decision.is_override and decision.rule_set.version == 1


def test_an_override_without_a_reason_is_refused(started, fill, actors):
    assessment = _finalized(started, fill, actors)
    with pytest.raises(ValidationError, match="Say why"):
        pathway_decide(by=actors["case_manager"], assessment=assessment, chosen=4)


def test_an_override_is_recorded_audited_counted_and_listed(client, login, english, started, fill, actors):
    assessment = _finalized(started, fill, actors)
    login(client, "case_manager")
    response = client.post(reverse("pathway_decide", args=[assessment.pk]),
                           {"chosen": 4, "reason": "Recent eviction, not in the answers"})
    assert response.status_code == 302
    decision = PathwayDecision.objects.get()
    assert decision.is_override and decision.proposed == 1 and decision.chosen == 4
    assert AuditEntry.objects.filter(object_type="assessment.Assessment", detail__chosen=4).exists()
    login(client, "programme_manager")
    html = client.get(reverse("pathway_overrides")).content.decode()
    assert "1 overrides out of 1 pathway decisions" in html and "Recent eviction" in html


def test_the_database_refuses_an_override_without_a_reason(started, fill, actors):
    from django.db import IntegrityError

    assessment = _finalized(started, fill, actors)
    decision = pathway_decide(by=actors["case_manager"], assessment=assessment, chosen=1)
    with pytest.raises(IntegrityError):
        PathwayDecision.objects.filter(pk=decision.pk).update(chosen=2)
