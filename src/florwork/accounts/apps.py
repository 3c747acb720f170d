from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "florwork.accounts"
    label = "accounts"
    verbose_name = _("Organizations and users")

    def ready(self) -> None:
        from florwork.accounts import signals  # noqa: F401  (connects the audit receivers)
