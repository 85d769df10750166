from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ttg.people"
    label = "people"
    verbose_name = "People in custody and the custody feed"

    def ready(self) -> None:
        from ttg.core import templating

        from . import access, home, identity, personal_data  # its models are loaded now

        access.register()
        home.register()
        personal_data.register_personal_data()
        templating.register_globals(**identity.TEMPLATE_GLOBALS)
