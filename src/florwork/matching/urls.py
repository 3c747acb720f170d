"""URL routes of matching; each declares its access policy (see accounts/routes.py).

The taxonomy holds no personal data: its pages need MATCHING_RUN (case managers, company officers)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.matching import views

taxonomy = requires(Action.MATCHING_RUN)

urlpatterns = [
    path("taxonomy/", taxonomy(views.taxonomy_search), name="taxonomy_search"),
    path("taxonomy/occupations/<int:occupation_id>/", taxonomy(views.occupation_detail), name="occupation_detail"),
    path("taxonomy/skills/<int:skill_id>/", taxonomy(views.skill_detail), name="skill_detail"),
]
