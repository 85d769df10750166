from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ttg.core"
    label = "core"
    verbose_name = "Core: access, audit and the page frame"

    def ready(self) -> None:
        from . import access, checks, signals  # noqa: F401  (checks; security events)

        access.register_actions(access.CORE_ACTIONS)
