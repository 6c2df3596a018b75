"""The couple's page cache serves a kept page only while every word on it is still true.

Most tests here run the cache as production does (`on`); the rest of the suite runs it in
`verify` mode, where every hit is also rendered afresh and compared.
"""

import dataclasses
import pickle
import re
import zlib
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from journal.models import Notice
from partners import page_cache
from tests.journal.treatment_factories import make_entry

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEYS = re.compile(r'name="(?:[\w-]*-)?submission_key" value="([^"]+)"')
CACHED_PAGES = [
    "/home/",
    "/checkins/this-week/",
    "/checkins/history/",
    "/checkins/trends/",
    "/boundaries/",
    "/treatment/",
    "/safety-plan/",
    "/library/",
]


@pytest.fixture
def on(settings):
    settings.COUPLE_PAGE_CACHE = "on"


def _kept(kind=page_cache._Page):
    values = caches[page_cache.CACHE_ALIAS]._cache.values()
    return [kept for kept in map(pickle.loads, values) if isinstance(kept, kind)]


def _kept_pages():
    return len(_kept())


def _same_but_fresh_values(a, b):
    return KEYS.sub("", CSRF.sub("", a)) == KEYS.sub("", CSRF.sub("", b))


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_second_visit_is_served_from_the_cache(
    on, treatment_client, path, django_assert_num_queries
):
    first = treatment_client.get(path)
    assert first.status_code == 200
    assert _kept_pages() == 1
    # The couple (with its version) is the one query: nothing of the page is built again.
    with django_assert_num_queries(1):
        second = treatment_client.get(path)
    assert second.status_code == 200
    assert _same_but_fresh_values(first.content.decode(), second.content.decode())
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "no-store" in second["Cache-Control"]


def test_a_partners_change_shows_on_the_next_visit(on, couple, in_treatment, treatment_client):
    treatment_client.get("/home/")
    Notice.objects.create(
        partnership=couple, recipient=in_treatment, message="Alex added a planned session."
    )
    assert "Alex added a planned session." in treatment_client.get("/home/").content.decode()


def test_a_change_made_without_signals_shows_on_the_next_visit(
    on, couple, in_treatment, treatment_client
):
    Notice.objects.create(partnership=couple, recipient=in_treatment, message="Read me soon.")
    assert "Read me soon." in treatment_client.get("/home/").content.decode()
    Notice.objects.filter(partnership=couple).update(read_at=timezone.now())  # a bare UPDATE
    assert "Read me soon." not in treatment_client.get("/home/").content.decode()


def test_each_person_gets_their_own_page(on, couple, treatment_client, supporting_client):
    mine = treatment_client.get("/checkins/this-week/").content.decode()
    theirs = supporting_client.get("/checkins/this-week/").content.decode()
    assert _kept_pages() == 2
    assert not _same_but_fresh_values(mine, theirs)


def test_another_sign_in_of_the_same_person_renders_its_own(on, in_treatment, treatment_client):
    treatment_client.get("/home/")
    phone = Client()
    phone.force_login(in_treatment)
    phone.get("/home/")
    assert _kept_pages() == 2


