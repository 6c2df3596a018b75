"""The library's generation (part of every kept library page's key) moves with each change."""

import pytest

from resources import page_cache
from resources.models import Category

pytestmark = pytest.mark.django_db


def test_a_change_moves_the_generation_at_once_and_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(slug="new-shelf", name="A new shelf")
        # A page rendered now reads the data from before the commit: it must not be kept
        # under the generation that the committed change will be read under.
        during = page_cache.generation()
    assert during > before
    assert page_cache.generation() > during
