from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ttg.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
