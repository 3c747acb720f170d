"""URL routes of cases; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
