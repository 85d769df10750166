"""Pages about people in custody. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views, views_allocation

urlpatterns = [
    path("people/", views.people_search, name="people_search"),
    path("people/<str:prison_number>/", views.person_detail, name="person_detail"),
    path("people/<str:prison_number>/allocate/", views_allocation.allocate, name="person_allocate"),
    path("people/<str:prison_number>/language/", views.person_language, name="person_language"),
    path("caseloads/", views.my_caseloads, name="my_caseloads"),
    path("prisons/<str:code>/caseload/", views.prison_caseload, name="prison_caseload"),
]
