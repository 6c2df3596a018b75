"""Starting, configuring and ending a partnership."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partners import emails, pairing
from partners.access import couple_required, current_couple, get_couple_or_404
from partners.forms import ConfirmForm, PartnershipSettingsForm, StartPartnershipForm


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    if current_couple(request):
        return redirect("dashboard")
    form = StartPartnershipForm(request.POST or None)
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
    form = PartnershipSettingsForm(request.POST or None, instance=couple.partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your shared settings are saved.")
        return redirect("partnership_settings")
    return render(request, "partners/settings.html", {"form": form, "couple": couple})


@couple_required(complete=False)
@reauthentication_required
@require_http_methods(["GET", "POST"])
def end(request):
    couple = get_couple_or_404(request)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pairing.end_partnership(couple)
        if couple.partner_user:
            emails.send_partnership_ended(couple.partner_user)
        messages.success(request, "Your shared space is closed. Your own writing is kept.")
        return redirect("dashboard")
    return render(request, "partners/end.html", {"form": form, "couple": couple})
