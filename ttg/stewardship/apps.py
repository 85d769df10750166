from django.apps import AppConfig


class StewardshipConfig(AppConfig):
    name = "ttg.stewardship"
    label = "stewardship"
    verbose_name = "Market stewardship: the sector's share, in-house delivery, coverage gaps, providers' sustainability"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
