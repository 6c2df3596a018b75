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
import random
import time
from datetime import datetime, timedelta
from datetime import time as clock

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


# --- boundaries -----------------------------------------------------------------------

BOUNDARY_WORDING = [
    "Tell me when your dose or schedule changes, the same day.",
    "I drive you home after every infusion, and you don't drive until the next day.",
    "I won't ask what happened in a session unless you bring it up.",
    "If one of us is worried, we say so plainly and the other listens first.",
    "We talk about the dependence worry once a month, calmly, not in a fight.",
    "Sunday evening is mine: time with my friends, without guilt.",
    "You tell me if a session is moved or cancelled.",
    "We keep the safety plan on the fridge and read it together each month.",
]


def _boundary_rows(couple, count, rng, span_days):
    from journal.models.boundaries import Action, Boundary, BoundaryEvent, Category, State

    treatment, supporting = couple["treatment"], couple["supporting"]
    categories = list(Category.values)
    # Mostly agreed, as in a couple that has used the app for years; every state present.
    states = [State.AGREED] * 12 + [
        State.PROPOSED,
        State.REVISIT_REQUESTED,
        State.PAUSED,
        State.RETIRED,
        State.DECLINED,
    ]
    now = timezone.now()
    boundaries, histories = [], []
    for n in range(count):
        state = states[n % len(states)]
        created = now - timedelta(days=rng.randint(1, span_days))
        author, other = (treatment, supporting) if n % 2 else (supporting, treatment)
        wording = f"{BOUNDARY_WORDING[n % len(BOUNDARY_WORDING)]} ({n + 1})"
        steps = [(Action.PROPOSED, author, State.PROPOSED)]
        if state != State.PROPOSED:
            if state == State.DECLINED:
                steps.append((Action.DECLINED, other, State.DECLINED))
            else:
                steps.append((Action.AGREED, other, State.AGREED))
                # A few rounds of rewording and agreeing again, as years go by.
                for _ in range(n % 3):
                    steps.append((Action.REWORDED, author, State.PROPOSED))
                    steps.append((Action.AGREED, other, State.AGREED))
                if state == State.REVISIT_REQUESTED:
                    steps.append((Action.REVISIT_REQUESTED, author, State.REVISIT_REQUESTED))
                elif state == State.PAUSED:
                    steps.append((Action.PAUSED, author, State.PAUSED))
                elif state == State.RETIRED:
                    steps.append((Action.RETIRED, author, State.RETIRED))
        waiting_on = None
        if state == State.PROPOSED or state == State.REVISIT_REQUESTED:
            waiting_on = other
        revisit_on = today() + timedelta(days=rng.randint(-60, 300))
        boundary = Boundary(
            partnership=couple["partnership"],
            wording=wording,
            why="So neither of us is surprised, and we both know what we agreed.",
            category=categories[n % len(categories)],
            revisit_on=revisit_on,
            state=state,
            proposed_by=author,
            waiting_on=waiting_on,
            agreed_at=created + timedelta(days=1) if state != State.PROPOSED else None,
            version=len(steps),
            created_at=created,
            updated_at=created + timedelta(days=len(steps)),
        )
        boundaries.append(boundary)
        histories.append(
            [
                BoundaryEvent(
                    actor=actor,
                    action=action,
                    created_at=created + timedelta(days=i),
                    wording=wording,
                    why=boundary.why,
                    category=boundary.category,
                    revisit_on=revisit_on,
                    state=after,
                    note="Talked it over at dinner." if i % 2 else "",
                    version=i + 1,
                )
                for i, (action, actor, after) in enumerate(steps)
            ]
        )
    return boundaries, histories


def build_boundaries(couples):
    from journal.models.boundaries import Boundary, BoundaryEvent

    rng = random.Random(SEED)
    boundaries, histories = [], []
    plan = [(couples["big"], BIG_BOUNDARIES, 5 * 365), (couples["small"], 3, 6)]
    plan += [(couple, 6, 365) for couple in couples.others()]
    for couple, count, span in plan:
        rows, history = _boundary_rows(couple, count, rng, span)
        boundaries += rows
        histories += history
    Boundary.objects.bulk_create(boundaries, batch_size=2000)
    events = []
    for boundary, history in zip(boundaries, histories, strict=True):
        for event in history:
            event.boundary = boundary
            events.append(event)
    BoundaryEvent.objects.bulk_create(events, batch_size=5000)
    return {"boundaries": len(boundaries), "events": len(events)}


# --- treatment log --------------------------------------------------------------------


