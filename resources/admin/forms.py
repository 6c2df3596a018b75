"""Editors' and reviewers' forms in the admin."""

from django import forms
from django.utils import timezone

from resources import workflow
from resources.models import Article, Review, Revision


class ArticleAddForm(forms.ModelForm):
    """A new article starts with its address, its place, and the title of its first draft."""

    title = forms.CharField(max_length=200)

    class Meta:
        model = Article
        fields = ["slug", "category", "order"]


class RevisionForm(forms.ModelForm):
    # Compare-and-set: the version the editor started from. A save from a page opened
    # before someone else's save is refused instead of silently overwriting it.
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Revision
        fields = ["title", "summary", "body", "talk_prompts", "category", "related"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 30}),
            "talk_prompts": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        else:
            self.fields["expected_version"].required = False
        # A revision that carries the article's placement must keep carrying one: an empty
        # category would silently drop the related links the editor set alongside it.
        if "category" in self.fields:  # absent when the revision is shown read-only
            self.fields["category"].required = bool(self.instance.category_id)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        current = Revision.objects.filter(pk=self.instance.pk).values("version", "state").first()
        if current is None or current["state"] not in Revision.EDITABLE_STATES:
            raise forms.ValidationError(
                "This revision is no longer a draft (it was submitted or published while "
                "you were editing). Copy your changes, then start a new revision."
            )
        if cleaned.get("expected_version") != current["version"]:
            raise forms.ValidationError(
                "Someone else saved this draft while you were editing it. Copy your "
                "changes, reload the page, and apply them to the newer text."
            )
        return cleaned


class ApproveForm(forms.Form):
    """A review record; the reviewer's name and credential come from their account (set
    by an operator), never free text."""

    def __init__(self, *args, reviewer, **kwargs):
        self.reviewer_name = reviewer.name
        self.account_credential = reviewer.reviewer_credential
        super().__init__(*args, **kwargs)

    def credential(self):
        """The account's credential on a clinical review; none on an editorial one."""
        return self.account_credential if self.cleaned_data["kind"] == "clinical" else ""

    kind = forms.ChoiceField(
        choices=Review.Kind.choices,
        widget=forms.RadioSelect,
        help_text="Editorial: checked against the cited sources. Clinical: reviewed by a "
        "clinician, whose credential is shown to readers.",
    )
    # The text the reviewer read: an approval of anything else is refused.
    revision_hash = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)
    reviewed_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="What you checked, against which sources, and what changed. Readers "
        "can open these notes.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            workflow.check_review_fields(
                kind=cleaned["kind"],
                credential=self.credential(),
                reviewer_name=self.reviewer_name,
                reviewed_on=cleaned["reviewed_on"],
            )
        except workflow.WorkflowError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="What needs to change before you can approve it.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept in the article's history.",
    )
