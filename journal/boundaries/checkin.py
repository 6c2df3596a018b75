"""The weekly check-in's question "How did our agreed boundaries hold this week?".

Plugged into the check-in through `journal.checkins.hooks.extra_sections`. The check-in
decides who may read which check-in (its reveal rule); this section only stores and shows
one answer per agreed boundary: held, partly or not, with an optional note.
"""

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from journal import weeks
from journal.boundaries.models import (
    IN_FORCE_STATES,
    Boundary,
    BoundaryCheck,
    Held,
)
from journal.checkins.hooks import ExtraSection
from journal.models import CheckIn

NOTE_LIMIT = 500


class BoundariesHeldForm(forms.Form):
    """A held/partly/not choice and a note for each agreement in force. All optional."""

    def __init__(self, *args, boundaries, earlier, **kwargs):
        super().__init__(*args, **kwargs)
        self.boundaries = boundaries
        self.rows = []
        for boundary in boundaries:
            key = boundary.public_id.hex
            held, note = earlier.get(boundary.pk, (None, ""))
            self.fields[f"held_{key}"] = forms.ChoiceField(
                label=f"“{boundary.wording}”",
                choices=Held.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=held,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label="A note on this one (optional)",
                required=False,
                max_length=NOTE_LIMIT,
                initial=note,
                error_messages={
                    "max_length": f"Please keep the note to {NOTE_LIMIT} characters or fewer "
                    "(it has %(show_value)d)."
                },
            )
            self.rows.append((boundary, self[f"held_{key}"], self[f"note_{key}"]))

    def clean(self):
        cleaned = super().clean()
        for boundary in self.boundaries:
            key = boundary.public_id.hex
            note = (cleaned.get(f"note_{key}") or "").strip()
            cleaned[f"note_{key}"] = note
            if note and not cleaned.get(f"held_{key}"):
                self.add_error(
                    f"held_{key}", "Choose held, partly or not, or clear the note below."
                )
        return cleaned

    def answers(self):
        """[(boundary, held or "", note)] for every boundary on the form."""
        data = self.cleaned_data
        return [
            (b, data.get(f"held_{b.public_id.hex}") or "", data.get(f"note_{b.public_id.hex}"))
            for b in self.boundaries
        ]


class BoundariesSection(ExtraSection):
    key = "boundaries"
    title = "How did our agreed boundaries hold this week?"
    form_template = "journal/boundaries/checkin_form.html"
    answers_template = "journal/boundaries/checkin_answers.html"

    def __init__(self):
        self._in_force = None

    def _boundaries(self, couple):
        """The agreements in force, each with this person's latest answer about it: one
        query, made once per request whether `applies_to` or `form` asks first."""
        if self._in_force is None:
            # Only this week's answer is ever used (to prefill an edit), and the running
            # week never starts before the aligned start: bounding the subqueries to it
            # keeps them to a row or two however many weeks the couple has behind them.
            latest = BoundaryCheck.objects.filter(
                boundary=OuterRef("pk"),
                checkin__author=couple.user,
                checkin__week_start__gte=weeks.aligned_start(couple.partnership),
            ).order_by("-checkin__week_start")
            self._in_force = list(
                Boundary.objects.for_partnership(couple.partnership)
                .filter(state__in=IN_FORCE_STATES)
                .in_category_order()
                .annotate(
                    earlier_checkin=Subquery(latest.values("checkin_id")[:1]),
                    earlier_held=Subquery(latest.values("held")[:1]),
                    earlier_note=Subquery(latest.values("note")[:1]),
                )
            )
        return self._in_force

    def applies_to(self, couple, membership):
        # Nothing to ask until the couple has agreed on something.
        return bool(self._boundaries(couple))

    def form(self, couple, checkin, data=None):
        boundaries = self._boundaries(couple)
        # Only this week's answers prefill the form; last week's are history.
        earlier = {
            b.pk: (b.earlier_held, b.earlier_note)
            for b in boundaries
            if checkin is not None and b.earlier_checkin == checkin.pk
        }
        return BoundariesHeldForm(data, prefix=self.key, boundaries=boundaries, earlier=earlier)

    def save(self, couple, checkin, form):
        now = timezone.now()
        cleared = []
        for boundary, held, note in form.answers():
            if not held:
                cleared.append(boundary.pk)
                continue
            BoundaryCheck.objects.update_or_create(
                checkin=checkin,
                boundary=boundary,
                defaults={
                    "wording": boundary.wording,
                    "held": held,
                    "note": note,
                    "updated_at": now,
                },
            )
        if cleared:
            BoundaryCheck.objects.filter(checkin=checkin, boundary_id__in=cleared).delete()

    def answers(self, couple, checkins):
        """One query for all the check-ins shown. The check-in's own reveal rule is applied
        again inside it, so a caller that forgot to filter still shows nothing hidden."""
        ids = [checkin.pk for checkin in checkins]
        if not ids:
            return {}
        visible = CheckIn.objects.visible_to(couple.user, couple).filter(pk__in=ids)
        found = {}
        for check in BoundaryCheck.objects.filter(
            checkin__in=visible.values("pk"), checkin__partnership=couple.partnership
        ).order_by("checkin_id", "boundary__created_at", "boundary_id"):
            found.setdefault(check.checkin_id, []).append(check)
        return found
