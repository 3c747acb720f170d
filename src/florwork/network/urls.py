"""URL routes of network; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
