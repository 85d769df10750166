from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ttg.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
