"""The person's notices: what changed, newest first, grouped by day."""

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from journal.models import Notice
from journal.notices import inbox
from partners.access import Couple, CoupleRequest, couple_required
from resources import suggestions
from resources.models import Suggestion


@couple_required
@require_GET
def notice_list(request: CoupleRequest) -> HttpResponse:
    couple = request.couple
    notices = Notice.objects.for_user(request.user, couple.partnership)
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "journal/notices.html",
        {
            "page": page,
            "days": inbox.by_day(page.object_list, request.user),
            "couple": couple,
            "unread": couple.unread_notices,
        },
    )


@couple_required
@require_POST
def notice_open(request: CoupleRequest, public_id: UUID) -> HttpResponseRedirect:
    couple = request.couple
    notice = couple.get_object_or_404(
        Notice.objects.for_user(request.user, couple.partnership), public_id=public_id
    )
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    if notice.kind == Notice.Kind.ARTICLE_SUGGESTED:
        _open_suggestion(couple, notice.link)
    return HttpResponseRedirect(same_site_path(notice.link) or reverse("notice_list"))


def _open_suggestion(couple: Couple, link: str) -> None:
    """Opening "Alex suggested an article for you" opens that suggestion, as the home
    panel's button does: it leaves "Suggested for you", and Alex reads that it was opened."""
    try:
        match = resolve(link)
    except Resolver404:
        return
    if match.url_name != "library_suggestion":
        return
    suggestion = (
        Suggestion.objects.filter(
            partnership=couple.partnership,
            suggested_to=couple.user,
            public_id=match.kwargs["public_id"],
        )
        .select_related("article")
        .first()
    )
    if suggestion is not None:
        suggestions.mark_opened(couple, suggestion.article)


def same_site_path(link: str) -> str | None:
    """`link` if it is a path on this site, else None.

    Links are paths we build ourselves, but a row is only data: one that names another
    host, a scheme (javascript:), or a URL name instead of a path never leaves the site.
    """
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return link
    return None


@couple_required
@require_POST
def notices_read_all(request: CoupleRequest) -> HttpResponseRedirect:
    """Everything but safety: an urgent alert (a SafetyAlert, pinned to every page) is only
    ever put away by "I've seen this", and a safety notice only by opening it."""
    couple = request.couple
    Notice.objects.for_user(request.user, couple.partnership).unread().exclude(
        kind=Notice.Kind.CHECKIN_SAFETY
    ).update(read_at=timezone.now())
    return redirect("notice_list")
