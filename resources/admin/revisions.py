"""Revisions in the admin: write a draft, preview it, submit it, review it.

Only drafts (and revisions sent back with changes requested) can be edited; anything
submitted or published is shown read-only. The workflow buttons post to small views
here that call `resources.workflow`, which holds every rule (including that nobody
approves their own writing); the admin only decides which buttons to show.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from resources import workflow
from resources.admin.forms import ApproveForm, RequestChangesForm, RevisionForm
from resources.models import Review, Revision, Source, WorkflowEvent

SUBMIT = "resources.submit_revision"
REVIEW = "resources.review_revision"


class SourceInline(admin.TabularInline):
    model = Source
    fields = ["position", "key", "title", "publisher", "year", "accessed_year", "url"]
    extra = 1
    ordering = ["position", "id"]
    # A link typed without a scheme is read as https, never http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _editable(self, obj):
        return obj is None or obj.is_editable

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    form = RevisionForm
    change_form_template = "resources/admin/revision_change_form.html"
    inlines = [SourceInline]
    list_display = ["title", "article", "number", "state", "author", "updated_at"]
    list_filter = ["state", "article__category"]
    list_select_related = ["article", "author"]
    search_fields = ["title", "article__slug"]
    readonly_fields = ["article", "number", "state", "author", "reading_minutes"]
    fieldsets = [
        (None, {"fields": ["article", "number", "state", "author"]}),
        (
            "Text",
            {"fields": ["title", "summary", "body", "talk_prompts", "expected_version"]},
        ),
        ("Place in the library (applied when approved)", {"fields": ["category", "related"]}),
    ]
    filter_horizontal = ["related"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [
                (None, {"fields": ["article", "number", "state", "author"]}),
                ("Text", {"fields": ["title", "summary", "body", "talk_prompts"]}),
                ("Place in the library", {"fields": ["category", "related"]}),
            ]
        return self.fieldsets

    def has_add_permission(self, request):
        # New revisions start from an article ("Add article" or "Edit the text").
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return False  # history is kept

    def save_model(self, request, obj, form, change):
        obj.version = form.cleaned_data["expected_version"] + 1
        super().save_model(request, obj, form, change)
        workflow.record_edit(obj, request.user)

    # --- Workflow views ------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="resources_revision_preview"),
            path("<int:pk>/submit/", view(self.submit_view), name="resources_revision_submit"),
            path(
                "<int:pk>/take-back/",
                view(self.take_back_view),
                name="resources_revision_take_back",
            ),
            path("<int:pk>/review/", view(self.review_view), name="resources_revision_review"),
            *super().get_urls(),
        ]

    def _revision(self, request, pk):
        revision = get_object_or_404(Revision.objects.select_related("article"), pk=pk)
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def _back(self, revision):
        return redirect(reverse("admin:resources_revision_change", args=[revision.pk]))

    def preview_view(self, request, pk):
        """The revision exactly as readers would see it, on the public article page."""
        revision = self._revision(request, pk)
        revision = Revision.objects.select_related("article__category", "last_review").get(
            pk=revision.pk
        )
        return TemplateResponse(
            request,
            "resources/article.html",
            {
                "preview": True,
                "article": revision.article,
                "revision": revision,
                "review": revision.last_review,
                "sources": list(revision.sources.all()),
                "related": [],
            },
        )

    def _workflow_step(self, request, pk, permission, step, done_message):
        revision = self._revision(request, pk)
        if not request.user.has_perm(permission):
            raise PermissionDenied
        try:
            step(revision, request.user)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done_message)
        return self._back(revision)

    def submit_view(self, request, pk):
        return require_POST(self._workflow_step)(
            request, pk, SUBMIT, workflow.submit, "Submitted for review."
        )

    def take_back_view(self, request, pk):
        return require_POST(self._workflow_step)(
            request,
            pk,
            SUBMIT,
            workflow.withdraw_submission,
            "Taken back to draft; submit it again when it is ready.",
        )

    def review_view(self, request, pk):
        """Approve (with a review record) or request changes; or review a published one again."""
        revision = self._revision(request, pk)
        if not request.user.has_perm(REVIEW):
            raise PermissionDenied
        again = revision.state == Revision.State.PUBLISHED
        approve_form = ApproveForm(
            prefix="approve",
            reviewer=request.user,
            initial={"kind": "editorial", "revision_hash": revision.content_hash()},
        )
        changes_form = RequestChangesForm(prefix="changes")
        if request.method == "POST" and "approve" in request.POST:
            approve_form = ApproveForm(request.POST, prefix="approve", reviewer=request.user)
            if self._approve(request, revision, approve_form, again):
                return self._back(revision)
        elif request.method == "POST" and "request_changes" in request.POST and not again:
            changes_form = RequestChangesForm(request.POST, prefix="changes")
            if self._request_changes(request, revision, changes_form):
                return self._back(revision)
        return TemplateResponse(
            request,
            "resources/admin/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Review “{revision.title}”",
                "revision": revision,
                "again": again,
                "own_writing": workflow.is_writer(revision, request.user),
                "approve_form": approve_form,
                "changes_form": changes_form,
            },
            status=400 if request.method == "POST" else 200,
        )

    def _approve(self, request, revision, form, again):
        """Record the review (publishing a first approval); False leaves `form` with why."""
        if not form.is_valid():
            return False
        step = workflow.review_again if again else workflow.approve
        fields = dict(form.cleaned_data)
        seen_hash = fields.pop("revision_hash")
        try:
            step(
                revision,
                request.user,
                **fields,
                reviewer_name=request.user.name,
                credential=form.credential(),
                seen_hash=seen_hash,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
            return False
        messages.success(request, "Review recorded." if again else "Approved and published.")
        return True

    def _request_changes(self, request, revision, form):
        """Send the revision back with the comment; False leaves `form` with why."""
        if not form.is_valid():
            return False
        try:
            workflow.request_changes(revision, request.user, form.cleaned_data["comment"])
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
            return False
        messages.success(request, "Sent back to the writer with your comment.")
        return True

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if revision is not None:
            user = request.user
            editable = revision.is_editable
            submitted = revision.state == Revision.State.SUBMITTED
            published = revision.state == Revision.State.PUBLISHED
            extra_context.update(
                {
                    "workflow_events": list(
                        revision.events.select_related("actor").order_by("-at", "-id")
                    ),
                    "reviews": list(revision.reviews.select_related("reviewer")),
                    "latest_request": revision.events.filter(
                        action=WorkflowEvent.Action.CHANGES_REQUESTED
                    )
                    .order_by("-at", "-id")
                    .first()
                    if revision.state == Revision.State.CHANGES_REQUESTED
                    else None,
                    "can_submit": editable and user.has_perm(SUBMIT),
                    "can_take_back": submitted and user.has_perm(SUBMIT),
                    "can_review": (submitted or published) and user.has_perm(REVIEW),
                    "own_writing": workflow.is_writer(revision, user),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Review records, read-only: they are made only by approving or reviewing again."""

    list_display = [
        "revision",
        "kind",
        "reviewer_name",
        "credential",
        "reviewed_on",
        "next_review_due",
        "overdue",
    ]
    list_filter = ["kind"]
    list_select_related = ["revision"]
    search_fields = ["revision__title", "reviewer_name"]
    date_hierarchy = "reviewed_on"

    @admin.display(boolean=True, description="Overdue")
    def overdue(self, obj):
        return obj.is_overdue

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
