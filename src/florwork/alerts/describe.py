"""One sentence per task, in the reader's language, from the rule and the task's detail (ids and figures)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from florwork.alerts.models import RuleCode, Task
from florwork.people.choices import BenefitKind


def _day(value: Any) -> str:
    try:
        return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _clock(name: str) -> str:
    from florwork.cases.models import SlaClock

    return str(dict(SlaClock.choices).get(name, name))


def describe(task: Task) -> str:
    d, code = task.detail or {}, task.rule.code
    if code == RuleCode.NO_CONTACT:
        return _("No contact for %(days)s days (last on %(since)s).") % {"days": d.get("days"),
                                                                          "since": _day(d.get("since"))}
    if code == RuleCode.ACTION_OVERDUE:
        return ngettext("%(count)s plan action is past its end date (%(ends)s).",
                        "%(count)s plan actions are past their end date (the first on %(ends)s).",
                        d.get("count", 1)) % {"count": d.get("count", 1), "ends": _day(d.get("ends_on"))}
    if code == RuleCode.REFERRAL_UNANSWERED:
        ref = f"R-{int(d.get('referral', 0)):06d}"
        if d.get("expired"):
            return _("Partner referral %(ref)s expired without an answer (due %(due)s): find another way.") % {
                "ref": ref, "due": _day(d.get("answer_due"))}
        return _("Partner referral %(ref)s is still waiting for the partner's answer, due %(due)s.") % {
            "ref": ref, "due": _day(d.get("answer_due"))}
    if code == RuleCode.BENEFIT_ENDING:
        return _("A benefit (%(kind)s) ends on %(ends)s: plan what comes next.") % {
            "kind": _benefit_label(str(d.get("kind", ""))), "ends": _day(d.get("ends_on"))}
    if code == RuleCode.ASSESSMENT_DUE:
        return _("Six-monthly reassessment due on %(due)s (last on %(last)s).") % {
            "due": _day(d.get("due_on")), "last": _day(d.get("last_on"))}
    if code == RuleCode.FOLLOW_UP_DUE:
        return _("%(months)s-month follow-up after the placement of %(placed)s, due %(due)s.") % {
            "months": d.get("months"), "placed": _day(d.get("placed_on")), "due": _day(d.get("due_on"))}
    if code == RuleCode.SLA_BREACH:
        if d.get("overdue"):
            return _("%(clock)s: target missed on %(due)s.") % {"clock": _clock(d.get("clock", "")).capitalize(),
                                                                 "due": _day(d.get("due_on"))}
        # the detail is as of the task's opening: the target date stays true, the days left do not
        return _("%(clock)s: target on %(due)s.") % {"clock": _clock(d.get("clock", "")).capitalize(),
                                                      "due": _day(d.get("due_on"))}
    if code == RuleCode.RISK_WORSENED:
        return _("The overall assessment score fell from %(before)s to %(after)s.") % {
            "before": d.get("from"), "after": d.get("to")}
    if d.get("ends_on"):
        return _("Ends on %(ends)s with no next step.") % {"ends": _day(d.get("ends_on"))}
    return task.rule.label


def _benefit_label(kind: str) -> str:
    return str(BenefitKind(kind).label) if kind in BenefitKind.values else kind.upper()
