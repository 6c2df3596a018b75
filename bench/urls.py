"""The project's URLs plus the bare view every page is compared with. Bench only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def bare(request):
    """The floor: Django's request cycle and middleware, with no work of ours."""
    return HttpResponse("ok", content_type="text/plain")


FLOOR = engines["django"].from_string(
    '{% extends "base.html" %}{% block head_title %}Floor{% endblock %}'
    "{% block content %}<h1>Floor</h1>{% endblock %}"
)


@login_required
def floor(request):
    """The least any signed-in page costs: session, user, the couple, and the base layout."""
    from partners.access import get_couple_or_404

    get_couple_or_404(request)
    return HttpResponse(FLOOR.render({}, request))


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/floor/", floor, name="bench_floor"),
    *project_urlpatterns,
]
