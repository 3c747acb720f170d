"""The partner network: the services partner organizations publish, and the closed-loop referrals
a hub sends to them (sent → answered → started → closed), with the seats they hold."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceKind(models.TextChoices):
    ORIENTATION = "orientation", _("orientation")
    SKILLS_ASSESSMENT = "skills_assessment", _("skills assessment (bilancio di competenze)")
    SOFT_SKILLS_LAB = "soft_skills_lab", _("soft-skills lab")
    ON_THE_JOB_TRAINING = "on_the_job_training", _("on-the-job training")
    VOCATIONAL_COURSE = "vocational_course", _("vocational course")
    # tirocini extracurriculari: Linee guida Conferenza Stato-Regioni 25 maggio 2017; Toscana L.R. 32/2002
    TIROCINIO = "tirocinio", _("traineeship (tirocinio)")
    JOB_COACHING = "job_coaching", _("job coaching")
    ITALIAN_COURSE = "italian_course", _("Italian course (L2)")
    CARE_SUPPORT = "care_support", _("childcare or care support")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("psychological support")
    HOUSING_ADVICE = "housing_advice", _("housing advice")
    DEBT_ADVICE = "debt_advice", _("debt advice")
    OTHER = "other", _("other")


class CapacityPeriod(models.TextChoices):
    """Seats are counted per period: a referral accepted in a period holds one of that period's seats."""

    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    YEAR = "year", _("per year")


class DisabilityRule(models.TextChoices):
    ANY = "any", _("open to everyone")
    REQUIRED = "required", _("only people with a disability or enrolled under L. 68/1999")


class Service(models.Model):
    """A service a partner organization publishes. Never deleted once referred to: it is archived."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="services",
                                     verbose_name=_("organization"))
    kind = models.CharField(_("kind"), max_length=24, choices=ServiceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # the assessment dimension (code of the instrument's dimension) the service mainly works on
    dimension = models.SlugField(_("assessment dimension addressed"), max_length=60, blank=True)
    # eligibility
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True,
                                               validators=[MaxValueValidator(120)])
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True,
                                               validators=[MaxValueValidator(120)])
    pathways = models.JSONField(_("GOL pathways"), default=list, blank=True,
                                help_text=_("Empty: open to every pathway."))
    disability = models.CharField(_("disability"), max_length=8, choices=DisabilityRule.choices,
                                  default=DisabilityRule.ANY)
    residence_comuni = models.ManyToManyField("territory.Comune", blank=True, related_name="+",
                                              verbose_name=_("for residents of"),
                                              help_text=_("Empty: open to residents of any comune."))
    # capacity
    capacity_period = models.CharField(_("capacity period"), max_length=8, choices=CapacityPeriod.choices,
                                       default=CapacityPeriod.MONTH)
    seats_per_period = models.PositiveIntegerField(_("seats per period"), null=True, blank=True,
                                                   help_text=_("Empty: no seat limit."))
    waiting_list = models.BooleanField(_("keeps a waiting list"), default=True)
    cost_per_participant = models.DecimalField(_("cost per participant (EUR)"), max_digits=9, decimal_places=2,
                                               default=0, validators=[MinValueValidator(0)])
    # where, when, who to call
    comune = models.ForeignKey("territory.Comune", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    schedule = models.CharField(_("schedule"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # bookkeeping
    is_archived = models.BooleanField(_("archived"), default=False)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ServiceKind.values), name="service_kind_valid"),
            models.CheckConstraint(condition=Q(capacity_period__in=CapacityPeriod.values),
                                   name="service_capacity_period_valid"),
            models.CheckConstraint(condition=Q(disability__in=DisabilityRule.values),
                                   name="service_disability_valid"),
            models.CheckConstraint(condition=Q(cost_per_participant__gte=0), name="service_cost_not_negative"),
            models.CheckConstraint(condition=Q(min_age__isnull=True) | Q(max_age__isnull=True)
                                   | Q(min_age__lte=F("max_age")), name="service_age_range_ordered"),
            models.CheckConstraint(condition=Q(is_archived=False, archived_at__isnull=True)
                                   | Q(is_archived=True, archived_at__isnull=False), name="service_archived_paired"),
        ]
        indexes = [
            models.Index(fields=["is_archived", "kind"], name="service_live_kind"),
            models.Index(fields=["organization", "is_archived"], name="service_org"),
        ]

    def __str__(self) -> str:
        return self.title


class ReferralState(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WAITING_LIST = "waiting_list", _("waiting list")
    STARTED = "started", pgettext_lazy("partner referral state", "started")  # not "started on" (a date)
    COMPLETED = "completed", _("completed")
    INTERRUPTED = "interrupted", _("interrupted")
    EXPIRED = "expired", _("expired (not answered in time)")


# the states in which nothing more happens
CLOSED_REFERRAL_STATES = (ReferralState.DECLINED, ReferralState.COMPLETED, ReferralState.INTERRUPTED,
                          ReferralState.EXPIRED)


class PartnerReferral(models.Model):
    """A case manager's referral of a case's person to a partner's service (the closed loop)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="partner_referrals")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="partner_referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("service"))
    # the receiving partner (the service's organization when sent) and the sending hub team
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="partner_referrals_received", verbose_name=_("partner"))
    sending_organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                             related_name="partner_referrals_sent", verbose_name=_("sent by"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    sent_by_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(_("reason for the referral"))
    pathway = models.PositiveSmallIntegerField(_("GOL pathway"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.SENT)
    state_reason = models.CharField(_("reason"), max_length=500, blank=True)
    state_changed_at = models.DateTimeField(_("state since"))
    # milestones (the timeliness figures read "sent → answered")
    sent_at = models.DateTimeField(_("sent"))
    answer_due = models.DateField(_("answer due by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # the first day of the capacity period whose seat this referral holds; empty when it holds none
    seat_period = models.DateField(_("seat held in the period from"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("partner referral")
        verbose_name_plural = _("partner referrals")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ReferralState.values), name="partner_referral_state_valid"),
            models.CheckConstraint(condition=~Q(state__in=[s.value for s in CLOSED_REFERRAL_STATES])
                                   | Q(closed_at__isnull=False), name="partner_referral_closed_has_date"),
            models.CheckConstraint(condition=Q(state__in=["accepted", "started"]) | Q(seat_period__isnull=True),
                                   name="partner_referral_seat_only_when_held"),
            models.CheckConstraint(condition=~Q(state__in=["declined", "interrupted"]) | ~Q(state_reason=""),
                                   name="partner_referral_reason_when_refused"),
            # one live referral of a person to the same service at a time
            models.UniqueConstraint(fields=["person", "service"],
                                    condition=Q(state__in=["sent", "accepted", "waiting_list", "started"]),
                                    name="partner_referral_one_live_per_service"),
        ]
        indexes = [
            models.Index(fields=["organization", "state"], name="partner_referral_inbox"),
            models.Index(fields=["state", "answer_due"], name="partner_referral_due"),
            models.Index(fields=["service", "seat_period"], name="partner_referral_seats"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """A pseudonymous code, safe in lists, URLs and messages."""
        return f"R-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_REFERRAL_STATES


class NetworkTerms(models.Model):
    """Parameters of the network the programme manager edits (one row, pk=1)."""

    answer_within_working_days = models.PositiveSmallIntegerField(
        _("a partner answers a referral within (working days)"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("network terms")
        verbose_name_plural = _("network terms")
        constraints = [models.CheckConstraint(condition=Q(answer_within_working_days__gte=1),
                                              name="network_terms_answer_days_positive")]

    def __str__(self) -> str:
        return f"answer within {self.answer_within_working_days} working days"
