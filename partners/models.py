"""People, the partnership that pairs two of them, and the invitation that does the pairing."""

import dataclasses
import hashlib
import secrets
import uuid
import zoneinfo
from datetime import date, datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

# Names the system's zone database carries that are not a place: "localtime" follows the
# server's own clock and "Factory" is a placeholder, so a couple's week would depend on where
# the app happens to run.
NOT_A_PLACE = frozenset({"localtime", "Factory"})


def time_zones():
    return zoneinfo.available_timezones() - NOT_A_PLACE


def validate_time_zone(value):
    if value not in time_zones():
        raise ValidationError("Choose a time zone from the list.")


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(time_zones())]


# Where most people using Alongside live, first in the list for a browser without
# JavaScript (with it, static/js/time-zone.js selects the device's own zone).
COMMON_TIME_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "UTC",
)


def _place(name: str) -> str:
    """'America/Argentina/Buenos_Aires' reads as 'Argentina / Buenos Aires'."""
    return name.partition("/")[2].replace("_", " ").replace("/", " / ") or name


def time_zone_label(name: str) -> str:
    """'America/New_York' reads as 'New York (America)': the city, then its region."""
    region, slash, _ = name.partition("/")
    return f"{_place(name)} ({region})" if slash else name


def grouped_time_zone_choices() -> list:
    """The common zones, then every other place grouped by region (<optgroup>s)."""
    zones = time_zones()
    common = [(name, time_zone_label(name)) for name in COMMON_TIME_ZONES if name in zones]
    regions: dict[str, list] = {}
    for name in sorted(zones - set(COMMON_TIME_ZONES)):
        region, slash, _ = name.partition("/")
        if not slash or region in {"Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"}:
            region = "Other names"
        regions.setdefault(region, []).append((name, _place(name) if slash else name))
    other = regions.pop("Other names", [])
    grouped = [("Common time zones", common)]
    grouped += [(region, regions[region]) for region in sorted(regions)]
    if other:
        grouped.append(("Other names", [(name, name.replace("_", " ")) for name, _ in other]))
    return grouped


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


# Unicode's embedding, override and isolate controls: one left open in a name (U+202E)
# turns the app's own words around it backwards. Names never need them: the bidirectional
# algorithm already lays out Hebrew or Arabic letters.
_DIRECTION_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def without_direction_controls(text: str) -> str:
    return text.translate(_DIRECTION_CONTROLS)


