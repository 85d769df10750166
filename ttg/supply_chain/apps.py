from django.apps import AppConfig


class SupplyChainConfig(AppConfig):
    name = "ttg.supply_chain"
    label = "supply_chain"
    verbose_name = "Supply chains: CRCs' partner organisations"

    def ready(self) -> None:
        from . import access, home  # its models are loaded now

        access.register()
        home.register()
