"""URL routes of matching; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
