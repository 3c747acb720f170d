"""Changes to organizations, users, memberships and API tokens: one transaction each, audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import ApiToken, Membership, Organization, User
from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import ROLE_ORGANIZATION_KINDS, Role
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record

TOKEN_PREFIX = "fw_"


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def organization_create(*, by: Actor, name: str, kind: str, comune_istat: str = "", email: str = "") -> Organization:
    _require(by, Action.ORGANIZATION_MANAGE)
    with transaction.atomic():
        org = Organization(name=name, kind=kind, comune_istat=comune_istat, email=email)
        org.full_clean()
        org.save()
        audit_record(
            actor=by, operation=Operation.CREATE, purpose=Purpose.ADMINISTRATION,
            object_type="accounts.Organization", object_id=org.pk, object_label=org.name,
            fields=["name", "kind", "comune_istat", "email"],
        )
    return org


def _check_role_fits(role: str, organization: Organization) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if organization.kind not in ROLE_ORGANIZATION_KINDS[role]:
        raise ValidationError({"role": _("The role %(role)s cannot be held in an organization of kind %(kind)s.") % {
            "role": Role(role).label, "kind": organization.get_kind_display()}})


def user_create(
    *, by: Actor, username: str, first_name: str, last_name: str, email: str,
    organization: Organization, role: str, language: str = "it", password: str | None = None,
) -> User:
    """A new user with their first membership; without a password they set one by e-mail reset."""
    _require(by, Action.USER_MANAGE)
    _check_role_fits(role, organization)
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name,
                    email=email.strip(), language=language)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        membership = Membership.objects.create(user=user, organization=organization, role=role)
        audit_record(
            actor=by, operation=Operation.CREATE, purpose=Purpose.ADMINISTRATION,
            object_type="accounts.User", object_id=user.pk, object_label=user.username,
            fields=["username", "first_name", "last_name", "email", "language", "password"],
            detail={"membership": membership.pk, "organization": organization.pk, "role": role},
        )
    return user


USER_EDITABLE_FIELDS = ("first_name", "last_name", "email", "language", "is_active")


def user_update(*, by: Actor, user: User, **changes) -> User:
    _require(by, Action.USER_MANAGE, user)
    unknown = set(changes) - set(USER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    if not changed:
        return user
    with transaction.atomic():
        for name in changed:
            setattr(user, name, changes[name])
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
        audit_record(
            actor=by, operation=Operation.UPDATE, purpose=Purpose.ADMINISTRATION,
            object_type="accounts.User", object_id=user.pk, object_label=user.username, fields=changed,
        )
    return user


def user_set_language(*, user: User, language: str) -> None:
    """The user's own choice of language, from the switch in the header (their own account: not audited)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def membership_add(*, by: Actor, user: User, organization: Organization, role: str) -> Membership:
    _require(by, Action.USER_MANAGE, user)
    _check_role_fits(role, organization)
    with transaction.atomic():
        if Membership.objects.filter(user=user, organization=organization).exists():
            raise ValidationError({"organization": _("This user already belongs to that organization.")})
        membership = Membership.objects.create(user=user, organization=organization, role=role)
        audit_record(
            actor=by, operation=Operation.CREATE, purpose=Purpose.ADMINISTRATION,
            object_type="accounts.Membership", object_id=membership.pk, object_label=user.username,
            fields=["organization", "role"], detail={"user": user.pk, "organization": organization.pk, "role": role},
        )
    return membership


def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def apitoken_create(*, by: Actor, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its raw key; the key is shown once and only its hash is kept."""
    _require(by, Action.APITOKEN_MANAGE)
    if by.membership_id is None:
        raise PermissionDenied
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            membership_id=by.membership_id, name=name, prefix=raw[:10], key_hash=_hash_key(raw),
            expires_at=expires_at,
        )
        audit_record(
            actor=by, operation=Operation.CREATE, purpose=Purpose.ACCOUNT, object_type="accounts.ApiToken",
            object_id=token.pk, object_label=token.name, fields=["name", "expires_at"],
        )
    return token, raw


def apitoken_revoke(*, by: Actor, token: ApiToken) -> None:
    _require(by, Action.APITOKEN_MANAGE, token)
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=by, operation=Operation.UPDATE, purpose=Purpose.ACCOUNT, object_type="accounts.ApiToken",
            object_id=token.pk, object_label=token.name, fields=["revoked_at"],
        )


def apitoken_authenticate(*, raw_key: str) -> Membership | None:
    """The membership a live token acts through, or None; marks the token used."""
    if not raw_key.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("membership__user", "membership__organization")
        .filter(key_hash=_hash_key(raw_key), revoked_at__isnull=True,
                membership__is_active=True, membership__user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.membership
