from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "harmonia.analytics"
    verbose_name = "Harmonization analytics"
