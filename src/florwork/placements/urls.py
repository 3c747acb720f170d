"""URL routes of placements; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
