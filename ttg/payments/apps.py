from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "ttg.payments"
    label = "payments"
    verbose_name = "Payments: rate cards, purchases, claims and funding"

    def ready(self) -> None:
        from ttg.core import templating

        from . import access, home, money, personal_data  # its models are loaded now

        access.register()
        home.register()
        personal_data.register_personal_data()
        templating.register_filters(pence=money.format_pence)
