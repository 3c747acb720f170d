"""URL routes of outreach; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
