import pytest
from django.db import connection

from partners.access import load_couple
from tests.resources.builders import staff


@pytest.fixture
def editor(db):
    return staff("Editors", name="Edie")


@pytest.fixture
def second_editor(db):
    return staff("Editors", name="Eli")


@pytest.fixture
def reviewer(db):
    return staff("Reviewers", name="Dr Rae")


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL full-text search (set DATABASE_URL)")


@pytest.fixture
def sam(in_treatment):
    """The demo couple seen from the partner in treatment's side."""
    return load_couple(in_treatment)


@pytest.fixture
def alex(supporting):
    """The same couple from the supporting partner's side."""
    return load_couple(supporting)
