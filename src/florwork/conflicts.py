"""Optimistic locking, shared by every app: a save made on a stale version raises ``Conflict``.

It sits below every domain app so that services raise it, pages show ``CONFLICT_MESSAGE`` and the API
answers it once, as a 409 with the standard error body (``florwork.apicore``).
"""

from django.utils.translation import gettext_lazy

CONFLICT_MESSAGE = gettext_lazy("Someone else saved this record while you were editing; reload it to see their "
                                "changes, then make yours again. Nothing was overwritten.")


class Conflict(Exception):
    """Someone else saved the record since this form was opened (or the API client read it)."""
