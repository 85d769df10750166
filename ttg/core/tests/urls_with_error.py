"""The real URLs plus views that fail, to see what a user (and an API client) sees on a server error."""

from django.db import InterfaceError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.urls import *  # noqa: F403
from ttg.urls import urlpatterns as real_urlpatterns


@access.public
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail")


@access.public
def database_down(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")  # what a request meets while PostgreSQL restarts


class ApiDatabaseDown(APIView):
    ttg_action = "account.view"

    def get(self, request: Request) -> Response:
        raise InterfaceError("connection already closed")


class ApiBoom(APIView):
    ttg_action = "account.view"

    def get(self, request: Request) -> Response:
        raise RuntimeError("secret internal detail")


urlpatterns = [
    *real_urlpatterns,
    path("boom/", boom, name="boom"),
    path("api/v1/boom/", ApiBoom.as_view(), name="api_boom"),
    path("database-down/", database_down),
    path("api/v1/database-down/", ApiDatabaseDown.as_view()),
]
