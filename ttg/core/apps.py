from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ttg.core"
    label = "core"
    verbose_name = "Core: access, audit and the page frame"

    def ready(self) -> None:
        from . import access, checks, navigation, schema, signals  # noqa: F401  (checks; security events; the OpenAPI extension)

        access.register_actions(access.CORE_ACTIONS)
        navigation.register_core_items()
