"""Pages for organizations, users and the user's own account. Thin: parse, call, render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from florwork.accounts import selectors, services
from florwork.accounts.forms import (
    MembershipAddForm,
    OrganizationFilterForm,
    OrganizationForm,
    TokenCreateForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from florwork.accounts.policy import Action, may
from florwork.web.lists import list_page, render_list


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def organization_list(request):
    filters = OrganizationFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    orgs = selectors.organization_list(actor=request.actor, query=data.get("q", ""), kind=data.get("kind", ""))
    return render_list(request, template="accounts/organization_list.html",
                       partial="accounts/_organization_rows.html", page=list_page(request, orgs), filters=filters)


def organization_detail(request, organization_id: int):
    org = selectors.organization_get(actor=request.actor, organization_id=organization_id)
    members = list(selectors.user_list(actor=request.actor, organization_id=org.pk)[:200])
    selectors.user_list_audit(actor=request.actor, purpose=request.purpose, users=members)
    return render(request, "accounts/organization_detail.html", {"organization": org, "members": members})


def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Organization created."))
            return redirect("organization_detail", organization_id=org.pk)
    return render(request, "accounts/organization_form.html", {"form": form})


def user_list(request):
    filters = UserFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    users = selectors.user_list(actor=request.actor, query=data.get("q", ""), role=data.get("role", ""))
    page = list_page(request, users)
    selectors.user_list_audit(actor=request.actor, purpose=request.purpose, users=list(page))
    return render_list(request, template="accounts/user_list.html", partial="accounts/_user_rows.html",
                       page=page, filters=filters)


def user_detail(request, user_id: int):
    user = selectors.user_get(actor=request.actor, user_id=user_id, purpose=request.purpose)
    can_manage = may(request.actor, Action.USER_MANAGE, user)
    return render(request, "accounts/user_detail.html",
                  {"person": user, "membership_form": MembershipAddForm(), "can_manage": can_manage})


def user_edit(request, user_id: int):
    user = selectors.user_get(actor=request.actor, user_id=user_id, purpose=request.purpose)
    initial = {name: getattr(user, name) for name in services.USER_EDITABLE_FIELDS}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.actor, user=user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "person": user})


@require_POST
def membership_add(request, user_id: int):
    user = selectors.user_get(actor=request.actor, user_id=user_id, purpose=request.purpose)
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(by=request.actor, user=user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        else:
            messages.success(request, _("Membership added."))
    else:
        messages.error(request, _("Choose an organization and a role."))
    return redirect("user_detail", user_id=user.pk)


def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("User created. They set their password with “Forgot your password?”."))
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def account(request):
    return render(request, "accounts/account.html", {
        "memberships": selectors.memberships_of(request.user),
        "tokens": selectors.apitoken_list(actor=request.actor),
        "token_form": TokenCreateForm(),
    })


@require_POST
def membership_switch(request):
    wanted = request.POST.get("membership", "")
    ids = {m.pk for m in selectors.memberships_of(request.user)}
    if not wanted.isdigit() or int(wanted) not in ids:
        raise Http404
    request.session[selectors.SESSION_MEMBERSHIP_KEY] = int(wanted)
    return redirect("home")


@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("account")
    expires = form.cleaned_data["expires_at"]
    expires_at = timezone.make_aware(datetime.datetime.combine(expires, datetime.time.max)) if expires else None
    token, raw = services.apitoken_create(by=request.actor, name=form.cleaned_data["name"], expires_at=expires_at)
    return render(request, "accounts/token_created.html", {"token": token, "raw_key": raw})


@require_POST
def token_revoke(request, token_id: int):
    token = selectors.apitoken_list(actor=request.actor).filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.apitoken_revoke(by=request.actor, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("account")
