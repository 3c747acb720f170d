from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "florwork.placements"
    label = "placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from florwork import events
        from florwork.placements import access, alerts, outcome

        access.register()
        alerts.register_all()
        outcome.register()
        # a placement recorded, extended or terminated re-evaluates that case's placement rules
        events.subscribe("placement.changed", alerts.on_placement_changed)
