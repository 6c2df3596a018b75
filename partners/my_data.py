"""A person's own data: everything of theirs as a download, and deleting their account.

Each app contributes its part through a `data_export` module with
`export(user, couples) -> dict` (and, for deletion, `delete_personal_data(user)`), so
partners/ does not reach into other apps' tables; `APP_EXPORTERS` names those modules,
imported like any other (a typo fails at import, not at the first download). A
partner's writing appears in the export only as it was shown to this person (their
revealed check-ins, never their private notes), through the same reveal rule the pages
use.
"""

import csv
import io
import json

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from journal import data_export as journal_export
from partners import emails, pairing, security_log
from partners.access import Couple, load_couple
from partners.export_values import plain, row
from partners.models import Invitation, Membership, SecurityEvent, User
from partners.sessions import SessionStore
from resources import data_export as resources_export

APP_EXPORTERS = (journal_export, resources_export)


def couples_of(user):
    """Every partnership this person was ever in, seen from their side (ended ones too)."""
    memberships = Membership.objects.filter(user=user).select_related("partnership")
    couples = []
    for mine in memberships:
        partner = (
            Membership.objects.filter(partnership=mine.partnership)
            .exclude(pk=mine.pk)
            .select_related("user")
            .first()
        )
        couples.append(Couple(partnership=mine.partnership, me=mine, partner=partner))
    return couples


def export(user):
    couples = couples_of(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "about": (
            "Everything Alongside holds that is yours, from every shared space you have been "
            "in, plus what your current partner shared with you as it was shown to you. "
            "Nothing a former partner wrote is included, and no partner's private notes."
        ),
        "account": row(
            user,
            ["email", "display_name", "time_zone", "email_notifications", "date_joined"],
        ),
        "partnerships": [
            {
                "id": str(couple.partnership.public_id),
                "my_role": couple.me.get_role_display(),
                "partner": couple.partner.user.name
                if couple.partner and couple.partner.user
                else None,
                "joined_at": plain(couple.me.joined_at),
                "left_at": plain(couple.me.left_at),
                "ended_at": plain(couple.partnership.ended_at),
            }
            for couple in couples
        ],
        "security_log": [
            row(event, ["created_at", "kind", "ip_address", "user_agent"])
            for event in user.security_events.all()
        ],
    }
    for module in APP_EXPORTERS:
        data.update(module.export(user, couples))
    return data


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); a leading apostrophe makes it plain text in all three.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return f"'{value}" if value and value.startswith(FORMULA_STARTS) else value


def checkins_csv(user: User) -> str:
    """My check-ins as a CSV a spreadsheet opens cleanly: UTF-8 with a BOM (Excel reads it
    as UTF-8 then), labelled columns, words rather than codes, no formulas."""
    columns, rows = journal_export.checkin_sheet(user, couples_of(user))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for cells in rows:
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()


def export_json(user):
    security_log.record(user, SecurityEvent.Kind.DATA_EXPORTED)
    return json.dumps(export(user), indent=2, ensure_ascii=False)


def delete_account(user, request=None):
    """Delete the person and their personal data; end their partnership; tell the partner.

    What the partner wrote stays theirs. Shared agreements (boundaries) stay with the
    partner, with this person's name removed from their history.
    """
    couple = load_couple(user)
    partner = couple.partner_user if couple else None
    partnership = couple.partnership if couple else None
    with transaction.atomic():
        if couple:
            pairing.end_partnership(couple)
        for module in APP_EXPORTERS:
            module.delete_personal_data(user)
        _forget_name_and_address(user)
        _end_sessions(user)
        user.delete()
    if partner is not None:
        emails.send_partnership_ended(partner, partnership=partnership)


def _end_sessions(user):
    """Sign the person out everywhere: their sessions are removed, not just forgotten."""
    from allauth.usersessions.models import UserSession

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    # Through the session store, so the cached copy (Redis in production, which holds
    # the person's email among allauth's sign-in records) goes with the database row.
    for key in keys:
        SessionStore(session_key=key).delete()
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()


def _forget_name_and_address(user):
    """No trace of the person's address or name is left in rows that outlive them.

    Invitations they sent or were sent lose the address. (Their former partner's notices
    are rewritten by journal.data_export.)
    """
    Invitation.objects.filter(Q(sent_to__iexact=user.email) | Q(invited_by=user)).update(sent_to="")
