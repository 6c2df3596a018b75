"""Pages for people who are not signed in."""

from django.shortcuts import redirect, render


def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "partners/landing.html")


def privacy(request):
    return render(request, "partners/privacy.html")
