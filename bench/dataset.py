"""The bench's data set: built once with bulk_create, remembered by a marker row per part.

- couple A ("big"): 5 years of weekly check-ins on both sides, 300 boundaries with
  history, 500 treatment-log entries, a full safety plan, years of notices and reading;
- couple B ("small"): the same kinds of data, one week of it;
- 1,000 other couples with a year of ordinary use each (so indexes, not table scans,
  are what keep the two couples' pages fast);
- 2,000 published articles with revisions, reviews and sources, plus the shipped ones.

Each part is built when its models exist and is rebuilt (its tables truncated) when its
models' columns change or, for dated parts, when a new week starts, so "this week" and
"upcoming" always have rows.
"""

import hashlib
import time
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bench import db

OTHER_COUPLES = 1000
BIG_WEEKS = 5 * 52 + 1
OTHER_WEEKS = 52
BIG_BOUNDARIES = 300
BIG_LOG_ENTRIES = 500
ARTICLES = 2000
PASSWORD = "bench-only-passphrase-not-secret"  # noqa: S105 - fake people, loopback only
EMAIL_DOMAIN = "bench.example.com"
NAMES = ["Sam", "Alex", "Robin", "Kim", "Jo", "Noor", "Ari", "Mika", "Dev", "Lee", "Kai", "Pat"]
SEED = 20261126


def email(label, role):
    return f"{label}-{role}@{EMAIL_DOMAIN}"


def today():
    return timezone.localdate()


def week_stamp():
    """Changes every Monday: dated parts are rebuilt so they reach the current week."""
    iso = today().isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def model_signature(*labels):
    """A short hash of the models' columns: a new or changed column means a rebuild."""
    parts = []
    for label in labels:
        model = apps.get_model(label)
        parts.append(label)
        parts.extend(f"{f.column}:{f.get_internal_type()}" for f in model._meta.concrete_fields)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def truncate(*labels):
    tables = ", ".join(connection.ops.quote_name(apps.get_model(x)._meta.db_table) for x in labels)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def model_exists(label):
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


# --- people ---------------------------------------------------------------------------


class Couples:
    """The couples of the data set, loaded from the database after the people part."""

    def __init__(self):
        from partners.models import Membership

        rows = (
            Membership.objects.filter(user__email__endswith="@" + EMAIL_DOMAIN)
            .select_related("partnership", "user")
            .order_by("partnership_id", "role")
        )
        self.by_label = {}
        for membership in rows:
            label = membership.user.email.split("@")[0].rsplit("-", 1)[0]
            entry = self.by_label.setdefault(label, {"partnership": membership.partnership})
            key = "treatment" if membership.role == "in_treatment" else "supporting"
            entry[key] = membership.user

    def __getitem__(self, label):
        return self.by_label[label]

    def others(self):
        return [self.by_label[f"c{i:04d}"] for i in range(OTHER_COUPLES)]

    def all(self):
        return list(self.by_label.values())


def build_people():
    from allauth.account.models import EmailAddress

    from partners.models import Membership, Partnership, Role, User

    password = make_password(PASSWORD)
    labels = ["big", "small"] + [f"c{i:04d}" for i in range(OTHER_COUPLES)]
    started = timezone.now() - timedelta(weeks=BIG_WEEKS + 1)
    users = []
    for n, label in enumerate(labels):
        for role, name in (("t", NAMES[n % len(NAMES)]), ("s", NAMES[(n + 5) % len(NAMES)])):
            users.append(
                User(
                    email=email(label, role),
                    password=password,
                    display_name=name,
                    date_joined=started,
                )
            )
    users = User.objects.bulk_create(users, batch_size=1000)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users],
        batch_size=1000,
    )
    partnerships = Partnership.objects.bulk_create(
        [Partnership(started_by=users[2 * i], created_at=started) for i in range(len(labels))],
        batch_size=1000,
    )
    memberships = []
    for i, partnership in enumerate(partnerships):
        memberships.append(
            Membership(
                partnership=partnership,
                user=users[2 * i],
                role=Role.IN_TREATMENT,
                joined_at=started,
            )
        )
        memberships.append(
            Membership(
                partnership=partnership,
                user=users[2 * i + 1],
                role=Role.SUPPORTING,
                joined_at=started,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=1000)
    return {"users": len(users), "couples": len(partnerships)}


# --- orchestration --------------------------------------------------------------------


def _builder(module, name):
    """A part's builder, imported only when the part is built (its models exist by then)."""

    def build_part(couples):
        return getattr(import_module(f"bench.{module}"), name)(couples)

    return build_part


PARTS = [
    # name, models it needs (first is the marker of readiness), builder, dated
    ("people", ["partners.User", "partners.Partnership", "partners.Membership"], None, False),
    (
        "boundaries",
        ["journal.Boundary", "journal.BoundaryEvent"],
        _builder("journal_data", "build_boundaries"),
        False,
    ),
    ("treatment", ["journal.TreatmentEntry"], _builder("journal_data", "build_treatment"), True),
    (
        "safety",
        ["journal.SafetyPlan", "journal.SafetyPlanSuggestion"],
        _builder("journal_data", "build_safety"),
        False,
    ),
    ("notices", ["journal.Notice"], _builder("journal_data", "build_notices"), False),
    (
        "library",
        [
            "resources.Article",
            "resources.Revision",
            "resources.Review",
            "resources.Source",
            "resources.ReadingMark",
            "resources.Suggestion",
            "resources.WorkflowEvent",
        ],
        _builder("library_data", "build"),
        False,
    ),
    ("checkins", None, _builder("checkin_data", "build_part"), True),
]


def _checkin_models():
    from bench import checkin_data

    return checkin_data.models()


def build(rebuild=False):
    """Build every part that is missing or stale; returns {part: info}."""
    summary = {}
    for name, labels, builder, dated in PARTS:
        if labels is None:
            labels = _checkin_models()
        if not labels or not all(model_exists(label) for label in labels):
            summary[name] = {"skipped": "models not there yet"}
            continue
        version = model_signature(*labels) + (f"@{week_stamp()}" if dated else "")
        if name == "people":
            version += f"/{OTHER_COUPLES}"
        if name == "library":
            version += f"/{import_module('bench.library_data').version()}"
        stored, info = db.read_marker(name)
        # Check-ins point at boundaries: rebuilt boundaries mean rebuilt check-ins.
        forced = name == "checkins" and summary.get("boundaries", {}).get("fresh", False)
        if stored == version and not rebuild and not forced:
            summary[name] = info
            continue
        if name == "people" and stored is not None:
            # Everything hangs off the people: new people means a new data set.
            db.drop()
            db.prepare()
            rebuild = True
        started = time.monotonic()
        with transaction.atomic():
            if name == "people":
                info = build_people()
            else:
                truncate(*labels)
                info = builder(Couples())
            info["seconds"] = round(time.monotonic() - started, 1)
            db.write_marker(name, version, info)
        print(f"  built {name}: {info}", flush=True)
        summary[name] = info | {"fresh": True}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return summary


def ensure_sessions(labels, roles=("t", "s")):
    """A signed-in session for each person, made directly (no login form, no hashing)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from partners.models import User

    # Whatever engine production uses (cached_db today), so the sessions look the same.
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    emails = [email(label, role) for label in labels for role in roles]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    cookies = {}
    for address in emails:
        user = users[address]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[address] = store.session_key
    return cookies
