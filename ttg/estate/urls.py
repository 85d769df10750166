"""Pages about the estate: read-only, but for the language a governor chooses for their prison. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("estate/prisons/", views.prison_list, name="prison_list"),
    path("estate/prisons/<str:code>/", views.prison_detail, name="prison_detail"),
    path("estate/prisons/<str:code>/language/", views.prison_language, name="prison_language"),
    path("estate/crcs/", views.crc_list, name="crc_list"),
    path("estate/nps-divisions/", views.nps_division_list, name="nps_division_list"),
    path("estate/organisations/", views.organisation_list, name="organisation_list"),
]
