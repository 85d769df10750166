"""The specification catalogue's read-only pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/", views.catalogue_list, name="catalogue_list"),
    path("catalogue/<int:pk>/", views.catalogue_version, name="catalogue_version"),
]
