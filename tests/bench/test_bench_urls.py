"""The bench-only URLs: a bare view to compare with, and the signed-in floor."""

import pytest
from django.urls import reverse

from bench import measure


@pytest.fixture(autouse=True)
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_bare_view_is_the_framework_alone(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_floor_requires_sign_in(client):
    response = client.get("/bench/floor/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_floor_needs_a_partnership(loner_client):
    assert loner_client.get("/bench/floor/").status_code == 404


def test_floor_renders_the_base_layout_for_either_partner(treatment_client, supporting_client):
    for client in (treatment_client, supporting_client):
        response = client.get("/bench/floor/")
        assert response.status_code == 200
        assert b"<h1>Floor</h1>" in response.content


def test_production_urls_have_no_bench_views():
    from config import urls

    assert not any("bench" in str(pattern.pattern) for pattern in urls.urlpatterns)


def test_repeated_statements_are_reported_with_their_count():
    sql = [
        "SELECT * FROM t WHERE id = 1",
        "SELECT * FROM t WHERE id = 2",
        "SELECT * FROM u WHERE name = 'x'",
    ]
    assert measure.repeated_statements(sql) == {"SELECT * FROM t WHERE id = ?": 2}
