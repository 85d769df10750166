"""Read-only pages of the specification catalogue. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/", views.catalogue_list, name="catalogue_list"),
    path("catalogue/<int:pk>/", views.catalogue_version, name="catalogue_version"),
]
