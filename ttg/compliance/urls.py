"""Compliance with the specification (R-A1)."""

from django.urls import path

from . import views

urlpatterns = [
    path("compliance/", views.overview, name="compliance_overview"),
    path("compliance/crcs/<str:code>/", views.crc, name="compliance_crc"),
    path("compliance/crcs/<str:code>/figures.<str:fmt>", views.crc_export, name="compliance_crc_export"),
    path("compliance/prisons/<str:code>/", views.prison, name="compliance_prison"),
    path("compliance/prisons/<str:code>/<str:figure>/<str:month>/", views.cases, name="compliance_cases"),
]
