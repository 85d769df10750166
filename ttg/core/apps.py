from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ttg.core"
    label = "core"
    verbose_name = "Core: access, audit and the page frame"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (security events: sign-in, sign-out, failures)
