"""Vacancies: a job (or tirocinio) a company offers, described in the taxonomy's terms so that candidates
can be ranked for it. A vacancy is created by a company officer, often from a direct opportunity found at
a visit (the ``opportunities`` app points to the vacancy it became)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from florwork.people.choices import CefrLevel, ContractKind, HoursPreference, IscedLevel


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")  # open: candidates are ranked and presented for it
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")  # withdrawn or expired without being filled


class Vacancy(models.Model):
    company = models.ForeignKey("employers.Company", verbose_name=_("company"), on_delete=models.PROTECT,
                                related_name="vacancies")
    site = models.ForeignKey("employers.Site", verbose_name=_("site"), on_delete=models.PROTECT, null=True,
                             blank=True, related_name="vacancies")
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey("matching.Occupation", verbose_name=_("occupation (ESCO)"),
                                   on_delete=models.PROTECT, related_name="vacancies")
    description = models.TextField(_("description"), blank=True)
    contract_kind = models.CharField(_("contract"), max_length=16, choices=ContractKind.choices)
    hours = models.CharField(_("hours"), max_length=10, choices=HoursPreference.choices,
                             default=HoursPreference.FULL_TIME)
    weekly_hours = models.PositiveSmallIntegerField(_("weekly hours"), null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(48)])
    positions = models.PositiveSmallIntegerField(_("places"), default=1, validators=[MinValueValidator(1)])
    # requirements: hard constraints of the ranking
    required_licences = models.JSONField(_("required driving licences"), default=list, blank=True)
    min_isced_level = models.PositiveSmallIntegerField(_("minimum education (ISCED)"), choices=IscedLevel.choices,
                                                       null=True, blank=True)
    min_italian_level = models.CharField(_("minimum Italian (CEFR)"), max_length=6, choices=CefrLevel.choices,
                                         blank=True)
    other_requirements = models.TextField(_("other requirements"), blank=True)
    # accessibility of the workplace and the job, matched against the candidates' needs
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True,
                                     help_text=_('e.g. ["step_free", "accessible_toilet", "seated_work"]'))
    law68_eligible = models.BooleanField(_("counts towards the Law 68/1999 quota"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=VacancyStatus.choices,
                              default=VacancyStatus.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closes_on = models.DateField(_("applications close"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    created_by_organization_id = models.BigIntegerField(null=True, blank=True)
    created_by_user_id = models.BigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=VacancyStatus.values), name="vacancy_status_valid"),
            models.CheckConstraint(condition=Q(contract_kind__in=ContractKind.values),
                                   name="vacancy_contract_kind_valid"),
            models.CheckConstraint(condition=Q(positions__gte=1), name="vacancy_positions_positive"),
            # a published, filled or closed vacancy was published once
            models.CheckConstraint(condition=Q(status=VacancyStatus.DRAFT) | Q(published_at__isnull=False),
                                   name="vacancy_published_has_date"),
        ]
        indexes = [models.Index(fields=["status", "company"], name="vacancy_status_company")]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"OF-{self.pk:06d}"


class VacancySkill(models.Model):
    """A skill the vacancy asks for: essential (its absence counts against a candidate) or optional."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey("matching.Skill", verbose_name=_("skill"), on_delete=models.PROTECT,
                              related_name="vacancy_links")
    essential = models.BooleanField(_("essential"), default=True)

    class Meta:
        ordering = ["-essential", "pk"]
        verbose_name = _("skill asked for")
        verbose_name_plural = _("skills asked for")
        constraints = [models.UniqueConstraint(fields=["vacancy", "skill"], name="vacancy_skill_unique")]

    def __str__(self) -> str:
        return f"{self.skill_id} ({'essential' if self.essential else 'optional'})"


__all__ = ["Vacancy", "VacancySkill", "VacancyStatus"]
