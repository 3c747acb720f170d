"""API operations for the acting user, organizations, users and API tokens."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts import selectors, services
from florwork.accounts.models import Organization
from florwork.accounts.policy import Action
from florwork.apicore import Page, allow, paginate
from florwork.audit.models import Purpose

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    id: int
    organization_id: int
    organization: str = Field(alias="organization.name")
    role: str


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    language: str
    organization_id: int | None
    role: str | None
    memberships: list[MembershipOut]


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    comune_istat: str
    is_active: bool


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    language: str
    is_active: bool
    memberships: list[MembershipOut]


class UserIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    first_name: str = Field(min_length=1, max_length=150)
    last_name: str = Field(min_length=1, max_length=150)
    email: str = Field(min_length=3, max_length=254)
    language: str = Field("it", pattern="^(it|en)$")
    organization_id: int
    role: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


@router.get("/me", response=MeOut)
@allow(Action.HUB_VIEW)
def me(request):
    user = request.user
    return {
        "id": user.pk, "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "language": user.language, "organization_id": request.actor.organization_id, "role": request.actor.role,
        "memberships": selectors.memberships_of(user),
    }


@router.get("/organizations", response=Page[OrganizationOut])
@allow(Action.ORGANIZATION_VIEW)
def organization_list(request, q: str = "", kind: str = "", page: int = 1, page_size: int = 50):
    orgs = selectors.organization_list(actor=request.actor, query=q, kind=kind)
    return paginate(orgs, page=page, page_size=page_size)


@router.get("/organizations/{organization_id}", response=OrganizationOut)
@allow(Action.ORGANIZATION_VIEW)
def organization_get(request, organization_id: int):
    return selectors.organization_get(actor=request.actor, organization_id=organization_id)


@router.get("/users", response=Page[UserOut])
@allow(Action.USER_VIEW, Purpose.ADMINISTRATION)
def user_list(request, q: str = "", role: str = "", page: int = 1, page_size: int = 50):
    result = paginate(selectors.user_list(actor=request.actor, query=q, role=role), page=page, page_size=page_size)
    selectors.user_list_audit(actor=request.actor, purpose=request.purpose, users=result["items"])
    return result


@router.get("/users/{user_id}", response=UserOut)
@allow(Action.USER_VIEW, Purpose.ADMINISTRATION)
def user_get(request, user_id: int):
    return selectors.user_get(actor=request.actor, user_id=user_id, purpose=request.purpose)


@router.post("/users", response={201: UserOut})
@allow(Action.USER_MANAGE, Purpose.ADMINISTRATION)
def user_create(request, payload: UserIn):
    org = Organization.objects.filter(pk=payload.organization_id, is_active=True).first()
    if org is None:
        raise Http404
    data = payload.dict(exclude={"organization_id"})
    user = services.user_create(by=request.actor, organization=org, **data)
    return Status(201, user)


@router.get("/tokens", response=list[TokenOut])
@allow(Action.APITOKEN_MANAGE, Purpose.ACCOUNT)
def token_list(request):
    return list(selectors.apitoken_list(actor=request.actor))
