"""Through the gate: the pre-release review, outcomes on and after release, activities that continue."""

from django.urls import path

from . import views

urlpatterns = [
    path("people/<str:prison_number>/plan/pre-release-review/", views.review, name="plan_review"),
    path("people/<str:prison_number>/plan/pre-release-review/check/", views.review_check, name="plan_review_check"),
    path("people/<str:prison_number>/plan/pre-release-review/completed/", views.review_completed, name="plan_review_completed"),
    path("people/<str:prison_number>/plan/pre-release-review/<slug:code>/", views.review_pathway, name="plan_review_pathway"),
    path("people/<str:prison_number>/plan/release-checklist/", views.checklist, name="plan_checklist"),
    path("people/<str:prison_number>/plan/release-checklist/<slug:code>/", views.checklist_item, name="plan_checklist_item"),
    path("people/<str:prison_number>/plan/outcomes/<slug:kind>/", views.outcome, name="plan_outcome"),
    path("people/<str:prison_number>/plan/activities/<int:pk>/continues/", views.activity_continues, name="plan_activity_continues"),
]
