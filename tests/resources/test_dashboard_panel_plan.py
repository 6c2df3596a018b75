"""The dashboard's library panel reads a few rows, not the couple's whole history.

Each partner's latest marks and the suggestions both ways stop after the rows the panel
shows (indexes in their order), and a reader's total counts their marks without joining
every one of them to its article; the total still counts only published articles, in the
default mode and when only clinically reviewed articles count.
"""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.access import load_couple
from resources import panel, workflow
from resources.models import ReadingMark, Suggestion, published_q
from tests.resources.builders import bulk_publish, draft, publish

pytestmark = pytest.mark.django_db
HISTORY = 300
LIBRARY = 2000


def reference(couple):
    """What the panel showed when it read every mark and suggestion (one plain query each)."""
    me, partner = couple.user, couple.partner_user
    marks = ReadingMark.objects.filter(published_q("article__"), partnership=couple.partnership)
    suggestions = Suggestion.objects.filter(
        published_q("article__"), partnership=couple.partnership
    )
    return {
        "mine": list(marks.filter(user=me).order_by("-read_at", "pk")[:5]),
        "theirs": list(marks.filter(user=partner).order_by("-read_at", "pk")[:5]),
        "my_count": marks.filter(user=me).count(),
        "their_count": marks.filter(user=partner).count(),
        "to_me": list(
            suggestions.filter(suggested_to=me, opened_at__isnull=True).order_by(
                "-created_at", "pk"
            )[:5]
        ),
        "from_me": list(suggestions.filter(suggested_by=me).order_by("-created_at", "pk")[:5]),
    }


def shown(couple):
    context = panel.context(couple)
    return {
        "mine": context["library_my_reading"],
        "theirs": context["library_partner_reading"],
        "my_count": context["library_my_read_count"],
        "their_count": context["library_partner_read_count"],
        "to_me": context["library_suggested_to_me"],
        "from_me": context["library_suggested_by_me"],
    }


def mark(couple, article, read_at):
    return ReadingMark.objects.create(
        partnership=couple.partnership, user=couple.user, article=article, read_at=read_at
    )


def suggestion(couple, article, created_at, opened=False):
    return Suggestion.objects.create(
        partnership=couple.partnership,
        article=article,
        suggested_by=couple.user,
        suggested_to=couple.partner_user,
        created_at=created_at,
        opened_at=created_at if opened else None,
    )


@pytest.fixture
def mixed_history(sam, alex, editor, stranger):
    """Marks and suggestions on published, withdrawn, never published, editorially and
    clinically reviewed articles; ties in time; another couple's reading of the same."""
    now = timezone.now()
    clinical = [
        publish(
            f"clinical-{n}",
            title=f"Clinical {n}",
            kind="clinical",
            credential="Consultant psychiatrist, GMC 1234567",
        )
        for n in range(3)
    ]
    editorial = [publish(f"editorial-{n}", title=f"Editorial {n}") for n in range(4)]
    withdrawn = publish("withdrawn", title="Withdrawn later")
    never = draft("never-published").article
    articles = clinical + editorial + [withdrawn, never]
    for n, article in enumerate(articles):
        at = now - timedelta(hours=n // 2)  # two of each hour: ties in time
        mark(sam, article, at)
        mark(alex, article, now - timedelta(hours=n))
        suggestion(sam, article, at, opened=n % 3 == 0)
        suggestion(alex, article, at, opened=n % 2 == 0)
        mark(load_couple(stranger), article, now + timedelta(hours=1))
    workflow.withdraw_article(withdrawn, editor, "Out of date.")
    return articles


@pytest.mark.parametrize("clinical_only", [False, True])
def test_the_panel_shows_what_a_plain_query_of_everything_gives(
    mixed_history, sam, alex, settings, clinical_only
):
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = clinical_only
    for couple in (sam, alex):
        expected, got = reference(couple), shown(couple)
        assert got == expected
    assert shown(sam)["my_count"] == (3 if clinical_only else 7)


def test_counts_are_zero_without_reading(sam):
    got = shown(sam)
    assert got["my_count"] == 0 and got["their_count"] == 0 and got["mine"] == []


# --- Only the rows shown are read ---------------------------------------------------------


def plan_nodes(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    """(node, whether it is under an aggregate) for every node of the plan."""
    stack = [((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"], False)]
    while stack:
        node, counting = stack.pop()
        yield node, counting
        counting = counting or node["Node Type"] == "Aggregate"
        stack += [(child, counting) for child in node.get("Plans", [])]


def rows_read(node):
    return node.get("Actual Rows", 0) * node.get("Actual Loops", 1)


@pytest.fixture
def long_history(on_postgres, sam, alex, stranger):
    """Years of reading and suggesting on both sides, and another couple's alike, in a
    library of the size the bench measures."""
    articles = bulk_publish(LIBRARY)[:HISTORY]
    now = timezone.now()
    marks, suggestions = [], []
    for couple in (sam, alex, load_couple(stranger)):
        for n, article in enumerate(articles):
            at = now - timedelta(days=n)
            marks.append(
                ReadingMark(
                    partnership=couple.partnership, user=couple.user, article=article, read_at=at
                )
            )
            if couple.partner_user and n % 2:
                suggestions.append(
                    Suggestion(
                        partnership=couple.partnership,
                        article=article,
                        suggested_by=couple.user,
                        suggested_to=couple.partner_user,
                        created_at=at,
                        opened_at=None if n % 4 == 1 else at,
                    )
                )
    ReadingMark.objects.bulk_create(marks)
    Suggestion.objects.bulk_create(suggestions)
    with connection.cursor() as cursor:
        for table in ("resources_readingmark", "resources_suggestion", "resources_article"):
            cursor.execute(f"ANALYZE {table}")


def test_the_panel_reads_only_the_rows_it_shows(long_history, sam):
    with CaptureQueriesContext(connection) as captured:
        context = panel.context(sam)
    assert context["library_my_read_count"] == HISTORY
    assert context["library_partner_read_count"] == HISTORY
    assert len(context["library_suggested_by_me"]) == panel.SHOWN
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 2
    most = 4 * panel.SHOWN
    for sql in statements:
        for node, counting in plan_nodes(sql):
            relation = node.get("Relation Name")
            if relation == "resources_readingmark" and counting:
                # Counting reads each reader's marks, and only theirs.
                assert rows_read(node) <= HISTORY, json.dumps(node)
            elif relation:
                # Never every mark joined to its article, nor every suggestion.
                assert rows_read(node) <= most, json.dumps(node)
