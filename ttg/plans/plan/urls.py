"""A person's resettlement plan: see, propose, agree, work its activities, print it."""

from django.urls import path

from . import views, views_print, views_release

urlpatterns = [
    path("people/<str:prison_number>/plan/", views.plan, name="plan"),
    path("people/<str:prison_number>/plan/propose/", views.plan_propose, name="plan_propose"),
    path("people/<str:prison_number>/plan/agree/", views.plan_agree, name="plan_agree"),
    path("people/<str:prison_number>/plan/activities/<int:pk>/", views.plan_activity, name="plan_activity"),
    path("people/<str:prison_number>/plan/activities/add/", views.plan_activity_add, name="plan_activity_add"),
    path("people/<str:prison_number>/plan/goals/add/", views.plan_goal_add, name="plan_goal_add"),
    path("people/<str:prison_number>/plan/goals/<int:pk>/", views.plan_goal, name="plan_goal"),
    path("people/<str:prison_number>/plan/goals/<int:pk>/remove/", views.plan_goal_remove, name="plan_goal_remove"),
    path("people/<str:prison_number>/plan/print/", views_print.plan_print, name="plan_print"),
    path("people/<str:prison_number>/plan.pdf", views_print.plan_pdf, name="plan_pdf"),
    # The responsible officer's short release plan (rule R-F2b).
    path("people/<str:prison_number>/release-plan/", views_release.release_plan, name="release_plan"),
    path("people/<str:prison_number>/release-plan/make/", views_release.release_plan_make, name="release_plan_make"),
    path("people/<str:prison_number>/release-plan/activities/add/", views_release.release_activity_add, name="release_activity_add"),
]
