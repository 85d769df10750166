from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ttg.plans"
    label = "plans"
    verbose_name = "Plans: the specification catalogue"

    def ready(self) -> None:
        from . import access  # its models are loaded now

        access.register()
