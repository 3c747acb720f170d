"""URL routes of people; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
