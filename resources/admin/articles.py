"""Articles in the admin: the list editors work from (status, review due) and the way in
to writing: "Add article" starts a first draft, "Edit the text" a new revision."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from resources import workflow
from resources.admin.forms import ArticleAddForm, WithdrawForm
from resources.models import Article, Category, Revision


class ReviewDueFilter(admin.SimpleListFilter):
    """The editors' list of what needs reviewing again."""

    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", "Due within 60 days"),
            ("never", "Never published"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        due = "live_revision__last_review__next_review_due"
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "soon":
            return queryset.filter(
                **{f"{due}__gte": today, f"{due}__lte": today + timedelta(days=60)}
            )
        if self.value() == "never":
            return queryset.filter(live_revision__isnull=True)
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("published", "Published"),
            ("pending", "Waiting for review"),
            ("working", "Being written"),
            ("unpublished", "Not published"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "published":
            return queryset.filter(live_revision__isnull=False)
        if value == "unpublished":
            return queryset.filter(live_revision__isnull=True)
        if value == "pending":
            return queryset.filter(working_state=Revision.State.SUBMITTED)
        if value == "working":
            return queryset.filter(
                working_state__in=[Revision.State.DRAFT, Revision.State.CHANGES_REQUESTED]
            )
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    ordering = ["order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    change_form_template = "resources/admin/article_change_form.html"
    list_display = ["title_shown", "category", "status", "last_reviewed", "review_due"]
    list_filter = [ReviewDueFilter, StatusFilter, "category"]
    list_select_related = ["category", "live_revision", "live_revision__last_review"]
    search_fields = ["slug", "revisions__title"]
    filter_horizontal = ["related"]
    readonly_fields = ["revision_history"]

    def get_queryset(self, request):
        working = Revision.objects.working().filter(article=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                working_state=Subquery(working.values("state")[:1]),
                working_title=Subquery(working.values("title")[:1]),
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["slug", "title", "category", "order"]
        return ["slug", "category", "order", "related", "revision_history"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revisions.exclude(state=Revision.State.DRAFT).exists():
            # Its address has been shared (or is about to be): keep links working. Where
            # it sits (category, related links) changes only through a reviewed revision,
            # like its text: set them on the revision ("Edit the text").
            return [*self.readonly_fields, "slug", "category", "related"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description="title", ordering="slug")
    def title_shown(self, obj):
        if obj.live_revision_id:
            return obj.live_revision.title
        return obj.working_title or obj.slug

    @admin.display(description="status")
    def status(self, obj):
        parts = ["Published" if obj.live_revision_id else "Not published"]
        if obj.working_state:
            parts.append(Revision.State(obj.working_state).label.lower())
        return "; ".join(parts)

    @admin.display(description="last reviewed")
    def last_reviewed(self, obj):
        review = obj.live_revision.last_review if obj.live_revision_id else None
        return review.reviewed_on if review else "—"

    @admin.display(description="next review due")
    def review_due(self, obj):
        review = obj.live_revision.last_review if obj.live_revision_id else None
        if review is None:
            return "—"
        if review.is_overdue:
            return format_html("<strong>OVERDUE</strong> since {}", review.next_review_due)
        return review.next_review_due

    @admin.display(description="revisions")
    def revision_history(self, obj):
        revisions = obj.revisions.order_by("-number")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">Revision {}</a>: {}, {} (updated {})</li>',
                (
                    (
                        reverse("admin:resources_revision_change", args=[revision.pk]),
                        revision.number,
                        revision.title,
                        revision.get_state_display(),
                        revision.updated_at.strftime("%Y-%m-%d"),
                    )
                    for revision in revisions
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            obj._first_revision = workflow.add_first_revision(
                obj, title=form.cleaned_data["title"], author=request.user
            )

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(request, "Article added. Write its first draft here.")
        return redirect(reverse("admin:resources_revision_change", args=[obj._first_revision.pk]))

    # --- Workflow views ------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/edit-text/", view(self.edit_text_view), name="resources_article_edit"),
            path("<int:pk>/withdraw/", view(self.withdraw_view), name="resources_article_withdraw"),
            *super().get_urls(),
        ]

    def edit_text_view(self, request, pk):
        return require_POST(self._edit_text)(request, pk)

    def _edit_text(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not (
            request.user.has_perm("resources.add_revision")
            and self.has_change_permission(request, article)
        ):
            raise PermissionDenied
        revision = workflow.start_revision(article, request.user)
        return redirect(reverse("admin:resources_revision_change", args=[revision.pk]))

    def withdraw_view(self, request, pk):
        article = get_object_or_404(Article.objects.select_related("live_revision"), pk=pk)
        if not (
            request.user.has_perm("resources.review_revision")
            or self.has_change_permission(request, article)
        ):
            raise PermissionDenied
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.withdraw_article(article, request.user, form.cleaned_data["reason"])
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Withdrawn: readers no longer see this article.")
                return redirect(reverse("admin:resources_article_change", args=[article.pk]))
        return TemplateResponse(
            request,
            "resources/admin/withdraw.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Withdraw “{article}”",
                "article": article,
                "form": form,
            },
            status=400 if request.method == "POST" else 200,
        )
