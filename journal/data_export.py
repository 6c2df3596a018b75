"""The journal's part of a person's data export and account deletion (see partners.my_data)."""

import re

from django.db.models import Q

from journal.checkins.models import ANSWER_FIELDS, AUTHOR_ONLY_FIELDS
from journal.history import archive
from journal.models import (
    Boundary,
    BoundaryCheck,
    CheckIn,
    ClinicShareLink,
    Notice,
    SafetyPlan,
    SafetyPlanSuggestion,
    TreatmentEntry,
)
from journal.safety import rules as safety_plan
from partners.export_values import plain
from partners.models import Role

# Every answer a person gives (so a new question is exported without a second list to update),
# plus when and in what role; the private note is added only for its author, below.
CHECKIN_FIELDS = [
    "week_start",
    "role",
    *(name for name in ANSWER_FIELDS if name != "private_note"),
    "version",
    "submitted_at",
    "updated_at",
]


def _row(instance, fields):
    return {name: plain(getattr(instance, name)) for name in fields}


def _checkins(user, couple):
    mine, partners = [], []
    visible = CheckIn.objects.visible_to(user, couple).prefetch_related("revisions")
    for checkin in visible:
        entry = _row(checkin, CHECKIN_FIELDS)
        if checkin.author_id == user.pk:
            entry["private_note"] = checkin.note_for_viewer
            entry["earlier_versions"] = [
                {
                    "version": rev.version,
                    "saved_at": rev.saved_at.isoformat(),
                    "answers": rev.answers,
                }
                for rev in checkin.revisions.all()
            ]
            mine.append(entry)
        else:
            # What the pages hide from a partner stays hidden here too, including the
            # version count and save time, which move when an author-only answer changes:
            # the partner gets the times the pages show.
            for name in (*AUTHOR_ONLY_FIELDS, "version", "updated_at"):
                entry.pop(name, None)
            entry["edited_at"] = plain(checkin.edited_at)
            partners.append(entry)
    return mine, partners


def _boundary_checks(user, couple, visible_ids):
    return [
        {
            "week_start": check.checkin.week_start.isoformat(),
            "by": "me" if check.checkin.author_id == user.pk else "partner",
            "boundary": check.wording,
            "held": check.get_held_display(),
            "note": check.note,
        }
        for check in BoundaryCheck.objects.filter(checkin_id__in=visible_ids).select_related(
            "checkin"
        )
    ]


PLAN_FIELDS = [
    "warning_signs",
    "coping_on_my_own",
    "people_and_places",
    "people_to_ask",
    "clinicians_and_lines",
    "safer_surroundings",
    "reasons_for_living",
    "alert_on_unsafe_now",
    "alert_on_self_harm",
    "updated_at",
]


def _is_open(couple):
    return couple.partnership.ended_at is None and couple.me.left_at is None


def _boundary_entry(user, pid, boundary, events):
    return {
        "partnership": pid,
        "wording": boundary.wording,
        "why": boundary.why,
        "category": boundary.get_category_display(),
        "state": boundary.get_state_display(),
        "revisit_on": boundary.revisit_on.isoformat() if boundary.revisit_on else None,
        "history": [
            {
                "when": event.created_at.isoformat(),
                "who": "me" if event.actor_id == user.pk else "partner",
                "action": event.get_action_display(),
                "wording": event.wording,
                "note": event.note,
            }
            for event in events
        ],
    }


def _closed_space(user, couple, pid, result):
    """A space that has closed: only what this person wrote in it (see README)."""
    mine, _ = _checkins(user, couple)
    result["checkins"] += [{"partnership": pid, **entry} for entry in mine]
    my_ids = CheckIn.objects.for_couple(couple).authored_by(user).values("pk")
    result["boundary_checks"] += _boundary_checks(user, couple, my_ids)
    for event in archive.own_boundary_wordings(user).filter(
        boundary__partnership=couple.partnership
    ):
        result["boundary_wordings_i_wrote"].append(
            {
                "partnership": pid,
                "when": event.created_at.isoformat(),
                "action": event.get_action_display(),
                "wording": event.wording,
                "why": event.why,
                "note": event.note,
            }
        )
    for entry in TreatmentEntry.objects.filter(partnership=couple.partnership, author=user):
        result["treatment_log"].append(_entry_row(user, pid, entry))


def _entry_row(user, pid, entry):
    return {
        "partnership": pid,
        "kind": entry.get_kind_display(),
        "on_date": entry.on_date.isoformat(),
        "at_time": entry.at_time.isoformat() if entry.at_time else None,
        "status": entry.status,
        "note": entry.note,
        "written_by": "me" if entry.author_id == user.pk else "partner",
    }


