"""Starting, configuring and ending a partnership."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partners import emails, pairing
from partners.access import couple_required, current_couple, get_couple_or_404
from partners.forms import ConfirmForm, PartnershipSettingsForm, StartPartnershipForm


def _posted(request):
    # Not `request.POST or None`: an empty POST must be a bound form that shows its
    # errors, not a silently blank page.
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    if current_couple(request):
        return redirect("dashboard")
    form = StartPartnershipForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pairing.start_partnership(request.user, form.cleaned_data["role"])
        except pairing.PairingError as error:
            messages.error(request, str(error))
            return redirect("dashboard")
        return redirect("invitation_manage")
    return render(request, "partners/start.html", {"form": form})


@couple_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    couple = get_couple_or_404(request)
    form = PartnershipSettingsForm(_posted(request), instance=couple.partnership)
    if request.method == "POST" and form.is_valid():
        # Only the fields on the form: a full save would write back the `ended_at` read
        # at the start of this request and could reopen a partnership the other
        # partner ended a moment ago.
        form.save(commit=False).save(update_fields=list(form.Meta.fields))
        messages.success(request, "Your shared settings are saved.")
        return redirect("partnership_settings")
    return render(request, "partners/settings.html", {"form": form, "couple": couple})


@couple_required(complete=False)
@reauthentication_required
@require_http_methods(["GET", "POST"])
def end(request):
    couple = get_couple_or_404(request)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        pairing.end_partnership(couple)
        if couple.partner_user:
            emails.send_partnership_ended(couple.partner_user, partnership=couple.partnership)
        messages.success(request, "Your shared space is closed. Your own writing is kept.")
        return redirect("dashboard")
    return render(request, "partners/end.html", {"form": form, "couple": couple})
