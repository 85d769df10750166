"""Read-only pages of the specification catalogue. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views, views_gate, views_handover, views_plan, views_print, views_worklist

urlpatterns = [
    path("catalogue/", views.catalogue_list, name="catalogue_list"),
    path("catalogue/<int:pk>/", views.catalogue_version, name="catalogue_version"),
]

urlpatterns += [
    path("people/<str:prison_number>/plan/", views_plan.plan, name="plan"),
    path("people/<str:prison_number>/plan/propose/", views_plan.plan_propose, name="plan_propose"),
    path("people/<str:prison_number>/plan/agree/", views_plan.plan_agree, name="plan_agree"),
    path("people/<str:prison_number>/plan/activities/<int:pk>/", views_plan.plan_activity, name="plan_activity"),
    path("people/<str:prison_number>/plan/activities/add/", views_plan.plan_activity_add, name="plan_activity_add"),
    path("people/<str:prison_number>/plan/print/", views_print.plan_print, name="plan_print"),
    path("people/<str:prison_number>/plan.pdf", views_print.plan_pdf, name="plan_pdf"),
]

# The handover to the responsible officer (views_handover.py).
urlpatterns += [
    path("people/<str:prison_number>/plan/handover/", views_handover.plan_handover, name="plan_handover"),
    path("people/<str:prison_number>/plan/handover/check/", views_handover.plan_handover_check, name="plan_handover_check"),
    path("people/<str:prison_number>/plan/handover/done/", views_handover.plan_handover_done, name="plan_handover_done"),
    path("handovers/", views_handover.handover_list, name="handover_list"),
    path("handovers/<int:pk>/", views_handover.handover_summary, name="handover_summary"),
    path("handovers/<int:pk>/receive/", views_handover.handover_receive, name="handover_receive"),
]

# Through the gate (views_gate.py)
urlpatterns += [
    path("people/<str:prison_number>/plan/pre-release-review/", views_gate.review, name="plan_review"),
    path("people/<str:prison_number>/plan/pre-release-review/check/", views_gate.review_check, name="plan_review_check"),
    path("people/<str:prison_number>/plan/pre-release-review/completed/", views_gate.review_completed, name="plan_review_completed"),
    path("people/<str:prison_number>/plan/pre-release-review/<slug:code>/", views_gate.review_pathway, name="plan_review_pathway"),
    path("people/<str:prison_number>/plan/outcomes/<slug:kind>/", views_gate.outcome, name="plan_outcome"),
    path("people/<str:prison_number>/plan/activities/<int:pk>/continues/", views_gate.activity_continues, name="plan_activity_continues"),
]

# The TTG caseworker's work list (views_worklist.py)
urlpatterns += [path("work/", views_worklist.work_list, name="work_list")]
