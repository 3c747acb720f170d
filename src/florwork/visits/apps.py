from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "florwork.visits"
    label = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        from florwork.visits import policy  # noqa: F401  (registers the object rules)
