from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ttg.referrals"
    label = "referrals"
    verbose_name = "Referrals to partner organisations"

    def ready(self) -> None:
        from ttg.payments.selectors_funding import provide_subsidy

        from . import access, home, personal_data, subsidy  # its models are loaded now

        access.register()
        home.register()
        personal_data.register_personal_data()
        provide_subsidy(subsidy.subsidy)  # unfunded work, valued, for payments' funding page
