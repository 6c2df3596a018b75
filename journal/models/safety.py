"""The couple's shared safety plan, written by the partner in treatment."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from partners.models import Partnership


class SafetyPlan(models.Model):
    """One per couple. Also holds the consent the check-in needs before alerting a partner."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = models.TextField("my warning signs", blank=True)
    coping_on_my_own = models.TextField("things I can do on my own", blank=True)
    people_and_places = models.TextField("people and places that help", blank=True)
    people_to_ask = models.TextField("people I can ask for help", blank=True)
    clinicians_and_lines = models.TextField("my clinicians and crisis lines", blank=True)
    safer_surroundings = models.TextField("making my surroundings safer", blank=True)
    alert_partner_when_unsafe = models.BooleanField(
        "alert my partner if my check-in says I'm not safe",
        default=False,
        help_text=(
            "If you turn this on, your partner gets a notice straight away when your "
            "check-in says you are not safe right now. If it is off, nothing is sent "
            "unless you choose to tell them."
        ),
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Safety plan of {self.partnership}"


def partner_alert_consented(couple):
    """Did the partner in treatment agree, in advance, to their partner being alerted?"""
    return SafetyPlan.objects.filter(
        partnership=couple.partnership, alert_partner_when_unsafe=True
    ).exists()
