"""The library's panel on the couple's home page: suggestions both ways, what each has read."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from partners.access import load_couple
from resources import panel, workflow
from resources.models import ReadingMark, Suggestion
from resources.suggestions import mark_read, suggest
from tests.resources.builders import bulk_publish, publish

pytestmark = pytest.mark.django_db


def panel_of(client):
    """The library panel's HTML on the home page (other parts of the page are not ours)."""
    page = client.get("/home/").content.decode()
    start = page.index('<section class="card library-panel"')
    return page[start : page.index("</section>", start)]


def test_a_suggestion_waits_on_my_partners_home_page(supporting_client, sam):
    suggest(sam, publish(title="Side effects and risks"), "Read this <one>")
    page = panel_of(supporting_client)
    assert "Suggested for you" in page
    assert ">Side effects and risks</button>" in page
    assert "from Sam" in page and "Read this &lt;one&gt;" in page


def test_i_see_whether_my_suggestion_was_opened(treatment_client, supporting_client, sam):
    suggestion, _ = suggest(sam, publish(title="Side effects and risks"), "")
    assert "not opened yet" in panel_of(treatment_client)
    supporting_client.post(f"/library/suggestions/{suggestion.public_id}/open/")
    page = panel_of(treatment_client)
    assert "You suggested" in page and "opened" in page and "not opened yet" not in page
    assert "Suggested for you" not in panel_of(supporting_client)


def test_both_partners_see_what_each_has_read(treatment_client, sam, alex):
    first, second = publish("first", title="First read"), publish("second", title="Second read")
    mark_read(sam, first)
    mark_read(alex, first)
    mark_read(alex, second)
    page = panel_of(treatment_client)
    assert "You have read 1 article<" in page
    assert "Alex has read 2 articles" in page
    assert page.count("First read") == 2 and "Second read" in page


def test_a_withdrawn_article_leaves_the_panel(treatment_client, sam, alex, editor):
    article = publish(title="Withdrawn later")
    mark_read(sam, article)
    suggest(alex, article, "")
    workflow.withdraw_article(article, editor, "Out of date.")
    page = panel_of(treatment_client)
    assert "Withdrawn later" not in page
    assert "You have read 0 articles" in page


def test_the_panel_never_shows_another_couples_reading(treatment_client, stranger):
    article = publish(title="Their reading")
    mark_read(load_couple(stranger), article)
    suggest(load_couple(stranger), article, "")
    page = panel_of(treatment_client)
    assert "Their reading" not in page


def _history(sam, alex, articles):
    now = timezone.now()
    for article in articles:
        for couple in (sam, alex):
            ReadingMark.objects.create(
                partnership=couple.partnership, user=couple.user, article=article, read_at=now
            )
            Suggestion.objects.create(
                partnership=couple.partnership,
                article=article,
                suggested_by=couple.user,
                suggested_to=couple.partner_user,
                note="A note",
                opened_at=now,
            )


def test_query_count_does_not_grow_with_the_couples_history(sam, alex, django_assert_num_queries):
    """Guards N+1s on each suggestion's or mark's article and title: suggestions to and
    from me (one windowed query), the latest marks of each partner with their totals
    (another). Measured with 2 and with 300 articles read and suggested by each."""
    articles = bulk_publish(300)
    _history(sam, alex, articles[:2])
    with django_assert_num_queries(2):
        small = render_to_string("resources/panel.html", panel.context(sam))
    _history(sam, alex, articles[2:])
    suggest(alex, articles[0], "unopened")
    with django_assert_num_queries(2):
        large = render_to_string("resources/panel.html", panel.context(sam))
    assert "You have read 2 articles" in small and "You have read 300 articles" in large
    assert "Suggested for you" in large
