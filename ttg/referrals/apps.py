from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ttg.referrals"
    label = "referrals"
    verbose_name = "Referrals to partner organisations"
