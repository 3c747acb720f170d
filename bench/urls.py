"""The hub's routes plus the floor: a trivial view behind the same middleware and route policy; and the
caseload's selectors behind a bare table, to tell the selectors' cost from the page's."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from florwork import urls as florwork_urls
from florwork.accounts.policy import Action
from florwork.accounts.roles import Role
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.cases import selectors

CASELOAD_TABLE = engines["django"].from_string(
    "<table>{% for row in rows %}<tr><td>{{ row.case.code }}</td><td>{{ row.case.person.last_name }}</td>"
    "<td>{{ row.case.get_state_display }}</td><td>{{ row.days_since_contact|default:'' }}</td>"
    "<td>{{ row.breaches }}</td></tr>{% endfor %}</table>")


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


def caseload_selectors(request):
    actor = request.actor
    cases = list(selectors.caseload(actor=actor, mine=actor.role == Role.CASE_MANAGER)[:50])
    selectors.caseload_audit(actor=actor, purpose=request.purpose, cases=cases)
    return HttpResponse(CASELOAD_TABLE.render({"rows": selectors.caseload_rows(cases)}, request))


urlpatterns = [
    path("bench/floor/", requires(Action.HUB_VIEW)(floor), name="bench_floor"),
    path("bench/caseload-selectors/", requires(Action.CASE_VIEW, Purpose.CASE_MANAGEMENT)(caseload_selectors),
         name="bench_caseload_selectors"),
    *florwork_urls.urlpatterns,
]

handler400 = florwork_urls.handler400
handler403 = florwork_urls.handler403
handler404 = florwork_urls.handler404
handler500 = florwork_urls.handler500
