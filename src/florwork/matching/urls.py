"""URL routes of matching; each declares its access policy (see accounts/routes.py).

The taxonomy holds no personal data: its pages need MATCHING_RUN (case managers, company officers).
Vacancies are managed by the company officers (VACANCY_MANAGE); rankings read people (MATCHING_RUN,
audited with the employer-engagement purpose)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.matching import profile_views, vacancy_views, views

taxonomy = requires(Action.MATCHING_RUN)
manage = requires(Action.VACANCY_MANAGE, Purpose.EMPLOYER_ENGAGEMENT)
rank = requires(Action.MATCHING_RUN, Purpose.EMPLOYER_ENGAGEMENT)

urlpatterns = [
    path("taxonomy/", taxonomy(views.taxonomy_search), name="taxonomy_search"),
    path("taxonomy/occupations/<int:occupation_id>/", taxonomy(views.occupation_detail), name="occupation_detail"),
    path("taxonomy/skills/<int:skill_id>/", taxonomy(views.skill_detail), name="skill_detail"),
    # vacancies
    path("vacancies/", manage(vacancy_views.vacancy_list), name="vacancy_list"),
    path("vacancies/new/", manage(vacancy_views.vacancy_create), name="vacancy_create"),
    path("vacancies/<int:vacancy_id>/", rank(vacancy_views.vacancy_detail), name="vacancy_detail"),
    path("vacancies/<int:vacancy_id>/edit/", manage(vacancy_views.vacancy_edit), name="vacancy_edit"),
    path("vacancies/<int:vacancy_id>/publish/", manage(vacancy_views.vacancy_publish), name="vacancy_publish"),
    path("vacancies/<int:vacancy_id>/close/", manage(vacancy_views.vacancy_close), name="vacancy_close"),
    path("vacancies/<int:vacancy_id>/ranking/", rank(vacancy_views.vacancy_ranking), name="vacancy_ranking"),
    # a person's skills (case managers) and the ranking's weights (programme manager)
    path("cases/<int:case_id>/skills/", requires(Action.PERSON_UPDATE, Purpose.CASE_MANAGEMENT)(
        profile_views.person_skills), name="person_skills"),
    path("cases/<int:case_id>/skills/<int:link_id>/remove/", requires(Action.PERSON_UPDATE, Purpose.CASE_MANAGEMENT)(
        profile_views.person_skill_remove), name="person_skill_remove"),
    path("weights/", requires(Action.RULES_MANAGE, Purpose.GOVERNANCE)(profile_views.ranking_weights),
         name="ranking_weights"),
]
