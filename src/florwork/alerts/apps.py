from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "florwork.alerts"
    label = "alerts"
    verbose_name = _("Alerts and tasks")

    def ready(self) -> None:
        from florwork import events
        from florwork.alerts import access, evaluators, tasks

        access.install()
        evaluators.register_all()
        # a change to one case re-evaluates that case only (queued; inline without a worker)
        for event in tasks.EVENT_RULES:
            events.subscribe(event, tasks.subscriber(event))
