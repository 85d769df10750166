from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "ttg.mobilisation"
    label = "mobilisation"
    verbose_name = "Mobilisation: plans, partner commitments and readiness"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
