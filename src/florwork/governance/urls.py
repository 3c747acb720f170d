"""URL routes of governance; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
