"""Opportunities found at companies, and the history of their status.

Direct opportunities (a vacancy, a tirocinio) become a ``matching.Vacancy``; indirect ones place people
through someone else: an Art. 14 D.Lgs 276/2003 commission to a type-B social cooperative (which, once won,
is recorded as an ``employers.Art14Convention``), a purchase of services from a social cooperative, a CSR
partnership. ``services`` is the only writer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from florwork.opportunities.lifecycle import OPEN, Stage


class OpportunityKind(models.TextChoices):
    VACANCY = "vacancy", _("vacancy")
    TIROCINIO = "tirocinio", _("tirocinio")
    ART14 = "art14", _("Art. 14 commission to a type-B cooperative")
    COOP_SERVICES = "coop_services", _("purchase of services from a social cooperative")
    CSR = "csr", _("CSR partnership")


DIRECT_KINDS = frozenset({OpportunityKind.VACANCY, OpportunityKind.TIROCINIO})
INDIRECT_KINDS = frozenset({OpportunityKind.ART14, OpportunityKind.COOP_SERVICES, OpportunityKind.CSR})
COOPERATIVE_KINDS = frozenset({OpportunityKind.ART14, OpportunityKind.COOP_SERVICES})


class OpportunityStatus(models.TextChoices):
    IDENTIFIED = Stage.IDENTIFIED, _("identified")
    QUALIFIED = Stage.QUALIFIED, _("qualified")
    IN_PROGRESS = Stage.IN_PROGRESS, _("in progress")
    WON = Stage.WON, _("won")
    LOST = Stage.LOST, _("lost")


OPEN_STATUSES = tuple(str(s) for s in OPEN)


class OpportunitySource(models.TextChoices):
    VISIT = "visit", _("visit")
    LAW68 = "law68", _("Law 68 shortfall")
    CALL = "call", _("phone call or e-mail")
    EVENT = "event", _("event or fair")
    PARTNER = "partner", _("reported by a partner")
    OTHER = "other", _("other")


class Opportunity(models.Model):
    company = models.ForeignKey("employers.Company", verbose_name=_("company"), on_delete=models.PROTECT,
                                related_name="opportunities")
    kind = models.CharField(_("kind"), max_length=16, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what was learned"), blank=True)
    visit = models.ForeignKey("visits.Visit", verbose_name=_("visit"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="opportunities")
    source = models.CharField(_("found through"), max_length=10, choices=OpportunitySource.choices,
                              default=OpportunitySource.OTHER)
    status = models.CharField(_("status"), max_length=12, choices=OpportunityStatus.choices,
                              default=OpportunityStatus.IDENTIFIED, db_index=True)
    lost_reason = models.CharField(_("reason it was lost"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status since"))
    expected_places = models.PositiveSmallIntegerField(_("expected places"), null=True, blank=True)
    # euro; for an Art. 14 commission or a purchase, the value of the work a year
    expected_value = models.DecimalField(_("expected value (€ a year)"), max_digits=12, decimal_places=2,
                                         null=True, blank=True)
    actual_value = models.DecimalField(_("actual value (€ a year)"), max_digits=12, decimal_places=2, null=True,
                                       blank=True)
    cooperative = models.ForeignKey("accounts.Organization", verbose_name=_("social cooperative"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="opportunities")
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="opportunities")
    vacancy = models.OneToOneField("matching.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="opportunity")
    convention = models.OneToOneField("employers.Art14Convention", verbose_name=_("Art. 14 convention"),
                                      on_delete=models.PROTECT, null=True, blank=True, related_name="opportunity")
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    created_by_label = models.CharField(_("recorded by"), max_length=200)
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OpportunityKind.values), name="opportunity_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=OpportunityStatus.values),
                                   name="opportunity_status_valid"),
            models.CheckConstraint(condition=Q(source__in=OpportunitySource.values),
                                   name="opportunity_source_valid"),
            # a lost opportunity says why; only a lost one has a reason
            models.CheckConstraint(condition=Q(status=Stage.LOST, lost_reason__gt="")
                                   | (~Q(status=Stage.LOST) & Q(lost_reason="")), name="opportunity_lost_reason"),
            # only direct opportunities become vacancies; only Art. 14 ones become conventions
            models.CheckConstraint(condition=Q(vacancy__isnull=True)
                                   | Q(kind__in=sorted(str(k) for k in DIRECT_KINDS)),
                                   name="opportunity_vacancy_direct"),
            models.CheckConstraint(condition=Q(convention__isnull=True) | Q(kind=OpportunityKind.ART14),
                                   name="opportunity_convention_art14"),
            models.CheckConstraint(condition=Q(cooperative__isnull=True)
                                   | Q(kind__in=sorted(str(k) for k in COOPERATIVE_KINDS)),
                                   name="opportunity_cooperative_kinds"),
            models.CheckConstraint(condition=(Q(expected_value__isnull=True) | Q(expected_value__gte=0))
                                   & (Q(actual_value__isnull=True) | Q(actual_value__gte=0)),
                                   name="opportunity_values_not_negative"),
        ]
        indexes = [models.Index(fields=["company", "status"], name="opportunity_company_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"OP-{self.pk:06d}"

    @property
    def is_direct(self) -> bool:
        return self.kind in DIRECT_KINDS

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class OpportunityStatusChange(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"))
    by_user_id = models.BigIntegerField(null=True, blank=True)
    by_label = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("opportunity status change")
        verbose_name_plural = _("opportunity status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
