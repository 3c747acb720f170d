from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "florwork.web"
    label = "web"
    verbose_name = "Web"
