"""Payments pages. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views, views_funding

urlpatterns = [
    path("rate-cards/", views.rate_cards, name="payments_rate_cards"),
    path("rate-cards/new/", views.rate_card_draft, name="payments_rate_card_draft"),
    path("rate-cards/<int:pk>/", views.rate_card, name="payments_rate_card"),
    path("rate-cards/<int:pk>/services/new/", views.rate_card_item, name="payments_rate_card_item"),
    path("rate-cards/<int:pk>/publish/", views.rate_card_publish, name="payments_rate_card_publish"),
    path("purchases/", views.purchases, name="payments_purchases"),
    path("purchases/buy/", views.buy, name="payments_buy"),
    path("purchases/buy/check/", views.buy_check, name="payments_buy_check"),
    path("purchases/<str:reference>/", views.purchase, name="payments_purchase"),
    path("purchases/<str:reference>/bought/", views.buy_done, name="payments_buy_done"),
    path("purchases/<str:reference>/delivery/", views.record_delivery, name="payments_delivery"),
    path("purchases/<str:reference>/more-units/", views.variation_request, name="payments_variation_request"),
    path("purchases/<str:reference>/more-units/<int:pk>/decide/", views.variation_decide, name="payments_variation_decide"),
    path("purchases/<str:reference>/decide/", views.purchase_decide, name="payments_purchase_decide"),
    path("claims/", views.claims, name="payments_claims"),
    path("claims/aged-debt/", views.aged_debt, name="payments_aged_debt"),
    path("claims/escalations/", views.escalations, name="payments_escalations"),
    path("claims/export.<str:fmt>", views.claims_export, name="payments_claims_export"),
    path("claims/<int:pk>/", views.claim, name="payments_claim"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="payments_claim_submit"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="payments_claim_approve"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="payments_claim_reject"),
    path("claims/<int:pk>/paid/", views.claim_paid, name="payments_claim_paid"),
    path("funding/", views.funding, name="payments_funding"),
    path("funding/export.<str:fmt>", views.spend_export, name="payments_spend_export"),
    # Budgets and allocations (issue 7 part 4): contract managers, views_funding.py.
    path("funding/budgets/", views_funding.budgets, name="payments_budgets"),
    path("funding/budgets/new/", views_funding.budget_new, name="payments_budget_new"),
    path("funding/budgets/new/check/", views_funding.budget_new_check, name="payments_budget_new_check"),
    path("funding/budgets/<int:pk>/", views_funding.budget, name="payments_budget"),
    path("funding/budgets/<int:pk>/allocation/", views_funding.allocation, name="payments_budget_allocation"),
    path("funding/budgets/<int:pk>/allocation/check/", views_funding.allocation_check, name="payments_budget_allocation_check"),
]
