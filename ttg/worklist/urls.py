"""The TTG caseworker's work list."""

from django.urls import path

from . import views

urlpatterns = [path("work/", views.work_list, name="work_list")]
