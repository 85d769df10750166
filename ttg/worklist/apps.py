from django.apps import AppConfig


class WorklistConfig(AppConfig):
    """The TTG caseworker's work list: what is overdue and due, read across screening, plans,
    referrals and purchases. No models of its own."""

    name = "ttg.worklist"
    label = "worklist"
    verbose_name = "Work list"

    def ready(self) -> None:
        from . import access, home

        access.register()
        home.register()
