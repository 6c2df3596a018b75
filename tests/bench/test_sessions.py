"""Load-run people are signed in by sessions made directly, without the login form."""

from django.test import Client

from bench.dataset import email, ensure_sessions
from tests.factories import make_couple, make_user


def test_each_person_gets_a_working_session_of_their_own(db):
    _, sam, alex = make_couple(
        make_user(email("c0001", "t"), name="Sam"), make_user(email("c0001", "s"), name="Alex")
    )
    cookies = ensure_sessions(["c0001"])
    assert set(cookies) == {sam.email, alex.email}
    assert cookies[sam.email] != cookies[alex.email]
    for user in (sam, alex):
        client = Client()
        client.cookies["sessionid"] = cookies[user.email]
        response = client.get("/home/")
        assert response.status_code == 200
        assert response.wsgi_request.user == user
