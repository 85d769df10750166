from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ttg.referrals"
    label = "referrals"
    verbose_name = "Referrals to partner organisations"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
