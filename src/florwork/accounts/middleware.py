import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.functional import SimpleLazyObject

from florwork.accounts.policy import may
from florwork.accounts.routes import policy_of
from florwork.accounts.selectors import actor_for_session

log = logging.getLogger(__name__)


class ActorMiddleware:
    """Puts ``request.actor``: the user acting through their chosen membership."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_session(request))
        return self.get_response(request)


class RoutePolicyMiddleware:
    """Refuses any route that did not declare a policy, and any role the policy does not grant."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        policy = policy_of(view_func)
        if policy is None:
            log.error("route %s declares no access policy: refused", request.resolver_match.view_name)
            raise PermissionDenied
        if policy.public or policy.api:
            return None
        if not request.user.is_authenticated:
            if request.htmx:
                response = HttpResponse(status=401)
                response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                return response
            return redirect_to_login(request.get_full_path())
        request.purpose = policy.purpose
        if not may(request.actor, policy.action):
            raise PermissionDenied
        return None
