from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration data: the top of the house, loading each app's demo in turn. No models."""

    name = "ttg.demo"
    label = "demo"
    verbose_name = "Demonstration data"
