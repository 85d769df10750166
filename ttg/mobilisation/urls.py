from django.urls import path

from . import views

urlpatterns = [
    path("mobilisation/", views.plan_list, name="mobilisation_list"),
    path("mobilisation/start/<str:code>/", views.plan_start, name="mobilisation_start"),
    path("mobilisation/commitments/", views.commitments_mine, name="mobilisation_commitments"),
    path("mobilisation/commitments/<int:pk>/", views.commitment_respond, name="mobilisation_commitment_respond"),
    path("mobilisation/bid-namings/", views.bid_namings, name="mobilisation_bid_namings"),
    path("mobilisation/meetings/<int:pk>/actions/add/", views.meeting_action_add, name="mobilisation_action_add"),
    path("mobilisation/actions/<int:pk>/done/", views.meeting_action_done, name="mobilisation_action_done"),
    path("mobilisation/<int:pk>/meetings/add/", views.meeting_add, name="mobilisation_meeting_add"),
    path("mobilisation/<int:pk>/", views.plan_detail, name="mobilisation_plan"),
    path("mobilisation/<int:pk>/submit/", views.plan_submit, name="mobilisation_submit"),
    path("mobilisation/<int:pk>/review/", views.plan_review, name="mobilisation_review"),
    path("mobilisation/<int:pk>/revise/", views.plan_revise, name="mobilisation_revise"),
    path("mobilisation/<int:pk>/readiness/declare/", views.readiness_declare, name="mobilisation_declare"),
    path("mobilisation/<int:pk>/readiness/governor/", views.readiness_governor, name="mobilisation_governor"),
    path("mobilisation/<int:pk>/readiness/go-live/", views.readiness_go_live, name="mobilisation_go_live"),
    path("mobilisation/<int:pk>/<slug:section>/", views.plan_section, name="mobilisation_section"),
    path("mobilisation/<int:pk>/<slug:section>/<int:index>/remove/", views.plan_row_remove, name="mobilisation_row_remove"),
]
