from django.urls import path

from . import views

urlpatterns = [
    path("assurance/samples/", views.sample_list, name="assurance_samples"),
    path("assurance/samples/new/", views.sample_new, name="assurance_sample_new"),
    path("assurance/samples/new/check/", views.sample_check, name="assurance_sample_check"),
    path("assurance/samples/<int:pk>/", views.sample_detail, name="assurance_sample"),
    path("assurance/samples/<int:pk>/cases/<int:case_pk>/", views.case_detail, name="assurance_case"),
    path("assurance/samples/<int:pk>/cases/<int:case_pk>/reveal/", views.case_reveal, name="assurance_case_reveal"),
    path("assurance/samples/<int:pk>/actions/add/", views.action_add, name="assurance_action_add"),
    path("assurance/actions/<int:pk>/answer/", views.action_respond, name="assurance_action_respond"),
    path("assurance/actions/<int:pk>/close/", views.action_close, name="assurance_action_close"),
    path("assurance/issues/", views.issue_list, name="assurance_issues"),
    path("assurance/issues/new/", views.issue_new, name="assurance_issue_new"),
    path("assurance/issues/new/check/", views.issue_check, name="assurance_issue_check"),
    path("assurance/issues/<int:pk>/", views.issue_detail, name="assurance_issue"),
    path("assurance/issues/<int:pk>/resolve/", views.issue_resolve, name="assurance_issue_resolve"),
    path("assurance/engagement/", views.engagement_list, name="assurance_engagements"),
    path("assurance/engagement/new/", views.engagement_new, name="assurance_engagement_new"),
]
