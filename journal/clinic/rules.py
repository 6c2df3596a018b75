"""What happens to a clinic link: making it, finding it from its token, the spoken code, the
partner's consent, turning it off, and logging each opening. Views stay thin and call these.

Nothing here sends email: the partner hears about a request in the app only.
"""

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from journal.checkins import rules as checkins
from journal.clinic.models import ClinicLinkOpening, ClinicShareLink, PartnerAnswers
from journal.models import Notice
from journal.notices.notify import notify
from partners.access import Couple, load_couple
from partners.models import Membership

TOKEN = re.compile(r"^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$")
CODE_ALPHABET = "23456789"  # digits only, none that sound or look alike when said aloud
CODE_LENGTH = 6


@dataclass(frozen=True)
class NewLink:
    link: ClinicShareLink
    token: str  # shown once, never stored
    code: str  # shown once, never stored; "" when the person chose no code
    created: bool


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _hash_code(selector: str, code: str) -> str:
    # Keyed with SECRET_KEY: six digits hashed plainly could be recovered from a database copy.
    return salted_hmac("alongside.clinic.code", f"{selector}:{code}").hexdigest()


def normalise_code(typed: str) -> str:
    return re.sub(r"[\s-]", "", typed or "")


def make_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_link(
    couple: Couple,
    *,
    weeks: int,
    days: int,
    with_code: bool,
    include_private_notes: bool,
    note_for_clinic: str,
    ask_partner: bool,
    submission_key: uuid.UUID | None = None,
    now=None,
) -> NewLink:
    """A new link for the partner in treatment (the caller checks the role)."""
    now = now or timezone.now()
    if submission_key is not None:
        existing = ClinicShareLink.objects.filter(
            owner=couple.user, submission_key=submission_key
        ).first()
        if existing is not None:
            return NewLink(existing, "", "", created=False)
    week = checkins.current_week(couple, now)
    selector = secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    code = make_code() if with_code else ""
    partner = couple.partner_user if ask_partner else None
    link = ClinicShareLink(
        owner=couple.user,
        partnership=couple.partnership,
        selector=selector,
        secret_hash=_hash_secret(secret),
        code_hash=_hash_code(selector, code) if code else "",
        covers_from=week.start - timedelta(weeks=weeks - 1),
        covers_until=week.last_day,
        include_private_notes=include_private_notes,
        note_for_clinic=note_for_clinic,
        partner=partner,
        partner_answers=PartnerAnswers.ASKED if partner else PartnerAnswers.NOT_ASKED,
        created_at=now,
        expires_at=now + timedelta(days=days),
        submission_key=submission_key,
    )
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        existing = ClinicShareLink.objects.filter(
            owner=couple.user, submission_key=submission_key
        ).first()
        if submission_key is None or existing is None:
            raise
        return NewLink(existing, "", "", created=False)
    if partner is not None:
        notify(
            couple,
            partner,
            kind=Notice.Kind.PARTNERSHIP,
            message=(
                f"{couple.user.name} asks whether a summary for their clinic may include "
                "how they seemed to you"
            ),
            link=reverse("clinic_link_consent", args=[link.public_id]),
            email=False,
        )
    return NewLink(link, f"{selector}.{secret}", code, created=True)


def token_url(token: str) -> str:
    return reverse("clinic_summary", args=[token])


@dataclass(frozen=True)
class Found:
    link: ClinicShareLink | None
    selector: str  # "" when the token was not even well formed


def find(token: str) -> Found:
    """The link this token opens, or None; the secret is compared in constant time."""
    match = TOKEN.match(token or "")
    if match is None:
        return Found(None, "")
    selector, secret = match.groups()
    link = (
        ClinicShareLink.objects.select_related("owner", "partnership", "partner")
        .filter(selector=selector)
        .first()
    )
    if link is None or not hmac.compare_digest(link.secret_hash, _hash_secret(secret)):
        return Found(None, selector)
    return Found(link, selector)


def code_matches(link: ClinicShareLink, typed: str) -> bool:
    code = normalise_code(typed)
    if not link.has_code or not code or len(code) > 20:
        return False
    return hmac.compare_digest(link.code_hash, _hash_code(link.selector, code))


def revoke(link: ClinicShareLink, now=None) -> bool:
    """Turn the link off at once. False if it already was."""
    now = now or timezone.now()
    done = ClinicShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )
    link.refresh_from_db()
    return bool(done)


def answer_request(link: ClinicShareLink, *, accept: bool, now=None) -> None:
    """The partner agrees (or not, or no longer) to their answers being included."""
    ClinicShareLink.objects.filter(pk=link.pk).update(
        partner_answers=PartnerAnswers.ACCEPTED if accept else PartnerAnswers.DECLINED,
        partner_answered_at=now or timezone.now(),
    )
    link.refresh_from_db()


def notes_shared(user: object, partnership_id: int, week_start: date) -> bool:
    """Whether a link of `user`'s that works now includes their private note for that week."""
    return links_sharing_notes(user, partnership_id, week_start).exists()


def links_sharing_notes(
    owner: object, partnership_id: int, week_start: date, now: datetime | None = None
) -> Any:
    """`owner`'s links that work at `now` and include their private note for that week."""
    return (
        ClinicShareLink.objects.live(now)
        .owned_by(owner)
        .filter(
            partnership_id=partnership_id,
            include_private_notes=True,
            covers_from__lte=week_start,
            covers_until__gte=week_start,
        )
    )