def export(user, couples):
    """Everything this person still has: all of theirs from every space, and their partner's
    writing only from the space that is still open, as it was shown to them."""
    result = {
        "checkins": [],
        "partner_checkins_as_shown_to_me": [],
        "boundaries": [],
        "boundary_wordings_i_wrote": [],
        "boundary_checks": [],
        "treatment_log": [],
        "safety_plans": [],
        "notices": [],
    }
    open_partnerships = []
    for couple in couples:
        pid = str(couple.partnership.public_id)
        if not _is_open(couple):
            _closed_space(user, couple, pid, result)
            continue
        open_partnerships.append(couple.partnership.pk)
        mine, partners = _checkins(user, couple)
        result["checkins"] += [{"partnership": pid, **entry} for entry in mine]
        result["partner_checkins_as_shown_to_me"] += [
            {"partnership": pid, **entry} for entry in partners
        ]
        visible_ids = CheckIn.objects.visible_to(user, couple).values("pk")
        result["boundary_checks"] += _boundary_checks(user, couple, visible_ids)
        for boundary in Boundary.objects.filter(partnership=couple.partnership).prefetch_related(
            "events"
        ):
            result["boundaries"].append(_boundary_entry(user, pid, boundary, boundary.events.all()))
        for entry in TreatmentEntry.objects.filter(partnership=couple.partnership):
            result["treatment_log"].append(_entry_row(user, pid, entry))
    # The plans this person owns (from any space), and the open space's plan as shown to
    # them when it is their partner's.
    plans = SafetyPlan.objects.filter(
        Q(owner=user) | Q(partnership_id__in=open_partnerships)
    ).select_related("partnership")
    for plan in plans:
        if plan.owner_id != user.pk and safety_plan.written_before(plan, plan.partnership):
            continue  # written before this person joined its space: never theirs to read
        result["safety_plans"].append(
            {
                "partnership": str(plan.partnership.public_id),
                "mine": plan.owner_id == user.pk,
                **_row(plan, PLAN_FIELDS),
            }
        )
    result["my_safety_plan_suggestions"] = [
        _row(suggestion, ["part", "text", "state", "created_at", "decided_at"])
        for suggestion in SafetyPlanSuggestion.objects.filter(author=user)
    ]
    # Links to one's own clinic summary (journal.clinic): what they covered, and each opening.
    result["my_clinic_links"] = [
        {
            **_row(
                link,
                [
                    "created_at",
                    "covers_from",
                    "covers_until",
                    "expires_at",
                    "revoked_at",
                    "include_private_notes",
                    "note_for_clinic",
                    "partner_answers",
                ],
            ),
            "asks_for_a_code": link.has_code,
            "openings": [_row(seen, ["opened_at", "browser"]) for seen in link.openings.all()],
        }
        for link in ClinicShareLink.objects.filter(owner=user).prefetch_related("openings")
    ]
    # Notices tell of the partner's doings: only those of the open space are kept.
    result["notices"] = [
        _row(notice, ["created_at", "kind", "message", "read_at"])
        for notice in Notice.objects.filter(recipient=user, partnership_id__in=open_partnerships)
    ]
    return result


def delete_personal_data(user):
    """Remove what this person wrote about their own health; shared agreements stay.

    Check-ins, their revisions and boundary answers, and notices go with the user row
    (cascade). The treatment log and safety plan are the partner in treatment's own
    record, so they go when that person leaves; a supporter's suggestions go with them.
    """
    _unname_in_partners_notices(user)
    memberships = user.memberships.filter(role=Role.IN_TREATMENT)
    partnership_ids = memberships.values("partnership_id")
    TreatmentEntry.objects.filter(partnership_id__in=partnership_ids).delete()
    SafetyPlan.objects.filter(Q(partnership_id__in=partnership_ids) | Q(owner=user)).delete()
    SafetyPlanSuggestion.objects.filter(author=user).delete()


def _unname_in_partners_notices(user):
    """The former partner's notices say "your former partner" where they named the person
    (their display name, or the part of the address it falls back to)."""
    names = {user.name, user.email, user.email.split("@", 1)[0], user.display_name} - {""}
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)")
    partnership_ids = user.memberships.values("partnership_id")
    notices = Notice.objects.filter(partnership_id__in=partnership_ids).exclude(recipient=user)
    for notice in notices.only("pk", "message"):
        message = pattern.sub(
            lambda match: "Your former partner" if match.start() == 0 else "your former partner",
            notice.message,
        )
        if message != notice.message:
            Notice.objects.filter(pk=notice.pk).update(message=message[:200])


