from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from florwork.accounts.selectors import memberships_of


def home(request):
    return render(request, "web/home.html", {"memberships": memberships_of(request.user)})


def _error(request, status: int, template: str):
    return render(request, template, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, 400, "400.html")


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, 403, "403.html")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, 404, "404.html")


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
