from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "ttg.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection: subject access, retention and erasure, accuracy disputes"

    def ready(self) -> None:
        from . import access, home, personal_data  # its models are loaded now

        access.register()
        home.register()
        personal_data.register_personal_data()