# --- My check-ins as a spreadsheet (partners.my_data.checkins_csv) ---------------------------


SHEET_ANSWERS = [
    ("mood", "Overall mood (0 to 10)"),
    ("anxiety", "Anxiety (0 to 10)"),
    ("sleep", "Sleep (0 to 10)"),
    ("sessions", "Treatment sessions this week"),
    ("treatment_changes", "Anything different about treatment"),
    ("after_effects", "After-effects noticed"),
    ("after_effects_other", "Other after-effects"),
    ("as_prescribed", "Taken as prescribed, nothing extra"),
    ("what_helped", "What helped"),
    ("seemed_mood", "Their mood, as it seemed (0 to 10)"),
    ("seemed_sleep", "Their sleep, as it seemed (0 to 10)"),
    ("seemed_energy", "Their energy (0 to 10)"),
    ("seemed_openness", "More withdrawn or more open"),
    ("seemed_notes", "Anything else I noticed"),
    ("stress", "My own stress (0 to 10)"),
    ("self_care", "Looking after myself"),
    ("worries", "Anything I am worried about"),
    ("need", "What I need from you this week"),
    ("appreciated", "Something I appreciated"),
    ("unsafe_now", "Right now I didn't feel safe"),
    ("unsafe_at_home", "I didn't feel safe at home"),
]


def _sheet_value(checkin: CheckIn, name: str) -> str:
    from journal.checkins.models import AfterEffect

    value = getattr(checkin, name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "after_effects":
        return "; ".join(str(AfterEffect(code).label) for code in value or [])
    display = getattr(checkin, f"get_{name}_display", None)
    if display is not None and value != "":
        return str(display())
    return str(value)


def _sheet_questionnaire_columns() -> list[tuple[str, str, str | int]]:
    from journal.checkins import questionnaires

    columns: list[tuple[str, str, str | int]] = []
    for instrument in questionnaires.INSTRUMENTS.values():
        top = max(value for value, _ in instrument.options)
        columns.append((f"{instrument.name} total", instrument.code, "total"))
        columns += [
            (f"{instrument.name} item {n} (0 to {top})", instrument.code, n - 1)
            for n in range(1, instrument.item_count + 1)
        ]
        if instrument.difficulty_question:
            columns.append((f"{instrument.name}: how difficult", instrument.code, "difficulty"))
    return columns


def checkin_sheet(user, couples) -> tuple[list[str], list[list[str]]]:
    """(column labels, rows of text) for every check-in this person wrote, oldest first:
    labels in words, choices as shown on the form, dates as people write them. Their own
    writing only, so the private note is in it (see README: what stays mine)."""
    from zoneinfo import ZoneInfo

    from django.utils.dateformat import format as format_date

    from journal.checkins import questionnaires

    zone = ZoneInfo(user.time_zone)
    questionnaire_columns = _sheet_questionnaire_columns()
    columns = [
        "Week of",
        "My role",
        "Partner",
        *(label for _, label in SHEET_ANSWERS),
        *(label for label, _, _ in questionnaire_columns),
        "My private note",
        "First saved",
        "Last changed",
        "Version",
    ]
    difficulty = dict(questionnaires.DIFFICULTY)
    rows = []
    for couple in couples:
        partner = couple.partner.user.name if couple.partner and couple.partner.user else ""
        for checkin in CheckIn.objects.for_couple(couple).authored_by(user).order_by("week_start"):
            row = [
                format_date(checkin.week_start, "j M Y"),
                str(checkin.get_role_display()),
                partner,
                *(_sheet_value(checkin, name) for name, _ in SHEET_ANSWERS),
            ]
            for _, code, part in questionnaire_columns:
                if part == "total":
                    value = getattr(checkin, f"{code}_total")
                elif part == "difficulty":
                    answer = getattr(checkin, f"{code}_difficulty")
                    value = difficulty.get(answer, "") if answer is not None else None
                else:
                    assert isinstance(part, int)  # an item's index
                    items = getattr(checkin, code) or []
                    value = items[part] if part < len(items) else None
                row.append("" if value is None else str(value))
            row += [
                checkin.private_note,
                format_date(checkin.submitted_at.astimezone(zone), "j M Y, H:i"),
                format_date(checkin.updated_at.astimezone(zone), "j M Y, H:i"),
                str(checkin.version),
            ]
            rows.append(row)
    return columns, rows
