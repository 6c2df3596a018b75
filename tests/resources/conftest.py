import pytest
from django.db import connection

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
