"""The person's notices: what changed, newest first, grouped by day."""

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from journal.models import Notice
from journal.notices import inbox
from partners.access import couple_required, get_couple_or_404


@couple_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    couple = get_couple_or_404(request)
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
def notice_open(request: HttpRequest, public_id: UUID) -> HttpResponse:
    couple = get_couple_or_404(request)
    notice = couple.get_object_or_404(
        Notice.objects.for_user(request.user, couple.partnership), public_id=public_id
    )
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    # `link` is always a path we built ourselves; never a URL taken from input.
    return redirect(notice.link)


@couple_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    """Everything but safety: an urgent alert (a SafetyAlert, pinned to every page) is only
    ever put away by "I've seen this", and a safety notice only by opening it."""
    couple = get_couple_or_404(request)
    Notice.objects.for_user(request.user, couple.partnership).unread().exclude(
        kind=Notice.Kind.CHECKIN_SAFETY
    ).update(read_at=timezone.now())
    return redirect("notice_list")
