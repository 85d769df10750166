"""Insights pages. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("insights/", views.insights_cohorts, name="insights_cohorts"),
    path("insights/equality/", views.insights_equality, name="insights_equality"),
    path("insights/extract/", views.insights_extract, name="insights_extract"),
    path("insights/<str:by>.<str:fmt>", views.insights_export, name="insights_export"),
]
