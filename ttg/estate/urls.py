"""Read-only pages about the estate. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("estate/prisons/", views.prison_list, name="prison_list"),
    path("estate/prisons/<str:code>/", views.prison_detail, name="prison_detail"),
    path("estate/crcs/", views.crc_list, name="crc_list"),
    path("estate/nps-divisions/", views.nps_division_list, name="nps_division_list"),
    path("estate/organisations/", views.organisation_list, name="organisation_list"),
]
