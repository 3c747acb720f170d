"""Shortlist entries: one candidate proposed for one vacancy, followed through the placement funnel.

A vacancy's shortlist is the set of its entries. The company sees a candidate only by a pseudonymous
code (``matching.pseudonyms.candidate_code``) until it asks for an interview and the person agrees; then
the officer may reveal the identity (each reveal audited)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from florwork.shortlists import funnel


class Stage(models.TextChoices):
    PROPOSED = funnel.PROPOSED, _("proposed")
    PRESENTED = funnel.PRESENTED, _("presented")
    INTERVIEW = funnel.INTERVIEW, _("interview")
    TRIAL = funnel.TRIAL, _("trial / tirocinio")
    HIRED = funnel.HIRED, _("hired")
    NOT_HIRED = funnel.NOT_HIRED, _("not hired")


class NotHiredReason(models.TextChoices):
    """Why a presented candidate was not hired: a closed list, so that the hub can learn from it."""

    SKILLS = "skills", _("skills or experience not matching")
    NO_SHOW = "no_show", _("did not come to the interview")
    WITHDREW = "withdrew", _("the candidate withdrew")
    SEARCH_CLOSED = "search_closed", _("the company closed the search")
    CANDIDATE_REFUSED = "candidate_refused", _("the candidate refused the offer")
    TRIAL_ENDED = "trial_ended", _("the trial or tirocinio ended without hiring")
    OTHER = "other", _("other")


# the date field of each step
STEP_DATE = {
    Stage.PROPOSED: "proposed_on", Stage.PRESENTED: "presented_on", Stage.INTERVIEW: "interview_on",
    Stage.TRIAL: "trial_on", Stage.HIRED: "hired_on", Stage.NOT_HIRED: "not_hired_on",
}


class ShortlistEntry(models.Model):
    vacancy = models.ForeignKey("matching.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT,
                                related_name="shortlist_entries")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="shortlist_entries")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="shortlist_entries")
    code = models.CharField(_("candidate code"), max_length=32)  # pseudonymous, per person and vacancy
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.PROPOSED)
    # the ranking when the candidate was added (a snapshot: the ranking changes with the data)
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    # each step, dated
    proposed_on = models.DateField(_("proposed on"))
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    trial_on = models.DateField(_("trial started on"), null=True, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    not_hired_on = models.DateField(_("not hired on"), null=True, blank=True)
    not_hired_reason = models.CharField(_("reason not hired"), max_length=20, choices=NotHiredReason.choices,
                                        blank=True)
    not_hired_note = models.CharField(_("note"), max_length=300, blank=True)
    # the identity reveal needs both: the company asked to interview, the person agreed
    interview_requested_at = models.DateTimeField(_("interview requested"), null=True, blank=True)
    interview_request_note = models.CharField(_("company's request"), max_length=300, blank=True)
    interview_requested_by_label = models.CharField(max_length=200, blank=True)
    person_agreed_at = models.DateTimeField(_("person agreed"), null=True, blank=True)
    person_agreed_by_user_id = models.BigIntegerField(null=True, blank=True)
    person_agreed_by_label = models.CharField(_("agreement recorded by"), max_length=200, blank=True)
    first_revealed_at = models.DateTimeField(_("identity first revealed"), null=True, blank=True)
    # the officer who proposed the candidate (funnel per officer)
    officer_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    officer_label = models.CharField(_("officer"), max_length=200, blank=True)
    officer_organization_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        ordering = ["vacancy", "-score", "pk"]
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        constraints = [
            # the same person is never presented twice to one vacancy
            models.UniqueConstraint(fields=["vacancy", "person"], name="shortlist_entry_once_per_vacancy"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="shortlist_entry_stage_valid"),
            models.CheckConstraint(condition=Q(not_hired_reason="") | Q(not_hired_reason__in=NotHiredReason.values),
                                   name="shortlist_entry_reason_valid"),
            # not hired has a date and a reason; nothing else has a reason
            models.CheckConstraint(
                condition=(Q(stage=Stage.NOT_HIRED) & Q(not_hired_on__isnull=False) & ~Q(not_hired_reason=""))
                | (~Q(stage=Stage.NOT_HIRED) & Q(not_hired_reason="")),
                name="shortlist_entry_not_hired_reason"),
            models.CheckConstraint(condition=Q(stage=Stage.PROPOSED) | Q(presented_on__isnull=False),
                                   name="shortlist_entry_presented_dated"),
            # the identity is revealed only after the request and the agreement
            models.CheckConstraint(condition=Q(first_revealed_at__isnull=True)
                                   | (Q(interview_requested_at__isnull=False) & Q(person_agreed_at__isnull=False)),
                                   name="shortlist_entry_reveal_after_agreement"),
        ]
        indexes = [models.Index(fields=["vacancy", "stage"], name="shortlist_entry_vacancy_stage")]

    def __str__(self) -> str:
        return f"{self.code} ({self.stage})"

    @property
    def may_reveal(self) -> bool:
        return self.interview_requested_at is not None and self.person_agreed_at is not None

    def step_dates(self) -> list[tuple[str, str, object]]:
        """(stage, label, date) of every step reached, in funnel order."""
        return [(stage.value, stage.label, getattr(self, field)) for stage, field in STEP_DATE.items()
                if getattr(self, field) is not None]