class User(AbstractUser):
    """A person; they sign in with their email address (allauth)."""

    # Removing inherited fields by setting them to None is Django's documented way; the stubs
    # type the inherited fields as str.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        "name your partner sees",
        max_length=80,
        blank=True,
        help_text="A first name or nickname is plenty.",
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    email_notifications = models.BooleanField(
        "email me when something is waiting",
        default=True,
        help_text="Emails only ever say that something is waiting, never what it is.",
    )
    # Separate from routine emails on purpose: turning off "something is waiting" must not
    # silently turn off the one email a partner asked to send in a crisis.
    urgent_alert_emails = models.BooleanField(
        "email me at once if my partner asks Alongside to alert me",
        default=True,
        help_text=(
            "Only when your partner has chosen to alert you that they may not be safe. "
            "The email asks you to check in with them now, and says nothing else."
        ),
    )
    # Set by an operator for a clinical reviewer; shown on their clinical reviews. A
    # reviewer cannot type one in on the review form.
    reviewer_credential = models.CharField(
        max_length=160,
        blank=True,
        help_text="Clinical reviewers only: their qualification today, e.g. "
        "“Consultant psychiatrist, GMC 1234567”.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # a manager without username

    def __str__(self):
        return self.name

    @property
    def name(self):
        return without_direction_controls(self.display_name) or self.email.split("@", 1)[0]

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name


class Role(models.TextChoices):
    IN_TREATMENT = "in_treatment", "Partner in treatment"
    SUPPORTING = "supporting", "Supporting partner"

    @property
    def other(self):
        return Role.SUPPORTING if self == Role.IN_TREATMENT else Role.IN_TREATMENT


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering, so no translation is needed anywhere.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Partnership(models.Model):
    """The private space of one couple. Every journal row hangs off one of these."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    checkin_weekday = models.PositiveSmallIntegerField(
        "check-in day", choices=Weekday.choices, default=Weekday.SUNDAY
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # A change of check-in day waits for the running week to end, so it can never close a
    # week early and reveal answers (the reveal rule). Until `checkin_weekday_from` (a
    # local date), weeks follow `previous_checkin_weekday`; from it, `checkin_weekday`.
    previous_checkin_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True
    )
    checkin_weekday_from = models.DateField(null=True, blank=True)
    # Goes up by one with every change to anything the couple's pages show: database
    # triggers (journal migrations 0014 and 0015) raise it on each insert, update or delete
    # of the couple's rows, and never let it go down. A page rendered at version N is true
    # for as long as the version is still N, which is what partners/page_cache.py relies on.
    version = models.PositiveBigIntegerField(default=0, editable=False)
    # Three kinds of rows change far more often than the pages that show them, as a side
    # effect of everyday use (reading, each notice, each email sent): their changes raise
    # these instead of `version`, and only a page that read such rows depends on them.
    library_version = models.PositiveBigIntegerField(default=0, editable=False)
    notices_version = models.PositiveBigIntegerField(default=0, editable=False)
    deliveries_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = PartnershipQuerySet.as_manager()

    def __str__(self):
        return f"Partnership {self.public_id}"

    @property
    def is_active(self):
        return self.ended_at is None

    def today(self, now: datetime | None = None) -> date:
        """The couple's today: the calendar date where they live, at `now` (default: now).

        The one place "today" is worked out for a couple: a revisit falls due, a session
        becomes past, a new check-in day takes effect at *their* midnight, not the
        server's. Week maths built on it lives in journal/weeks.py.
        """
        return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True, partnership__ended_at__isnull=True)


class Membership(models.Model):
    """One person's place in a partnership, with the role they hold in it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # The person's private calendar feed of planned session days (journal/calendar): only a
    # SHA-256 of its secret is kept, so the address cannot be read back from the database.
    # Empty means no feed. It belongs to this place in this partnership: leaving ends it.
    calendar_feed_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    calendar_feed_since = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            # A person belongs to at most one active partnership.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_at__isnull=True),
                name="one_active_partnership_per_user",
            ),
            # A partnership holds exactly one person in each role.
            models.UniqueConstraint(
                fields=["partnership", "role"], name="one_member_per_role_per_partnership"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_in_treatment(self):
        return self.role == Role.IN_TREATMENT

    @property
    def is_supporting(self):
        return self.role == Role.SUPPORTING


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    """A single-use, expiring, revocable link that brings the second partner in.

    Only a SHA-256 hash of the token is stored: a copy of the database cannot be used
    to join anyone's partnership.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Withdrawn"
        EXPIRED = "expired", "Expired"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField("role of the person invited", max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_to = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation to {self.partnership} ({self.state})"

    @classmethod
    def issue(cls, *, partnership, invited_by, role):
        """Create an invitation and return it with its one-time token (never stored)."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls.objects.create(
            partnership=partnership,
            invited_by=invited_by,
            role=role,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token

    @classmethod
    def find(cls, token):
        """The invitation for a token, or None; malformed tokens simply match nothing."""
        if not token or len(token) > 100 or "\x00" in token:
            return None
        return (
            cls.objects.select_related("partnership", "invited_by")
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def state(self):
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.declined_at:
            return self.State.DECLINED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now() or self.partnership.ended_at:
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @staticmethod
    def url_for(token):
        return reverse("invitation", args=[token])

    def address_proof(self) -> str:
        """Carried only by the link we email (``?for=``): proof that whoever opens it got
        it at ``sent_to``, so only they see that address filled in on sign-up. The bare
        link the inviter copies does not carry it; emailing another address changes it."""
        if not self.sent_to:
            return ""
        value = f"{self.public_id}:{self.sent_to.lower()}"
        return salted_hmac("alongside.invitation-address", value, algorithm="sha256").hexdigest()[
            :32
        ]

    def proves_address(self, proof: str | None) -> bool:
        expected = self.address_proof()
        if not expected or not proof:
            return False
        return constant_time_compare(expected, proof)


class SecurityEvent(models.Model):
    """Who did what to an account, and when. Never any health content."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        EMAIL_CHANGED = "email_changed", "Email address changed"
        # With allauth's CHANGE_EMAIL, a new address is only asked for until confirmed.
        EMAIL_CHANGE_ASKED = "email_added", "Asked to change the email address"
        EMAIL_CONFIRMED = "email_confirmed", "Email address confirmed"
        EMAIL_REMOVED = "email_removed", "Email address removed"
        PASSWORD_CHANGED_BY_STAFF = (
            "password_changed_by_staff",
            "Password changed by an administrator",
        )
        MFA_ADDED = "mfa_added", "Two-step sign-in added"
        MFA_REMOVED = "mfa_removed", "Two-step sign-in removed"
        RECOVERY_CODES_RESET = "recovery_codes_reset", "Recovery codes regenerated"
        PAIRED = "paired", "Joined a partnership"
        PARTNERSHIP_STARTED = "partnership_started", "Started a partnership"
        PARTNERSHIP_ENDED = "partnership_ended", "Partnership ended"
        CHECKIN_DAY_CHANGED = "checkin_day_changed", "Check-in day changed"
        DATA_EXPORTED = "data_exported", "Data exported"
        ACCOUNT_DELETED = "account_deleted", "Account deleted"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="security_events",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="security_event_user_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"


class DeliveryQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(state=Delivery.State.FAILED)

    def overdue(self, now, grace):
        """Emails no task will pick up by itself any more: a retry whose time passed long
        ago (its task was lost with a flushed Redis, or the backend cannot defer), or a
        claim whose worker died and whose follow-up task was lost too."""
        late = now - grace
        return self.filter(
            Q(state=Delivery.State.QUEUED, next_attempt_at__lte=late)
            | Q(state=Delivery.State.SENDING, claimed_until__lte=late)
        )


class Delivery(models.Model):
    """One email, from the moment it is asked for until it is sent or given up on.

    The `key` names what the email is about (a notice, a reminder, an invitation, a sign-in
    email), and its unique constraint is what makes sending idempotent: asking twice for the
    same key returns the same row, and a task only sends after claiming the row (see
    partners.deliveries). `status` is what a page may tell a person about this one email.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200)
    template = models.CharField(max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    to = models.EmailField()
    from_email = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    # The rendered message is kept only until it is sent or given up on: a sign-in email
    # carries a link that must not outlive its purpose in the database.
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        constraints = [
            # One email per key: a retried task, a second scheduler or a double submit
            # finds the existing row and sends nothing more.
            models.UniqueConstraint(fields=["key"], name="one_delivery_per_key"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_state_idx")]

    def __str__(self):
        return f"{self.template} email ({self.get_state_display().lower()})"

    @property
    def status(self):
        """(state, at, reason): what is true about this email now.

        queued/sending: `at` is when it was asked for and `reason` why the last attempt
        failed, if one did; sent: `at` is when our mail server accepted it; failed: `at` is
        when we gave up and `reason` why.
        """
        if self.state == self.State.SENT:
            return DeliveryStatus(self.state, self.sent_at, "")
        if self.state == self.State.FAILED:
            return DeliveryStatus(self.state, self.failed_at, self.last_error)
        return DeliveryStatus(self.state, self.created_at, self.last_error)


@dataclasses.dataclass(frozen=True)
class DeliveryStatus:
    state: str
    at: datetime
    reason: str

    @property
    def sent(self):
        return self.state == Delivery.State.SENT

    @property
    def failed(self):
        return self.state == Delivery.State.FAILED

    @property
    def pending(self):
        return self.state in (Delivery.State.QUEUED, Delivery.State.SENDING)