def partner_answers_shown(link: ClinicShareLink) -> bool:
    """The partner's answers show only with their consent, while they are still partners."""
    if link.partner_answers != PartnerAnswers.ACCEPTED or link.partner_id is None:
        return False
    if link.partnership.ended_at is not None:
        return False
    # Both still in this partnership (one query): leaving or ending it stops the sharing.
    still_there = Membership.objects.filter(
        partnership_id=link.partnership_id,
        left_at__isnull=True,
        user_id__in=[link.partner_id, link.owner_id],
    ).count()
    return still_there == 2


# --- Throttling wrong guesses ----------------------------------------------------------------
# Counted in Django's cache (Redis in production, shared by every worker), as allauth counts
# failed sign-ins; allauth's own limiter leaves GET requests alone, and an address is a GET.
# Each limit is (failures allowed, window in seconds); the window starts at the first failure.
# Every limit counts over the same window; a 429 says how long in Retry-After.
THROTTLE_WINDOW = 600  # seconds
UNKNOWN_PER_IP = (20, THROTTLE_WINDOW)  # addresses that open nothing, from one network
WRONG_PER_IP = (10, THROTTLE_WINDOW)  # wrong codes from one network, whatever the link
WRONG_PER_LINK = (5, THROTTLE_WINDOW)  # wrong codes (or wrong secrets) for one link, from anywhere
# For the link's whole life: at 5 per 10 minutes a 90-day link would otherwise allow ~65,000
# guesses of a 262,144-code space. After this many wrong codes the link turns itself off.
WRONG_CODES_TOTAL = 20


def client_ip(request: HttpRequest) -> str:
    """The address the sign-in limits and the security log read (trusted proxies honoured)."""
    return get_adapter().get_client_ip(request) or "unknown"


def _key(scope: str, ident: str) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"alongside:clinic:{scope}:{digest}"


def _over(scope: str, ident: str, limit: tuple[int, int]) -> bool:
    return (cache.get(_key(scope, ident)) or 0) >= limit[0]


def _count(scope: str, ident: str, limit: tuple[int, int]) -> None:
    key = _key(scope, ident)
    if not cache.add(key, 1, timeout=limit[1]):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=limit[1])


def network_throttled(request: HttpRequest) -> bool:
    return _over("unknown-ip", client_ip(request), UNKNOWN_PER_IP)


def code_throttled(request: HttpRequest, link: ClinicShareLink) -> bool:
    return _over("wrong-ip", client_ip(request), WRONG_PER_IP) or _over(
        "wrong-link", link.selector, WRONG_PER_LINK
    )


def unknown_address(request: HttpRequest, selector: str) -> None:
    _count("unknown-ip", client_ip(request), UNKNOWN_PER_IP)
    if selector:
        # A real link's selector with a wrong secret counts against that link as well.
        _count("wrong-link", selector, WRONG_PER_LINK)


def wrong_code(request: HttpRequest, link: ClinicShareLink, now=None) -> bool:
    """Count a wrong code; True when it was the one that turned the link off for good."""
    now = now or timezone.now()
    _count("wrong-ip", client_ip(request), WRONG_PER_IP)
    _count("wrong-link", link.selector, WRONG_PER_LINK)
    with transaction.atomic():
        ClinicShareLink.objects.filter(pk=link.pk).update(
            wrong_codes=F("wrong_codes") + 1, last_wrong_code_at=now
        )
        # Only the request that crosses the line turns it off (and tells the person once).
        turned_off = ClinicShareLink.objects.filter(
            pk=link.pk, revoked_at__isnull=True, wrong_codes__gte=WRONG_CODES_TOTAL
        ).update(revoked_at=now, turned_off_by_wrong_codes=True)
    link.refresh_from_db()
    if turned_off:
        couple = load_couple(link.owner)
        if couple is not None and couple.partnership.pk == link.partnership_id:
            notify(
                couple,
                link.owner,
                kind=Notice.Kind.PARTNERSHIP,
                message=(
                    f"Your summary link for the clinic turned itself off after "
                    f"{WRONG_CODES_TOTAL} wrong codes were typed for it"
                ),
                link=reverse("clinic_link", args=[link.public_id]),
                email=False,
            )
    return bool(turned_off)


# --- Openings ------------------------------------------------------------------------------

BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Opera", re.compile(r"\bOPR/|Opera")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
)
SYSTEMS = (
    ("Android", re.compile(r"Android")),
    ("iPhone or iPad", re.compile(r"iPhone|iPad|iPod")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Windows", re.compile(r"Windows")),
    ("Mac", re.compile(r"Macintosh|Mac OS X")),
    ("Linux", re.compile(r"Linux")),
)


def browser_family(user_agent: str) -> str:
    """ "Chrome on Android": the browser and system family, never versions or devices."""
    agent = (user_agent or "")[:500]
    browser = next((name for name, pattern in BROWSERS if pattern.search(agent)), "")
    system = next((name for name, pattern in SYSTEMS if pattern.search(agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "An unrecognised browser")


def log_opening(link: ClinicShareLink, user_agent: str, now=None) -> ClinicLinkOpening:
    return ClinicLinkOpening.objects.create(
        link=link, opened_at=now or timezone.now(), browser=browser_family(user_agent)
    )
