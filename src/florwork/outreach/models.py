"""Outreach: the scoring weights (a row per version, the newest in force), campaigns, their target
companies and the contacts made with each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScoringWeights(models.Model):
    """One version of the outreach weights (see scoring.Weights); never edited, a change is a new row,
    so the history shows who weighed what when."""

    values = models.JSONField(_("weights"))
    note = models.CharField(_("why"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved on"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_label = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("outreach weights")
        verbose_name_plural = _("outreach weights")

    def __str__(self) -> str:
        return f"weights #{self.pk}"


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Campaign(models.Model):
    """An outreach campaign of one organization: what to tell which companies, by whom."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"))
    script = models.TextField(_("script (what to say)"), blank=True)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="outreach_campaigns",
                                      verbose_name=_("assigned officers"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    filters = models.JSONField(_("built from the filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by_label = models.CharField(_("created by"), max_length=200)
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outreach campaign")
        verbose_name_plural = _("outreach campaigns")
        constraints = [models.CheckConstraint(condition=Q(status__in=CampaignStatus.values),
                                              name="campaign_status_valid")]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return f"OC-{self.pk:05d}"


class Outcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("no answer")
    CALL_BACK = "call_back", _("call back")
    NOT_INTERESTED = "not_interested", _("not interested")
    INTERESTED = "interested", _("interested")
    APPOINTMENT = "appointment", _("appointment set")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    OPTED_OUT = "opted_out", _("opted out")


# a target whose latest outcome is one of these needs no further call in this campaign
FINAL_OUTCOMES = frozenset({Outcome.NOT_INTERESTED, Outcome.INTERESTED, Outcome.APPOINTMENT, Outcome.OPTED_OUT})


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    VISIT = "visit", _("visit")


class CampaignTarget(models.Model):
    """A company on a campaign's list, with its priority when it was added and its latest outcome."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    company = models.ForeignKey("employers.Company", on_delete=models.PROTECT, related_name="outreach_targets")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("officer"))
    priority = models.FloatField(_("priority when added"), default=0)
    last_outcome = models.CharField(_("latest outcome"), max_length=16, choices=Outcome.choices, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    added_at = models.DateTimeField(_("added"))
    version = models.PositiveIntegerField(default=1)  # two officers calling the same company: one conflict

    class Meta:
        ordering = ["-priority", "company_id"]
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "company"], name="campaign_target_once"),
            models.CheckConstraint(condition=Q(last_outcome="") | Q(last_outcome__in=Outcome.values),
                                   name="campaign_target_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.company_id}"


class CampaignContact(models.Model):
    """One attempt to reach a target company: when, who, how, with which of its contacts, what came of it."""

    target = models.ForeignKey(CampaignTarget, on_delete=models.CASCADE, related_name="contacts")
    company = models.ForeignKey("employers.Company", on_delete=models.PROTECT, related_name="outreach_contacts")
    contact = models.ForeignKey("employers.Contact", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("person contacted"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name=_("officer"))
    officer_label = models.CharField(_("officer"), max_length=200)
    at = models.DateTimeField(_("when"), db_index=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("outreach contact")
        verbose_name_plural = _("outreach contacts")
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="outreach_contact_channel_valid"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="outreach_contact_outcome_valid"),
        ]
        indexes = [models.Index(fields=["company", "at"], name="outreach_contact_company_at")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.outcome} {self.at:%Y-%m-%d}"
