from django.apps import AppConfig


class EstateConfig(AppConfig):
    name = "ttg.estate"
    label = "estate"
    verbose_name = "Estate: prisons, CRCs, NPS divisions and organisations"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
