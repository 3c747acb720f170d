"""URL routes of employers; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
