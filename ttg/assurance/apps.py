from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "ttg.assurance"
    label = "assurance"
    verbose_name = "Contract assurance: audit samples, contract-management issues, engagement log"

    def ready(self) -> None:
        from . import access, home, personal_data  # its models are loaded now

        access.register()
        home.register()
        personal_data.register_personal_data()
