from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ttg.notifications"
    label = "notifications"
    verbose_name = "Notifications: in-app and email-shaped messages about changes"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
