"""The door's types: a view behind `couple_required` is handed a typed `Couple`.

Checked by running mypy (with django-stubs, as `make lint` does) on a small module of
views, so a change that loosens the decorator's typing to `Any` fails here.
"""

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[2]

VIEWS = """
from django.http import HttpResponse
from partners.access import CoupleRequest, couple_required
from partners.models import Role


@couple_required
def detail(request: CoupleRequest, public_id: str) -> HttpResponse:
    reveal_type(request.couple)
    reveal_type(request.user)
    return HttpResponse(public_id)


@couple_required(role=Role.IN_TREATMENT)
def only_theirs(request: CoupleRequest) -> HttpResponse:
    reveal_type(request.couple.partner_user)
    return HttpResponse()


@couple_required  # answers with an int
def not_a_response(request: CoupleRequest) -> int:
    return 1


@couple_required  # takes no request
def no_request() -> HttpResponse:
    return HttpResponse()


reveal_type(detail)
"""


def line_of(text):
    """`door_views.py:N:` for the line of VIEWS that holds `text`."""
    number = next(i for i, line in enumerate(VIEWS.splitlines(), 1) if text in line)
    return f"door_views.py:{number}:"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("types")
    module = folder / "door_views.py"
    module.write_text(VIEWS)
    out, err, _ = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(folder / "cache"),
            str(module),
        ]
    )
    return out + err


def test_the_view_is_handed_a_couple_and_a_signed_in_user(report):
    couple = line_of("reveal_type(request.couple)")
    user = line_of("reveal_type(request.user)")
    partner = line_of("reveal_type(request.couple.partner_user)")
    assert f'{couple} note: Revealed type is "partners.access.Couple"' in report
    assert f'{user} note: Revealed type is "partners.models.User"' in report
    assert f'{partner} note: Revealed type is "partners.models.User | None"' in report


def test_the_url_arguments_survive_the_decorator(report):
    assert (
        'Revealed type is "def (django.http.request.HttpRequest, public_id: builtins.str) -> '
        'django.http.response.HttpResponseBase"' in report
    )


def test_a_view_must_answer_with_a_response_and_take_the_request(report):
    assert f"{line_of('answers with an int')} error" in report
    assert f"{line_of('takes no request')} error" in report
    assert "Found 2 errors" in report  # and nothing else in the module is an error
