"""The plans app's administration pages: the catalogue's (catalogue/admin.py), found here by Django."""

from ttg.plans.catalogue import admin  # noqa: F401
