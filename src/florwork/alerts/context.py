"""The navigation badge: the actor's open and overdue tasks, counted lazily (one query, only when shown)."""

from django.utils.functional import SimpleLazyObject

from florwork.accounts.policy import Action, may


def task_badge(request):
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated or not may(actor, Action.TASK_VIEW):
        return {}

    def counts():
        from florwork.alerts.selectors import task_counts

        return task_counts(actor=actor)

    return {"task_counts": SimpleLazyObject(counts)}
