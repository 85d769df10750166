"""The real URLs plus one view that fails, to see what a user sees on a server error."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ttg.core import access
from ttg.urls import *  # noqa: F403
from ttg.urls import urlpatterns as real_urlpatterns


@access.public
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail")


urlpatterns = [*real_urlpatterns, path("boom/", boom, name="boom")]
