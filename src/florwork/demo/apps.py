from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "florwork.demo"
    label = "demo"
    verbose_name = "Demo data"
