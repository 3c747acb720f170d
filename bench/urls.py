"""The hub's routes plus the floor: a trivial view behind the same middleware and route policy."""

from django.http import HttpResponse
from django.urls import path

from florwork import urls as florwork_urls
from florwork.accounts.policy import Action
from florwork.accounts.routes import requires


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", requires(Action.HUB_VIEW)(floor), name="bench_floor"),
    *florwork_urls.urlpatterns,
]

handler400 = florwork_urls.handler400
handler403 = florwork_urls.handler403
handler404 = florwork_urls.handler404
handler500 = florwork_urls.handler500
