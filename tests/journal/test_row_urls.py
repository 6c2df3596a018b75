"""Row URLs reversed once per process give exactly what reverse() gives."""

import uuid

from django.test import override_settings
from django.urls import reverse

from journal.templatetags.row_urls import row_url


def test_the_same_url_as_reverse_for_uuids_and_slugs():
    for name in ("boundary_answer", "boundary_detail", "treatment_entry"):
        for _ in range(3):
            public_id = uuid.uuid4()
            assert row_url(name, public_id) == reverse(name, args=[public_id])
    for slug in ("side-effects", "a", "what-to-expect-2"):
        assert row_url("library_article", slug) == reverse("library_article", args=[slug])


def test_a_script_prefix_is_kept():
    public_id = uuid.uuid4()
    with override_settings(FORCE_SCRIPT_NAME="/app/"):
        from django.urls import set_script_prefix

        set_script_prefix("/app/")
        try:
            assert row_url("boundary_detail", public_id) == reverse(
                "boundary_detail", args=[public_id]
            )
            assert row_url("boundary_detail", public_id).startswith("/app/")
        finally:
            set_script_prefix("/")
