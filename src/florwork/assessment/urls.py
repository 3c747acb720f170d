"""URL routes of assessment; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
