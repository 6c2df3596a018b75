"""Friendly error pages that keep the crisis footer."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: the database may be what failed, and the
    # auth context processor would touch it again.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"crisis_lines": settings.CRISIS_LINES}))


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"message": message}, status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page in our voice, with the crisis lines, instead of Django's."""
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request):
    """allauth's rate limits answer with this (config.urls.handler429)."""
    return render(request, "429.html", status=429)
