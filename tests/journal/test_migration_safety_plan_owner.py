"""Migrations 0008 (crisis alerts) and 0009 (safety plan owner): a database with a
partnership closed before these changes keeps every row, and after migrating its author
finds their plan again; an old "told" time becomes an alert that claims nothing unrecorded.

Runs the real migrations: back to 0007, rows made with the historical models, forward
again; then back once more to show it reverses without losing a row.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

BEFORE = [("journal", "0007_checkin_edited_at"), ("partners", "0002_security_event")]


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_closed_partnership_from_before_is_reachable_by_its_author():
    old = migrate(BEFORE)
    User = old.get_model("partners", "User")
    Partnership = old.get_model("partners", "Partnership")
    Membership = old.get_model("partners", "Membership")
    SafetyPlan = old.get_model("journal", "SafetyPlan")
    CheckIn = old.get_model("journal", "CheckIn")
    TreatmentEntry = old.get_model("journal", "TreatmentEntry")
    now = timezone.now()
    her = User.objects.create(email="her@example.com", display_name="Sam")
    him = User.objects.create(email="him@example.com", display_name="Alex")
    closed = Partnership.objects.create(ended_at=now)
    Membership.objects.create(partnership=closed, user=her, role="in_treatment", left_at=now)
    Membership.objects.create(partnership=closed, user=him, role="supporting", left_at=now)
    SafetyPlan.objects.create(
        partnership=closed, warning_signs="OLD-PLAN-TEXT", alert_partner_when_unsafe=True
    )
    CheckIn.objects.create(
        partnership=closed,
        author=her,
        role="in_treatment",
        week_start=now.date(),
        mood=4,
        what_helped="OLD-ANSWER",
        unsafe_now=True,
        partner_told_at=now,
    )
    TreatmentEntry.objects.create(
        partnership=closed, author=her, kind="iv_infusion", on_date=now.date(), note="OLD-NOTE"
    )
    counts = (SafetyPlan.objects.count(), CheckIn.objects.count(), TreatmentEntry.objects.count())

    try:
        new = migrate(latest())
        plan = new.get_model("journal", "SafetyPlan").objects.get()
        assert plan.owner_id == her.pk
        assert plan.warning_signs == "OLD-PLAN-TEXT"
        # 0008: the old consent named "not safe right now" only; the told time became an
        # alert whose email was never recorded, and the new self-harm consent starts off.
        assert (plan.alert_on_unsafe_now, plan.alert_on_self_harm) == (True, False)
        alert = new.get_model("journal", "SafetyAlert").objects.get()
        assert (alert.person_id, alert.recipient_id, alert.email) == (her.pk, him.pk, "unknown")
        assert alert.raised_at == now

        from partners.models import User as CurrentUser

        client = Client()
        client.force_login(CurrentUser.objects.get(pk=her.pk))
        assert "OLD-PLAN-TEXT" in client.get(reverse("safety_plan")).content.decode()
        history = client.get(reverse("my_history")).content.decode()
        assert "OLD-NOTE" in history
        from journal.models import CheckIn as CurrentCheckIn

        checkin = CurrentCheckIn.objects.get(author_id=her.pk)
        detail = client.get(reverse("my_history_checkin", args=[checkin.public_id]))
        assert "OLD-ANSWER" in detail.content.decode()
        assert "This shared space closed on" in client.get(reverse("dashboard")).content.decode()
        his_client = Client()
        his_client.force_login(CurrentUser.objects.get(pk=him.pk))
        assert "OLD-PLAN-TEXT" not in his_client.get(reverse("safety_plan")).content.decode()

        back = migrate(BEFORE)
        told = back.get_model("journal", "CheckIn").objects.get().partner_told_at
        assert told == now
        assert (
            back.get_model("journal", "SafetyPlan").objects.count(),
            back.get_model("journal", "CheckIn").objects.count(),
            back.get_model("journal", "TreatmentEntry").objects.count(),
        ) == counts
    finally:
        migrate(latest())
