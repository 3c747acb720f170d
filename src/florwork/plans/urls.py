"""URL routes of plans; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