def _treatment_rows(couple, count, span_days, rng):
    from journal.models.treatment import CHANGE_KINDS, Driver, Kind, Status, TreatmentEntry

    rows = []
    start = today() - timedelta(days=span_days)
    session_kinds = [Kind.IV_INFUSION, Kind.ESKETAMINE, Kind.THERAPY, Kind.OTHER_KETAMINE]
    for n in range(count):
        on_date = start + timedelta(days=(span_days * n) // max(count, 1))
        is_change = n % 7 == 3
        kind = CHANGE_KINDS[n % len(CHANGE_KINDS)] if is_change else session_kinds[n % 4]
        needs_ride = kind in (Kind.IV_INFUSION, Kind.ESKETAMINE, Kind.OTHER_KETAMINE)
        created = datetime.combine(on_date, clock(9), tzinfo=timezone.get_current_timezone())
        rows.append(
            TreatmentEntry(
                partnership=couple["partnership"],
                author=couple["treatment"],
                kind=kind,
                status=Status.CANCELLED if n % 41 == 5 and not is_change else Status.DONE,
                on_date=on_date,
                at_time=None if is_change else clock(9 + n % 8, 30),
                place="" if is_change else "Riverside clinic, room 2",
                note="Felt tired afterwards, better by the evening." if n % 3 else "",
                driver=Driver.PARTNER if needs_ride else "",
                pickup_time=clock(12, 15) if needs_ride else None,
                aftercare="No driving until tomorrow. Quiet evening." if needs_ride else "",
                driver_confirmed_by=couple["supporting"] if needs_ride else None,
                driver_confirmed_at=created if needs_ride else None,
                created_at=created,
                updated_at=created,
            )
        )
    # What is coming up: planned sessions, some still waiting for "I'll drive".
    for n in range(3):
        on_date = today() + timedelta(days=2 + 3 * n)
        rows.append(
            TreatmentEntry(
                partnership=couple["partnership"],
                author=couple["treatment"],
                kind=Kind.IV_INFUSION if n != 1 else Kind.THERAPY,
                status=Status.PLANNED,
                on_date=on_date,
                at_time=clock(10, 0),
                place="Riverside clinic",
                driver=Driver.PARTNER if n != 1 else "",
                pickup_time=clock(12, 30) if n != 1 else None,
                driver_confirmed_by=couple["supporting"] if n == 0 else None,
                driver_confirmed_at=timezone.now() if n == 0 else None,
            )
        )
    rng.shuffle(rows)
    return rows


def build_treatment(couples):
    from journal.models.treatment import TreatmentEntry

    rng = random.Random(SEED + 1)
    rows = _treatment_rows(couples["big"], BIG_LOG_ENTRIES - 3, 5 * 365, rng)
    rows += _treatment_rows(couples["small"], 1, 6, rng)
    for couple in couples.others():
        rows += _treatment_rows(couple, 20, 365, rng)
    TreatmentEntry.objects.bulk_create(rows, batch_size=5000)
    return {"entries": len(rows)}


# --- safety plan ----------------------------------------------------------------------


def build_safety(couples):
    from journal.models.safety import PART_PROMPTS, SafetyPlan, SafetyPlanSuggestion

    text = {
        "warning_signs": "Sleeping badly for more than three nights. Cancelling plans.",
        "coping_on_my_own": "A long walk by the river. Music, loud. A cold shower.",
        "people_and_places": "My sister's kitchen. The climbing gym on Thursdays.",
        "people_to_ask": "Alex, any time. My sister: 07700 900123.",
        "clinicians_and_lines": "Riverside clinic: 020 7946 0000. Samaritans: 116 123.",
        "safer_surroundings": "Alex keeps the spare medication. No alcohol at home.",
    }
    plans, suggestions = [], []
    for couple in couples.all():
        plans.append(
            SafetyPlan(
                partnership=couple["partnership"],
                alert_partner_when_unsafe=True,
                updated_by=couple["treatment"],
                **text,
            )
        )
    parts = list(PART_PROMPTS)
    for label, count in (("big", 60), ("small", 1)):
        couple = couples[label]
        for n in range(count):
            suggestions.append(
                SafetyPlanSuggestion(
                    partnership=couple["partnership"],
                    author=couple["supporting"],
                    part=parts[n % len(parts)],
                    text="Maybe add: call me from the car park if it was a hard session.",
                    state=(
                        SafetyPlanSuggestion.State.PENDING
                        if n < 2
                        else SafetyPlanSuggestion.State.ACCEPTED
                    ),
                    created_at=timezone.now() - timedelta(days=30 * n),
                )
            )
    SafetyPlan.objects.bulk_create(plans, batch_size=2000)
    SafetyPlanSuggestion.objects.bulk_create(suggestions)
    return {"plans": len(plans), "suggestions": len(suggestions)}


# --- notices --------------------------------------------------------------------------


def build_notices(couples):
    from journal.models.notices import Notice

    kinds = list(Notice.Kind.values)
    rows = []
    now = timezone.now()
    for label, count in [("big", 2000), ("small", 4)] + [
        (f"c{i:04d}", 50) for i in range(OTHER_COUPLES)
    ]:
        couple = couples[label]
        for n in range(count):
            recipient = couple["treatment"] if n % 2 else couple["supporting"]
            created = now - timedelta(hours=6 * n)
            rows.append(
                Notice(
                    partnership=couple["partnership"],
                    recipient=recipient,
                    kind=kinds[n % len(kinds)],
                    message="Your partner added something for you to see.",
                    link="/home/",
                    created_at=created,
                    read_at=None if n < 12 else created + timedelta(hours=1),
                )
            )
    Notice.objects.bulk_create(rows, batch_size=5000)
    return {"notices": len(rows)}


# --- library --------------------------------------------------------------------------

# Paragraphs to vary the generated articles, so a search matches a realistic share of
# them rather than all 2,000.
FILLERS = [
    "Partners often find it easier to talk when they know what to expect, and when "
    "neither has to guess what the other is thinking.",
    "A session day can be long; plan the ride home, a quiet evening, and no driving "
    "until the next day after sleep.",
    "Side effects such as nausea, dizziness and a feeling of being detached usually "
    "pass within hours of a session.",
    "Heavy, frequent recreational use has been linked with bladder problems, which is "
    "one reason clinics screen and monitor.",
    "Ask the clinic what they check, how often, and who to call between appointments.",
    "Looking after yourself is part of looking after each other: sleep, friends, and "
    "time that is only yours.",
    "Write down what you agreed, and come back to it when something changes.",
]


def _shipped_bodies():
    """Bodies of the shipped articles, as realistic text to vary the generated ones."""
    import tomllib
    from pathlib import Path

    bodies = []
    folder = Path(db.ROOT) / "resources" / "content" / "articles"
    for path in sorted(folder.glob("*.md")):
        try:
            _, front, body = path.read_text().split("+++", 2)
            tomllib.loads(front)
        except (ValueError, tomllib.TOMLDecodeError):
            continue
        bodies.append(body.strip())
    return bodies or ["## What to expect\n\n" + "\n\n".join(FILLERS)]


def library_version():
    """Shipped articles count too: new or changed files mean the library is rebuilt."""
    from pathlib import Path

    from django.core.management import get_commands

    digest = hashlib.sha256(str("load_library" in get_commands()).encode())
    for path in sorted((Path(db.ROOT) / "resources" / "content" / "articles").glob("*.md")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def build_library(couples):
    from resources.models import (
        Article,
        Category,
        ReadingMark,
        Review,
        Revision,
        Source,
        Suggestion,
        WorkflowEvent,
    )
    from resources.models.articles import search_vector_expression

    _load_shipped_articles()
    categories = list(Category.objects.order_by("order"))
    rng = random.Random(SEED + 2)
    bodies = _shipped_bodies()
    rendered = {}
    articles = Article.objects.bulk_create(
        [
            Article(
                slug=f"bench-article-{n:04d}", category=categories[n % len(categories)], order=n
            )
            for n in range(ARTICLES)
        ],
        batch_size=1000,
    )
    revisions, live = [], []
    published_at = timezone.now() - timedelta(days=200)
    for n, article in enumerate(articles):
        history = 1 + n % 3
        for number in range(1, history + 1):
            filler = FILLERS[n % len(FILLERS)]
            body = f"{bodies[(n + number) % len(bodies)]}\n\n## Note {n}\n\n{filler}"
            revision = Revision(
                article=article,
                number=number,
                state=(
                    Revision.State.PUBLISHED if number == history else Revision.State.SUPERSEDED
                ),
                title=f"Benchmark article {n}: living alongside treatment, part {number}",
                summary="A plain summary shown in lists and in search results, two lines long.",
                body=body,
                talk_prompts="What surprised you?\nWhat would you like me to know?",
                created_at=published_at - timedelta(days=30 * (history - number)),
                published_at=published_at - timedelta(days=30 * (history - number)),
            )
            key = (n + number) % len(bodies)
            if key not in rendered:
                revision.render()
                rendered[key] = (revision.body_html, revision.body_text, revision.reading_minutes)
            html, text, minutes = rendered[key]
            # Same rendering as render() would give, without running Markdown 4,000 times.
            revision.body_html = f"{html}<h2>Note {n}</h2><p>{filler}</p>"
            revision.body_text = f"{text}\nNote {n}\n{filler}"
            revision.reading_minutes = minutes
            revisions.append(revision)
            if number == history:
                live.append((article, revision))
    Revision.objects.bulk_create(revisions, batch_size=1000)
    reviewed_on = today() - timedelta(days=rng.randint(30, 200))
    reviews = Review.objects.bulk_create(
        [
            Review(
                revision=revision,
                reviewer_name="Alongside editorial team",
                kind=Review.Kind.EDITORIAL,
                reviewed_on=reviewed_on,
                next_review_due=reviewed_on + timedelta(days=365),
                notes="Checked against the cited sources.",
            )
            for revision in revisions
        ],
        batch_size=2000,
    )
    for revision, review in zip(revisions, reviews, strict=True):
        revision.last_review = review
    Revision.objects.bulk_update(revisions, ["last_review"], batch_size=1000)
    for article, revision in live:
        article.live_revision = revision
    Article.objects.bulk_update([a for a, _ in live], ["live_revision"], batch_size=1000)
    Revision.objects.filter(article__slug__startswith="bench-article-").update(
        search_vector=search_vector_expression()
    )
    Source.objects.bulk_create(
        [
            Source(
                revision=revision,
                position=p,
                key=f"SRC-{p}",
                title=f"A cited study, number {p}",
                publisher="A journal",
                year=2019 + p,
                url=f"https://doi.org/10.1000/bench.{p}",
            )
            for revision in revisions
            for p in range(4)
        ],
        batch_size=5000,
    )
    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(revision=r, action=WorkflowEvent.Action.APPROVED, at=r.published_at)
            for r in revisions
        ],
        batch_size=5000,
    )
    related = Article.related.through
    related.objects.bulk_create(
        [
            related(from_article=a, to_article=articles[(n + k) % len(articles)])
            for n, a in enumerate(articles)
            for k in (1, 2, 3)
        ],
        batch_size=5000,
    )
    all_articles = list(Article.objects.filter(live_revision__isnull=False).order_by("pk"))
    marks, suggestions = [], []
    for label, count in [("big", 400), ("small", 2)] + [
        (f"c{i:04d}", 10) for i in range(OTHER_COUPLES)
    ]:
        couple = couples[label]
        chosen = rng.sample(all_articles, min(count, len(all_articles)))
        for n, article in enumerate(chosen):
            who = couple["treatment"] if n % 2 else couple["supporting"]
            marks.append(ReadingMark(partnership=couple["partnership"], user=who, article=article))
        for n, article in enumerate(chosen[: max(1, count // 4)]):
            by, to = (
                (couple["treatment"], couple["supporting"])
                if n % 2
                else (couple["supporting"], couple["treatment"])
            )
            suggestions.append(
                Suggestion(
                    partnership=couple["partnership"],
                    article=article,
                    suggested_by=by,
                    suggested_to=to,
                    note="This one helped me.",
                    created_at=timezone.now() - timedelta(days=n),
                    opened_at=None if n < 4 else timezone.now(),
                )
            )
    ReadingMark.objects.bulk_create(marks, batch_size=5000)
    Suggestion.objects.bulk_create(suggestions, batch_size=5000)
    return {
        "articles": Article.objects.count(),
        "revisions": Revision.objects.count(),
        "reading_marks": len(marks),
        "suggestions": len(suggestions),
    }


def _load_shipped_articles():
    from django.core.management import call_command, get_commands

    if "load_library" in get_commands():
        call_command("load_library", verbosity=0)


# --- check-ins ------------------------------------------------------------------------


def build_checkins(couples):
    from bench import checkin_data

    return checkin_data.build(couples, today(), BIG_WEEKS, OTHER_WEEKS, SEED + 3)


# --- orchestration --------------------------------------------------------------------

PARTS = [
    # name, models it needs (first is the marker of readiness), builder, dated
    ("people", ["partners.User", "partners.Partnership", "partners.Membership"], None, False),
    ("boundaries", ["journal.Boundary", "journal.BoundaryEvent"], build_boundaries, False),
    ("treatment", ["journal.TreatmentEntry"], build_treatment, True),
    ("safety", ["journal.SafetyPlan", "journal.SafetyPlanSuggestion"], build_safety, False),
    ("notices", ["journal.Notice"], build_notices, False),
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
        build_library,
        False,
    ),
    ("checkins", None, build_checkins, True),
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
            version += f"/{library_version()}"
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
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from partners.models import User

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
