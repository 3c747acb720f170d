"""The assessments section of the case page (the case page is the cases app's; it loads this tag)."""

from django import template

from florwork.accounts.policy import Action, may
from florwork.assessment.models import Assessment, AssessmentStatus, Pathway, PathwayDecision
from florwork.assessment.selectors import next_assessment_due

register = template.Library()


@register.inclusion_tag("assessment/_case_section.html")
def case_assessments(actor, case):
    """Start or resume an assessment, the latest scores and pathway; only for who may assess the case."""
    if actor is None or not (may(actor, Action.ASSESSMENT_CONDUCT) and may(actor, Action.CASE_UPDATE, case)):
        return {"visible": False}
    assessments = Assessment.objects.filter(case=case).order_by("-started_at", "-pk")
    in_progress = assessments.filter(status=AssessmentStatus.IN_PROGRESS).first()
    latest = assessments.filter(status=AssessmentStatus.FINALIZED).order_by("-finalized_at").first()
    decision = PathwayDecision.objects.filter(assessment=latest).first() if latest else None
    return {"visible": True, "case": case, "in_progress": in_progress, "latest": latest, "decision": decision,
            "proposed": Pathway(latest.scores["proposal"]["pathway"]).label if latest else "",
            "next_due": next_assessment_due(case), "count": assessments.count()}
