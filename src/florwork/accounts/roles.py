"""Organization kinds and roles (DESIGN.md, "Who uses it")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality social services")
    HUB_OPERATOR = "hub_operator", _("Hub operator (employment consortium)")
    EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency")
    SOCIAL_COOP_A = "social_coop_a", _("Social cooperative, type A")
    SOCIAL_COOP_B = "social_coop_b", _("Social cooperative, type B")
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    THIRD_SECTOR = "third_sector", _("Third-sector organization")
    UNIVERSITY = "university", _("University")
    FUNDER = "funder", _("Funder or investor")


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    CASE_MANAGER = "case_manager", _("Case manager")
    COMPANY_OFFICER = "company_officer", _("Company-relations officer")
    PARTNER_OPERATOR = "partner_operator", _("Partner operator")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    EVALUATOR = "evaluator", _("Evaluator")
    FUNDER = "funder", _("Funder or investor")
    ADMINISTRATOR = "administrator", _("Administrator")


K = OrganizationKind
# Which organization kinds a role can be held in; the administrator may sit in any.
ROLE_ORGANIZATION_KINDS: dict[str, frozenset[str]] = {
    Role.SOCIAL_WORKER: frozenset({K.MUNICIPALITY}),
    Role.CASE_MANAGER: frozenset({K.HUB_OPERATOR}),
    Role.COMPANY_OFFICER: frozenset({K.EMPLOYMENT_AGENCY, K.HUB_OPERATOR}),
    Role.PARTNER_OPERATOR: frozenset({K.SOCIAL_COOP_A, K.SOCIAL_COOP_B, K.TRAINING_PROVIDER, K.THIRD_SECTOR}),
    Role.PROGRAMME_MANAGER: frozenset({K.MUNICIPALITY}),
    Role.EVALUATOR: frozenset({K.UNIVERSITY}),
    Role.FUNDER: frozenset({K.FUNDER}),
    Role.ADMINISTRATOR: frozenset(K.values),
}
