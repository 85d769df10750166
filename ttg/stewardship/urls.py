from django.urls import path

from . import views

urlpatterns = [
    path("stewardship/", views.national, name="stewardship"),
    path("stewardship/export.<str:fmt>", views.national_export, name="stewardship_export"),
    path("stewardship/crc/<str:code>/", views.crc, name="stewardship_crc"),
    path("stewardship/crc/<str:code>/export.<str:fmt>", views.crc_export, name="stewardship_crc_export"),
    path("stewardship/crc/<str:code>/benchmark/", views.benchmark, name="stewardship_benchmark"),
    path("stewardship/crc/<str:code>/benchmark/check/", views.benchmark_check, name="stewardship_benchmark_check"),
    path("stewardship/prison/<str:code>/", views.prison, name="stewardship_prison"),
]
