"""Screening pages. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views

PERSON = "people/<str:prison_number>/screening/"

urlpatterns = [
    path(PERSON, views.person_screening, name="person_screening"),
    path(f"{PERSON}bcst1/clone/", views.clone, name="screening_clone"),
    path(f"{PERSON}needs/<int:flag_id>/acknowledge/", views.acknowledge, name="flag_acknowledge"),
    path(f"{PERSON}duty-to-refer/", views.duty_to_refer, name="duty_to_refer"),
    path(f"{PERSON}<str:kind>/", views.task_list, name="screening_tasks"),
    path(f"{PERSON}<str:kind>/check/", views.check_answers, name="screening_check"),
    path(f"{PERSON}<str:kind>/submitted/", views.submitted, name="screening_submitted"),
    path(f"{PERSON}<str:kind>/amend/", views.amend, name="screening_amend"),
    path(f"{PERSON}<str:kind>/<str:section_id>/", views.section, name="screening_section"),
    path("prisons/<str:code>/screening/", views.work_list, name="screening_work_list"),
    path("screening/question-sets/", views.question_sets, name="question_sets"),
    path("screening/question-sets/<str:kind>/<str:version>/", views.question_set, name="question_set"),
]
