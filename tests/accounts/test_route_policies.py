"""Deny by default: every route declares its access policy, and an undeclared one is refused."""

from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from florwork import urls as root_urls
from florwork.accounts.routes import policy_of
from florwork.api import api
from florwork.apicore import undeclared_operations


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_url_route_declares_a_policy():
    routes = list(_walk(get_resolver().url_patterns))
    assert len(routes) > 15
    missing = [route for route, callback in routes if policy_of(callback) is None]
    assert missing == []


def test_every_api_operation_declares_a_policy():
    assert undeclared_operations(api) == []


def test_private_routes_name_an_action():
    for route, callback in _walk(get_resolver().url_patterns):
        policy = policy_of(callback)
        assert policy.public or policy.api or policy.action is not None, route


def _undeclared(request):
    return HttpResponse("secret")


urlpatterns = [path("undeclared/", _undeclared), *root_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_a_route_without_policy_is_refused_even_to_an_administrator(client, login):
    login(client, "administrator")
    response = client.get("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content
