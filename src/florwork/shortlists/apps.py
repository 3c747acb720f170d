from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShortlistsConfig(AppConfig):
    name = "florwork.shortlists"
    label = "shortlists"
    verbose_name = _("Shortlists")

    def ready(self) -> None:
        from florwork.shortlists import access

        access.register()