def test_every_hit_has_a_fresh_csrf_token_that_works(on, in_treatment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(in_treatment)
    client.get("/home/")
    tokens = {CSRF.search(client.get("/home/").content.decode()).group(1) for _ in range(2)}
    assert len(tokens) == 2, "each page served carries its own masked token"
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_every_hit_has_fresh_double_submit_keys(rf):
    """No cached page has such a form today; a page that gains one gets fresh keys."""
    html = (
        b'<input type="hidden" name="submission_key" value="6f1c1c9e-4b8e-4c55-9d7e-0c1f1d2a3b4c">'
        b'<input type="hidden" name="entry-submission_key" '
        b'value="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d">'
    )
    kept = page_cache._Page(
        until=0, status=200, content=zlib.compress(page_cache._marked(html)), headers=()
    )
    served = [KEYS.findall(kept.response(rf.get("/")).content.decode()) for _ in range(2)]
    assert all(len(keys) == 2 for keys in served)
    every_key = served[0] + served[1]
    assert len(set(every_key)) == 4
    assert not set(every_key) & set(KEYS.findall(html.decode()))


def test_a_page_saying_how_long_ago_is_not_kept_past_its_words(on, couple, in_treatment):
    client = Client()
    client.force_login(in_treatment)
    start = timezone.now()
    Notice.objects.create(
        partnership=couple, recipient=in_treatment, message="Alex is driving.", created_at=start
    )
    with freeze_time(start + timedelta(seconds=5)):
        assert "just now" in client.get("/home/").content.decode()
        assert _kept_pages() == 1
    with freeze_time(start + timedelta(seconds=30)):
        assert "just now" in client.get("/home/").content.decode()
    with freeze_time(start + timedelta(minutes=2, seconds=1)):
        page = client.get("/home/").content.decode()
    assert "just now" not in page
    assert "2\xa0minutes ago" in page


def test_a_message_for_the_person_is_never_lost_to_a_kept_page(on, couple, supporting):
    client = Client()
    client.force_login(supporting)
    entry = make_entry(couple, status="planned", on_date=couple.today() + timedelta(days=2))
    client.get("/home/")
    response = client.post(
        f"/treatment/{entry.public_id}/ride/",
        {"answer": "withdraw", "back_to": "dashboard"},
        follow=True,
    )
    assert "You were not down to drive for this session." in response.content.decode()
    assert "You were not down to drive" not in client.get("/home/").content.decode()


def test_a_page_from_another_couple_is_never_served(on, treatment_client, stranger_client):
    treatment_client.get("/home/")
    theirs = stranger_client.get("/home/").content.decode()
    assert "Robin" in theirs or "Kim" in theirs
    assert _kept_pages() == 2


def _tamper(kind, change):
    store = caches[page_cache.CACHE_ALIAS]
    for internal_key, value in list(store._cache.items()):
        kept = pickle.loads(value)  # noqa: S301 - this process's own cache, in a test
        if isinstance(kept, kind):
            store.set(internal_key.split(":", 2)[-1], change(kept))


def test_verify_mode_catches_a_stale_page(settings, treatment_client):
    settings.COUPLE_PAGE_CACHE = "verify"
    treatment_client.get("/checkins/history/")
    _tamper(
        page_cache._Page,
        lambda kept: dataclasses.replace(
            kept, content=zlib.compress(zlib.decompress(kept.content) + b"x")
        ),
    )
    with pytest.raises(page_cache.StalePage):
        treatment_client.get("/checkins/history/")


def test_verify_mode_catches_a_stale_part_of_a_page(
    settings, couple, in_treatment, treatment_client
):
    settings.COUPLE_PAGE_CACHE = "verify"
    treatment_client.get("/home/")
    _tamper(
        page_cache._Fragment, lambda kept: dataclasses.replace(kept, content=kept.content + b"x")
    )
    # A notice makes the page itself render again, with its journal part from the cache.
    Notice.objects.create(partnership=couple, recipient=in_treatment, message="Alex wrote.")
    with pytest.raises(page_cache.StalePage):
        treatment_client.get("/home/")


def test_off_keeps_nothing(settings, treatment_client):
    settings.COUPLE_PAGE_CACHE = "off"
    treatment_client.get("/home/")
    treatment_client.get("/home/")
    assert _kept_pages() == 0


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_two_renders_of_the_same_data_differ_only_in_the_values_put_back_fresh(
    settings, couple, treatment_client, path
):
    """What the cache keeps must not hold anything made anew for each render."""
    settings.COUPLE_PAGE_CACHE = "off"
    make_entry(couple)
    first = treatment_client.get(path).content
    second = treatment_client.get(path).content
    assert page_cache._marked(first) == page_cache._marked(second)


def test_a_suggestion_made_seconds_ago_reads_just_now_and_the_page_is_kept(
    on, couple, supporting, treatment_client, django_assert_num_queries
):
    """ "20 seconds ago" would be stale the moment it is read, and a page saying it could
    not be kept at all: under a minute, the library panel says "just now", as notices do."""
    from partners.access import load_couple
    from resources import suggestions
    from tests.resources.builders import publish

    suggestions.suggest(load_couple(supporting), publish("sleep", title="Sleep"), "For you.")
    page = treatment_client.get("/home/").content.decode()
    assert "from Alex, just now" in page
    with django_assert_num_queries(1):
        assert "from Alex, just now" in treatment_client.get("/home/").content.decode()


def _publish_and_mark_read(couple, user):
    from resources.models import ReadingMark
    from tests.resources.builders import publish

    article = publish("read-by-one-of-us")
    ReadingMark.objects.create(partnership=couple, user=user, article=article)


def test_a_page_that_read_no_reading_marks_is_kept_when_one_is_added(
    on, couple, in_treatment, supporting, treatment_client, django_assert_num_queries
):
    treatment_client.get("/checkins/history/")
    _publish_and_mark_read(couple, supporting)
    with django_assert_num_queries(1):  # the couple: the page itself is not built again
        assert treatment_client.get("/checkins/history/").status_code == 200


def test_a_page_that_read_reading_marks_is_rendered_again_when_one_is_added(
    on, couple, in_treatment, supporting, treatment_client
):
    treatment_client.get("/home/")
    _publish_and_mark_read(couple, supporting)
    page = treatment_client.get("/home/").content.decode()
    assert "read-by-one-of-us" in page or "Read by one of us" in page


def test_a_notice_for_me_changes_the_count_on_a_kept_page_that_never_read_notices(
    on, couple, in_treatment, supporting, treatment_client
):
    before = treatment_client.get("/boundaries/").content.decode()
    assert '<span class="nav-count">' not in before
    Notice.objects.create(partnership=couple, recipient=in_treatment, message="Alex wrote.")
    after = treatment_client.get("/boundaries/").content.decode()
    assert '<span class="nav-count">1<span class="visually-hidden"> new</span>' in after


def test_a_notice_for_my_partner_leaves_my_page_kept(
    on, couple, in_treatment, supporting, treatment_client, django_assert_num_queries
):
    treatment_client.get("/treatment/")
    Notice.objects.create(partnership=couple, recipient=supporting, message="For Alex.")
    with django_assert_num_queries(1):
        treatment_client.get("/treatment/")


def test_a_kept_page_depends_on_the_counters_of_what_it_read(on, couple, treatment_client):
    treatment_client.get("/home/")  # its notices and its library panel
    treatment_client.get("/checkins/history/")  # neither
    depends = sorted(tuple(name for name, _ in page.counters) for page in _kept())
    assert depends == [(), ("library_version", "notices_version")]


def test_any_other_change_renders_every_page_again(
    on, couple, in_treatment, supporting, treatment_client
):
    from tests.journal.boundary_factories import make_boundary

    treatment_client.get("/checkins/history/")
    make_boundary(supporting, in_treatment, wording="No driving on session days.")
    assert "No driving on session days." in treatment_client.get("/boundaries/").content.decode()


def test_the_dashboard_keeps_its_journal_part_while_only_notices_change(
    on, couple, in_treatment, treatment_client, django_assert_max_num_queries
):
    first = treatment_client.get("/home/").content.decode()
    Notice.objects.create(partnership=couple, recipient=in_treatment, message="Alex wrote.")
    # The couple, the notices and the reading panel's two: the journal's panels are kept.
    with django_assert_max_num_queries(4):
        second = treatment_client.get("/home/").content.decode()
    assert "Alex wrote." in second
    part = re.compile(
        r'<section class="card[^"]*" aria-labelledby="checkins-heading">.*?</section>', re.S
    )
    assert part.search(first).group(0) == part.search(second).group(0)


def test_the_dashboard_renders_its_journal_part_again_after_a_journal_change(
    on, couple, in_treatment, supporting, treatment_client
):
    from tests.journal.boundary_factories import make_boundary

    treatment_client.get("/home/")
    make_boundary(supporting, in_treatment, wording="Text me when the session ends.")
    assert "Text me when the session ends." in treatment_client.get("/home/").content.decode()


def test_a_kept_part_limits_how_long_its_page_is_kept(on, couple, in_treatment, rf):
    from django.contrib.sessions.backends.db import SessionStore

    def build_part():
        page_cache.true_until(timezone.now() + timedelta(seconds=90))
        return "<p>words true for 90 seconds</p>"

    @page_cache.couple_page
    def view(request):
        from django.http import HttpResponse

        return HttpResponse(page_cache.fragment(request, "a-part", build_part))

    def get():
        request = rf.get("/a-page/")
        request.user = in_treatment
        request.session = SessionStore()
        request.session.create()
        request._messages = []
        return view(request)

    start = timezone.now()
    with freeze_time(start):
        get()
    (page,), (part,) = _kept(), _kept(page_cache._Fragment)
    assert abs(part.until - (start.timestamp() + 90)) < 2
    assert page.until == part.until
