"""The handover to the responsible officer: made by the caseworker, received by the officer."""

from django.urls import path

from . import views

urlpatterns = [
    path("people/<str:prison_number>/plan/handover/", views.plan_handover, name="plan_handover"),
    path("people/<str:prison_number>/plan/handover/check/", views.plan_handover_check, name="plan_handover_check"),
    path("people/<str:prison_number>/plan/handover/done/", views.plan_handover_done, name="plan_handover_done"),
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/<int:pk>/", views.handover_summary, name="handover_summary"),
    path("handovers/<int:pk>/for-the-person/", views.handover_for_person, name="handover_for_person"),
    path("handovers/<int:pk>/receive/", views.handover_receive, name="handover_receive"),
]
