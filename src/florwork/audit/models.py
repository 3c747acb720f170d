from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    CREATE = "create", _("create")
    READ = "read", _("read")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    EXPORT = "export", _("export")


class Purpose(models.TextChoices):
    """Why personal data is touched (GDPR art. 5(1)(b), purpose limitation)."""

    ADMINISTRATION = "administration", _("administration of the hub")
    SECURITY = "security", _("security of the service")
    ACCOUNT = "account", _("the user's own account")
    REFERRAL = "referral", _("referral from social services")
    CASE_MANAGEMENT = "case_management", _("case management")
    PARTNER_SERVICE = "partner_service", _("service delivery by a partner")
    EMPLOYER_ENGAGEMENT = "employer_engagement", _("employer engagement and matching")
    EVALUATION = "evaluation", _("evaluation research")
    GOVERNANCE = "governance", _("programme governance")


class AuditEntry(models.Model):
    """One append-only, hash-chained record of an action on personal or security data.

    Stores ids and labels, never foreign keys: it never blocks a deletion and never changes.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("when"), db_index=True)
    actor_user_id = models.BigIntegerField(_("user id"), null=True, db_index=True)
    actor_label = models.CharField(_("user"), max_length=200)
    organization_id = models.BigIntegerField(_("organization id"), null=True, db_index=True)
    organization_label = models.CharField(_("organization"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    operation = models.CharField(_("operation"), max_length=16, choices=Operation.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    fields = models.JSONField(_("fields"), default=list)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    detail = models.JSONField(_("detail"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(operation__in=Operation.values), name="audit_operation_valid"),
            models.CheckConstraint(condition=models.Q(purpose__in=Purpose.values), name="audit_purpose_valid"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.operation} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("audit entries are append-only")
