"""What every API operation shares: authentication, the policy check, error bodies, pagination.

Each operation declares its policy with ``@allow(Action.X, Purpose.Y)``; ``build_api`` refuses to
start if any operation lacks one (deny by default), and errors always have the same body:
``{"error": {"code": "...", "message": "...", "fields": [...]}}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from florwork.accounts.policy import Action, may
from florwork.accounts.routes import POLICY_ATTRIBUTE, RoutePolicy, api_route
from florwork.accounts.selectors import actor_for_membership, actor_for_session
from florwork.accounts.services import apitoken_authenticate
from florwork.conflicts import CONFLICT_MESSAGE, Conflict

T = TypeVar("T")
MAX_PAGE_SIZE = 200


class SessionActorAuth(APIKeyCookie):
    """The browser's session (CSRF checked on unsafe methods by ninja's cookie auth)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            request.actor = actor_for_session(request)
            return request.user
        return None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer fw_…`` acting through the token's membership."""

    def authenticate(self, request, token):
        membership = apitoken_authenticate(raw_key=token)
        if membership is None:
            return None
        request.user = membership.user
        request.actor = actor_for_membership(membership)
        _answer_in_the_language_of(request, membership.user)
        return membership.user


def _answer_in_the_language_of(request, user) -> None:
    """A token client is known only here, after the language middleware: answer in its owner's language."""
    if user.language in {code for code, _name in settings.LANGUAGES}:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


def allow(action: Action, purpose: str = "") -> Callable:
    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def checked(request, *args, **kwargs):
            if not may(request.actor, action):
                raise PermissionDenied
            request.purpose = purpose
            return func(request, *args, **kwargs)

        setattr(checked, POLICY_ATTRIBUTE, RoutePolicy(action=action, purpose=purpose))
        return checked

    return decorate


class FieldError(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[FieldError] = []


class Error(Schema):
    error: ErrorBody


class Page(Schema, Generic[T]):
    items: list[T]
    count: int
    page: int
    pages: int
    page_size: int


def paginate(queryset, *, page: int, page_size: int) -> dict[str, Any]:
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise HttpError(422, _("page must be at least 1 and page_size between 1 and %(max)d") % {"max": MAX_PAGE_SIZE})
    count = queryset.count()
    items = list(queryset[(page - 1) * page_size: page * page_size])
    return {"items": items, "count": count, "page": page, "pages": max(1, math.ceil(count / page_size)),
            "page_size": page_size}


_STATUS_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found", 422: "invalid"}


def _error(api: NinjaAPI, request, status: int, code: str, message: str, fields=()) -> Any:
    body = {"error": {"code": code, "message": message, "fields": list(fields)}}
    return api.create_response(request, body, status=status)


def _field_errors_from_ninja(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        out.append({"field": ".".join(loc) or "body", "message": str(err.get("msg", ""))})
    return out


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return _error(api, request, 401, "not_authenticated", _("Log in or send a valid API token."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return _error(api, request, 403, "forbidden", _("You are not allowed to do this."))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return _error(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(ObjectDoesNotExist)
    def _does_not_exist(request, exc):
        return _error(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        return _error(api, request, 422, "invalid", _("The request is not valid."), _field_errors_from_ninja(exc))

    @api.exception_handler(DjangoValidationError)
    def _invalid_domain(request, exc):
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
        fields = [{"field": f, "message": str(m)} for f, ms in by_field.items() for m in ms]
        return _error(api, request, 422, "invalid", _("The request is not valid."), fields)

    @api.exception_handler(Conflict)
    def _conflict(request, exc):
        message = str(CONFLICT_MESSAGE)
        return _error(api, request, 409, "conflict", message, [{"field": "version", "message": message}])

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        code = _STATUS_CODES.get(exc.status_code, "error")
        return _error(api, request, exc.status_code, code, str(exc))


def undeclared_operations(api: NinjaAPI) -> list[str]:
    """Operations that did not declare their policy with ``@allow`` (must be none)."""
    missing = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if getattr(operation.view_func, POLICY_ATTRIBUTE, None) is None:
                    missing.append(f"{','.join(operation.methods)} {prefix}{path}")
    return missing


def mark_api_urls(api: NinjaAPI):
    """The URL patterns of the API, each marked as checking its policy per operation."""
    missing = undeclared_operations(api)
    if missing:
        raise ImproperlyConfigured(f"API operations without an access policy: {missing}")
    patterns, app_name, _namespace = api.urls
    for pattern in patterns:
        api_route(pattern.callback)
    return patterns, app_name
