"""The safety plan belongs to the partner in treatment, not to the partnership.

Adds `SafetyPlan.owner` and fills it from each plan's partnership: the member who held the
in-treatment role (ended partnerships included, so a plan written before a space closed is
found again by its author). Reversing drops the column; every plan row stays.
"""

from django.conf import settings
from django.db import migrations, models


def set_owners(apps, schema_editor):
    SafetyPlan = apps.get_model("journal", "SafetyPlan")
    Membership = apps.get_model("partners", "Membership")
    owners = dict(
        Membership.objects.filter(role="in_treatment", user__isnull=False).values_list(
            "partnership_id", "user_id"
        )
    )
    for plan in SafetyPlan.objects.filter(owner__isnull=True).only("pk", "partnership_id"):
        owner = owners.get(plan.partnership_id)
        if owner is not None:
            SafetyPlan.objects.filter(pk=plan.pk).update(owner_id=owner)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0008_crisis_alerts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="safetyplan",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="safety_plans",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(set_owners, migrations.RunPython.noop),
    ]
