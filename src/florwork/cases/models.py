from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from florwork.cases.lifecycle import FINAL, State

# a fixed order: built from the FINAL frozenset, the constraint's list changed between runs of makemigrations
FINAL_VALUES = [State.DROPPED.value, State.CLOSED.value]


class CaseState(models.TextChoices):
    REFERRED = State.REFERRED, _("referred")
    INTAKE = State.INTAKE, _("intake")
    ASSESSED = State.ASSESSED, _("assessed")
    PLANNED = State.PLANNED, _("planned")
    ACTIVE = State.ACTIVE, _("active")
    PLACED = State.PLACED, _("placed")
    FOLLOW_UP = State.FOLLOW_UP, _("follow-up")
    CLOSED = State.CLOSED, _("closed")
    SUSPENDED = State.SUSPENDED, _("suspended")
    DROPPED = State.DROPPED, _("dropped")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class Need(models.TextChoices):
    WORK = "work", _("finding work")
    SKILLS = "skills", _("training and skills")
    LANGUAGE = "language", _("Italian language")
    CARE = "care", _("childcare or care of a dependent")
    HOUSING = "housing", _("housing")
    HEALTH = "health", _("health or disability support")
    DEBT = "debt", _("debts and money")
    DOCUMENTS = "documents", _("documents and permits")
    MOBILITY = "mobility", _("transport and mobility")


class Referral(models.Model):
    """A social worker's request that the hub take a person on."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    referring_organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                               related_name="referrals_made")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="referrals_made")
    reason = models.TextField(_("reason"))
    needs = models.JSONField(_("needs"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    created_at = models.DateTimeField(_("referred on"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="referral_urgency_valid")]

    def __str__(self) -> str:
        return f"referral {self.pk} ({self.created_at:%Y-%m-%d})"


class ReferralAttachment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="referrals/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    team_organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                          related_name="cases", verbose_name=_("hub team"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="owned_cases", verbose_name=_("case manager"))
    state = models.CharField(_("state"), max_length=10, choices=CaseState.choices, default=CaseState.REFERRED)
    state_reason = models.CharField(_("reason"), max_length=300, blank=True)
    suspended_from = models.CharField(max_length=10, choices=CaseState.choices, blank=True)
    state_changed_at = models.DateTimeField(_("state since"))
    # milestones (denormalized from the timeline for the caseload and the SLA clocks)
    referred_at = models.DateTimeField(_("referred on"))
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    intake_at = models.DateTimeField(_("intake"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    next_due_date = models.DateField(_("next due"), null=True, blank=True)
    risk_flags = models.JSONField(_("risk flags"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: no lost update

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=~Q(state__in=FINAL_VALUES),
                                    name="case_one_open_per_person"),
            models.CheckConstraint(condition=Q(state__in=CaseState.values), name="case_state_valid"),
            models.CheckConstraint(condition=Q(state=CaseState.SUSPENDED) | Q(suspended_from=""),
                                   name="case_suspended_from_only_when_suspended"),
            models.CheckConstraint(condition=~Q(state__in=FINAL_VALUES) | Q(closed_at__isnull=False),
                                   name="case_final_has_closed_at"),
        ]
        indexes = [
            models.Index(fields=["owner", "state"], name="case_owner_state"),
            models.Index(fields=["team_organization", "state"], name="case_team_state"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """A pseudonymous case code, safe in lists, URLs and messages."""
        return f"C-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL


class EventKind(models.TextChoices):
    REFERRAL = "referral", _("referral")
    CONTACT = "contact", _("contact")
    NOTE = "note", _("note")
    DOCUMENT = "document", _("document")
    STATE_CHANGE = "state_change", _("state change")
    ASSIGNMENT = "assignment", _("assignment")


class ContactChannel(models.TextChoices):
    MEETING = "meeting", _("meeting")
    PHONE = "phone", _("phone call")
    MESSAGE = "message", _("message")
    MISSED = "missed", _("missed appointment")


class CaseEvent(models.Model):
    """One entry of a case's timeline. Append-only in practice: corrections are new events."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=ContactChannel.choices, blank=True)
    occurred_at = models.DateTimeField(_("when"))
    recorded_at = models.DateTimeField(_("recorded"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+")
    by_label = models.CharField(_("by"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    from_state = models.CharField(max_length=10, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=CaseState.choices, blank=True)
    document = models.FileField(_("document"), upload_to="cases/%Y/%m/", blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=Q(kind=EventKind.CONTACT, channel__in=ContactChannel.values)
                                   | (~Q(kind=EventKind.CONTACT) & Q(channel="")), name="event_channel_for_contacts"),
        ]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="event_case_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"


class SlaClock(models.TextChoices):
    REFERRAL_TO_FIRST_CONTACT = "referral_to_first_contact", _("referral → first contact")
    REFERRAL_TO_INTAKE = "referral_to_intake", _("referral → intake")
    INTAKE_TO_ASSESSMENT = "intake_to_assessment", _("intake → assessment")


class SlaTarget(models.Model):
    """A configurable target in Italian working days for one SLA clock."""

    clock = models.CharField(_("clock"), max_length=32, unique=True, choices=SlaClock.choices)
    working_days = models.PositiveSmallIntegerField(_("target (working days)"))
    warn_at = models.PositiveSmallIntegerField(_("due soon from (working days)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [models.CheckConstraint(condition=Q(warn_at__lte=models.F("working_days")),
                                              name="sla_warn_before_target")]

    def __str__(self) -> str:
        return f"{self.clock}: {self.working_days}"
