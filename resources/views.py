"""The public library (filled in by its issue)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "resources/home.html")
