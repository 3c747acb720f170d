"""URL routes of alerts; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
