"""Retiring an agreement asks first: it ends it for both partners and cannot be undone.

The detail page's "Retire it" button posts to the retire step, which answers with this
confirmation page (no JavaScript needed); its "Yes, retire it" posts again with
`retire-confirmed`, and only then does journal.boundaries.rules.retire run and the partner
get a notice.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journal.boundaries import rules
from journal.boundaries.forms import RetireForm


def needs_confirmation(couple, boundary, form: RetireForm, today) -> bool:
    """Ask first, unless already confirmed, or the step would be refused anyway (a stale
    page or a boundary that can no longer be retired gets the usual answer at once)."""
    return (
        not form.cleaned_data["confirmed"]
        and boundary.version == form.cleaned_data["version"]
        and "retire" in rules.allowed_actions(boundary, couple.user, today)
    )


def confirm_page(request: HttpRequest, couple, boundary, form: RetireForm) -> HttpResponse:
    confirm = RetireForm(
        prefix="retire",
        today=form.today,
        initial={
            "version": form.cleaned_data["version"],
            "note": form.cleaned_data["note"],
            "confirmed": True,
        },
    )
    return render(
        request,
        "journal/boundaries/retire_confirm.html",
        {
            "couple": couple,
            "boundary": boundary,
            "form": confirm,
            "partner_name": couple.partner_user.name,
        },
    )
