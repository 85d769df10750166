"""Notice pages. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/attachments/new/", views.notice_attachment_add, name="notice_attachment_add"),
    path("notices/<int:pk>/attachments/<int:attachment_pk>/", views.notice_attachment, name="notice_attachment"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("notices/<int:pk>/report/", views.notice_report, name="notice_report"),
    path("notices/<int:pk>/report.<str:fmt>", views.notice_report_export, name="notice_report_export"),
]
