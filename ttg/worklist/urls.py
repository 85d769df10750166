"""The TTG caseworker's work list, and the CRC manager's allocations."""

from django.urls import path

from . import views

urlpatterns = [
    path("work/", views.work_list, name="work_list"),
    path("allocations/", views.allocations, name="allocations"),
]
