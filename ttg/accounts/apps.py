from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ttg.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import access, home, mfa  # noqa: F401  # its models are loaded now; mfa connects its signal receiver

        access.register()
        home.register()
