"""Pages of data protection. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("data-protection/", views.find_person, name="dataprotection_find"),
    path("data-protection/people/<str:prison_number>/", views.person, name="dataprotection_person"),
    path("data-protection/people/<str:prison_number>/export/", views.export_page, name="subject_access_export"),
    path("data-protection/people/<str:prison_number>/export.json", views.export_json, name="subject_access_export_json"),
    path("data-protection/people/<str:prison_number>/hold/", views.hold_add, name="legal_hold_add"),
    path("data-protection/holds/<int:pk>/release/", views.hold_release, name="legal_hold_release"),
    path("people/<str:prison_number>/accuracy-disputes/", views.disputes, name="accuracy_disputes"),
    path("accuracy-disputes/<int:pk>/resolve/", views.dispute_resolve, name="accuracy_dispute_resolve"),
]
