"""URL routes of visits; each declares its access policy (see accounts/routes.py)."""

urlpatterns: list = []
