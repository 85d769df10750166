"""Pages of the supply-chain register. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("supply-chain/", views.register, name="supply_chain_register"),
    path("supply-chain/contracts/add/", views.contract_add, name="supply_chain_contract_add"),
    path("supply-chain/contracts/add/check/", views.contract_check, name="supply_chain_contract_check"),
    path("supply-chain/contracts/<int:pk>/", views.contract_detail, name="supply_chain_contract"),
    path("supply-chain/contracts/<int:pk>/services/add/", views.service_add, name="supply_chain_service_add"),
    path("supply-chain/services/<int:pk>/end/", views.service_end, name="supply_chain_service_end"),
    path("supply-chain/sharing-agreements/", views.sharing_agreements, name="sharing_agreements"),
    path("supply-chain/sharing-agreements/add/", views.sharing_agreement_add, name="sharing_agreement_add"),
    path("supply-chain/sharing-agreements/add/check/", views.sharing_agreement_check, name="sharing_agreement_check"),
    path("supply-chain/sharing-agreements/<int:pk>/", views.sharing_agreement_detail, name="sharing_agreement"),
]
