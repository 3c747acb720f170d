"""URL routes of opportunities; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
