"""The JSON API: one NinjaAPI with every app's router; OpenAPI docs at /api/docs."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from florwork.accounts.api import router as accounts_router
from florwork.alerts.api import router as alerts_router
from florwork.apicore import SessionActorAuth, TokenAuth, install_error_handlers, mark_api_urls
from florwork.assessment.api import router as assessment_router
from florwork.cases.api import router as cases_router
from florwork.employers.api import router as employers_router
from florwork.matching.api import router as matching_router
from florwork.network.api import router as network_router
from florwork.opportunities.api import router as opportunities_router
from florwork.outreach.api import router as outreach_router
from florwork.people.api import router as people_router
from florwork.placements.api import router as placements_router
from florwork.plans.api import router as plans_router
from florwork.shortlists.api import router as shortlists_router
from florwork.visits.api import router as visits_router

api = NinjaAPI(
    title="Florwork API",
    version="1",
    description=str(_("Work-inclusion hub. Authenticate with the session cookie or an API token (Bearer).")),
    auth=[SessionActorAuth(), TokenAuth()],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", people_router)
api.add_router("/", cases_router)
api.add_router("/", assessment_router)
api.add_router("/", network_router)
api.add_router("/", plans_router)
api.add_router("/", alerts_router)
api.add_router("/", employers_router)
api.add_router("/", matching_router)
api.add_router("/", outreach_router)
api.add_router("/", visits_router)
api.add_router("/", opportunities_router)
api.add_router("/", shortlists_router)
api.add_router("/", placements_router)


def api_urls():
    return mark_api_urls(api)
