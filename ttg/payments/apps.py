from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "ttg.payments"
    label = "payments"
    verbose_name = "Payments: rate cards, purchases, claims and funding"

    def ready(self) -> None:
        from ttg.core import templating

        from . import access, home, money  # its models are loaded now

        access.register()
        home.register()
        templating.register_filters(pence=money.format_pence)
