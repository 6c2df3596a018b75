"""Pages for people who are not signed in."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe


@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "partners/landing.html")


@require_safe
def privacy(request):
    return render(request, "partners/privacy.html")
