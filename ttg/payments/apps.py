from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "ttg.payments"
    label = "payments"
    verbose_name = "Payments: rate cards, purchases, claims and funding"

    def ready(self) -> None:
        from . import access  # its models are loaded now

        access.register()
