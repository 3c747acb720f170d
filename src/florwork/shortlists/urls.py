"""URL routes of shortlists; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
