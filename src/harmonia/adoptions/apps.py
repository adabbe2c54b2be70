from django.apps import AppConfig


class AdoptionsConfig(AppConfig):
    name = "harmonia.adoptions"
    verbose_name = "National adoptions"
