"""Reads of organizations, users and memberships, already filtered by the access policy."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from florwork.accounts.models import ApiToken, Membership, Organization, User
from florwork.accounts.policy import ANONYMOUS, Action, Actor, hub_wide, may
from florwork.audit.models import Operation
from florwork.audit.services import audit_record

SESSION_MEMBERSHIP_KEY = "florwork_membership_id"


def actor_for_membership(membership: Membership) -> Actor:
    return Actor(
        user_id=membership.user_id,
        membership_id=membership.pk,
        organization_id=membership.organization_id,
        organization_label=membership.organization.name,
        role=membership.role,
        label=membership.user.username,
    )


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        .select_related("organization", "user")
        .order_by("pk")
    )


def actor_for_session(request: HttpRequest) -> Actor:
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    memberships = memberships_of(user)
    if not memberships:
        return Actor(user_id=user.pk, label=user.username)
    chosen_id = request.session.get(SESSION_MEMBERSHIP_KEY)
    chosen = next((m for m in memberships if m.pk == chosen_id), memberships[0])
    return actor_for_membership(chosen)


def _visible_organizations(actor: Actor) -> QuerySet[Organization]:
    if actor.is_system or hub_wide(actor):
        return Organization.objects.all()
    return Organization.objects.filter(pk=actor.organization_id)


def organization_list(*, actor: Actor, query: str = "", kind: str = "") -> QuerySet[Organization]:
    if not may(actor, Action.ORGANIZATION_VIEW):
        return Organization.objects.none()
    orgs = _visible_organizations(actor)
    if query:
        orgs = orgs.filter(name__icontains=query)
    if kind:
        orgs = orgs.filter(kind=kind)
    return orgs.order_by("name")


def organization_get(*, actor: Actor, organization_id: int) -> Organization:
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None or not may(actor, Action.ORGANIZATION_VIEW, org):
        raise Http404
    return org


def _visible_users(actor: Actor) -> QuerySet[User]:
    if actor.is_system or hub_wide(actor):
        return User.objects.all()
    return User.objects.filter(
        Q(pk=actor.user_id) | Q(memberships__organization_id=actor.organization_id)
    ).distinct()


def user_list(
    *, actor: Actor, query: str = "", role: str = "", organization_id: int | None = None,
) -> QuerySet[User]:
    """Users this actor may see; staff data is personal data, so callers audit the page they show."""
    if not may(actor, Action.USER_VIEW):
        return User.objects.none()
    users = _visible_users(actor)
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query)
            | Q(last_name__icontains=query) | Q(email__icontains=query)
        )
    if role:
        users = users.filter(memberships__role=role)
    if organization_id:
        users = users.filter(memberships__organization_id=organization_id)
    active = Membership.objects.select_related("organization").order_by("organization__name")
    return users.prefetch_related(Prefetch("memberships", queryset=active)).order_by("last_name", "first_name", "pk")


def user_list_audit(*, actor: Actor, purpose: str, users: list[User]) -> None:
    """Record that a page of users was shown (one entry for the page, with the ids)."""
    audit_record(
        actor=actor, operation=Operation.READ, purpose=purpose, object_type="accounts.User",
        object_id="", object_label=f"list of {len(users)}",
        fields=["username", "first_name", "last_name", "email"],
        detail={"ids": [u.pk for u in users]},
    )


def user_get(*, actor: Actor, user_id: int, purpose: str) -> User:
    user = User.objects.filter(pk=user_id).prefetch_related("memberships__organization").first()
    if user is None or not may(actor, Action.USER_VIEW, user):
        raise Http404
    audit_record(
        actor=actor, operation=Operation.READ, purpose=purpose, object_type="accounts.User",
        object_id=user.pk, object_label=user.username,
        fields=["username", "first_name", "last_name", "email", "memberships"],
    )
    return user


def apitoken_list(*, actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership__user_id=actor.user_id).select_related("membership__organization")
