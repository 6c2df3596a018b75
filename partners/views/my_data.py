"""My data: download everything of mine, or delete my account. Both ask allauth to
confirm it is really me first (reauthentication)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partners import my_data
from partners.access import current_couple
from partners.binding import bind, status_for
from partners.forms import ConfirmForm


@login_required
@require_GET
def overview(request):
    return render(request, "partners/my_data.html", {"couple": current_couple(request)})


def _attachment(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@reauthentication_required
@require_POST
def export_json(request):
    stamp = timezone.now().strftime("%Y-%m-%d")
    return _attachment(
        my_data.export_json(request.user),
        f"alongside-my-data-{stamp}.json",
        "application/json; charset=utf-8",
    )


@login_required
@reauthentication_required
@require_POST
def export_checkins_csv(request):
    stamp = timezone.now().strftime("%Y-%m-%d")
    return _attachment(
        my_data.checkins_csv(request.user),
        f"alongside-my-checkins-{stamp}.csv",
        "text/csv; charset=utf-8",
    )


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = bind(request, ConfirmForm)
    if form.is_bound and form.is_valid():
        user = request.user
        logout(request)
        my_data.delete_account(user)
        messages.success(request, "Your account and your personal data have been deleted.")
        return redirect("landing")
    return render(
        request,
        "partners/delete_account.html",
        {"form": form, "couple": current_couple(request)},
        status=status_for(form),
    )
