"""Starting, configuring and ending a partnership."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from journal import weeks
from journal.checkins import rules as checkins
from journal.models import Notice
from journal.notices import notify as notices
from partners import emails, pairing, security_log
from partners.access import couple_required, current_couple, get_couple_or_404, load_couple
from partners.binding import bind
from partners.forms import ConfirmForm, PartnershipSettingsForm, StartPartnershipForm
from partners.models import SecurityEvent
from partners.views import invitations


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    if current_couple(request):
        return redirect("dashboard")
    form = bind(request, StartPartnershipForm)
    if request.method == "POST" and form.is_valid():
        try:
            pairing.start_partnership(request.user, form.cleaned_data["role"])
        except pairing.PairingError as error:
            messages.error(request, str(error))
            return redirect("dashboard")
        # "Start and get the link": the next page shows the link, not another button.
        return invitations.issue_link(request, load_couple(request.user))
    return render(request, "partners/start.html", {"form": form})


@couple_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    couple = get_couple_or_404(request)
    partnership = couple.partnership
    weekday_before = partnership.checkin_weekday
    running = checkins.current_week(couple)
    form = bind(request, PartnershipSettingsForm, instance=partnership)
    if request.method == "POST" and form.is_valid():
        # The form wrote the new day onto the instance; the day waits for the running
        # week to end instead (the reveal rule), so it goes through weeks.
        partnership.checkin_weekday = weekday_before
        takes_effect = weeks.schedule_weekday_change(
            partnership, form.cleaned_data["checkin_weekday"], latest_started=running.start
        )
        # Only these fields: a full save would write back the `ended_at` read at the
        # start of this request and could reopen a partnership the other partner ended
        # a moment ago.
        partnership.save(
            update_fields=[*form.Meta.fields, "previous_checkin_weekday", "checkin_weekday_from"]
        )
        if takes_effect is not None:
            _tell_both_about_the_day(request, couple, takes_effect)
        messages.success(request, "Your shared settings are saved.")
        return redirect("partnership_settings")
    return render(
        request,
        "partners/settings.html",
        {"form": form, "couple": couple, "pending_day": _pending_day(partnership)},
    )


def _pending_day(partnership):
    """(new day's name, date it starts) while a change of day waits, else None."""
    changes_on = partnership.checkin_weekday_from
    today = partnership.today()
    if changes_on is None or today >= changes_on:
        return None
    return partnership.get_checkin_weekday_display(), changes_on


def _tell_both_about_the_day(request, couple, takes_effect):
    """Both partners hear of a new check-in day (in-app, and an email with no details)."""
    security_log.record(request.user, SecurityEvent.Kind.CHECKIN_DAY_CHANGED, request)
    day = couple.partnership.get_checkin_weekday_display()
    when = f"to {day}, from {takes_effect:%-d %B %Y}. The running week keeps its end."
    link = reverse("partnership_settings")
    # Each reads it as themselves: "You changed ..." for the one who did it.
    for person, message in (
        (couple.user, f"You changed our check-in day {when}"),
        (couple.partner_user, f"{request.user.name} changed your check-in day {when}"),
    ):
        notices.notify(couple, person, kind=Notice.Kind.PARTNERSHIP, message=message, link=link)


@couple_required(complete=False)
@reauthentication_required
@require_http_methods(["GET", "POST"])
def end(request):
    couple = get_couple_or_404(request)
    form = bind(request, ConfirmForm)
    if request.method == "POST" and form.is_valid():
        pairing.end_partnership(couple)
        if couple.partner_user:
            emails.send_partnership_ended(couple.partner_user, partnership=couple.partnership)
        messages.success(request, "Your shared space is closed. Your own writing is kept.")
        return redirect("dashboard")
    return render(request, "partners/end.html", {"form": form, "couple": couple})
