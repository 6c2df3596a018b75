"""A row's URL without a full reverse() per row.

`{% url 'boundary_answer' b.public_id %}` inside a loop resolves the URLconf for every row
(~20 µs each; the dashboard made ~50 of them). `{{ b.public_id|url_to:"boundary_answer" }}`
reverses the name once per process, URLconf and script prefix with a placeholder argument,
and puts each row's value in the placeholder's place: the same URL `reverse()` gives
(tests/journal/test_row_urls.py). For one-argument URLs whose argument is a UUID or a slug.
"""

from functools import lru_cache
from uuid import UUID

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

# Placeholders that every converter of a UUID or a slug accepts as they are, and that no
# real argument is: a UUID of this process's own, and a slug no article can have.
_UUID_MARK = UUID("0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f")
_SLUG_MARK = "zq-row-url-placeholder-qz"


@lru_cache(maxsize=256)
def _pattern(name: str, uuid: bool, urlconf: str, prefix: str) -> tuple[str, str]:
    mark = _UUID_MARK if uuid else _SLUG_MARK
    url = reverse(name, args=[mark], urlconf=urlconf)
    before, found, after = url.partition(str(mark))
    if not found or str(mark) in after:  # pragma: no cover - a URL that repeats its argument
        raise ValueError(f"{name} does not take one argument once.")
    return before, after


def row_url(name: str, value: UUID | str) -> str:
    """reverse(name, args=[value]) for a UUID or a slug, reversed once per process."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _pattern(name, isinstance(value, UUID), urlconf, get_script_prefix())
    return f"{before}{value}{after}"


@register.filter
def url_to(value: UUID | str, name: str) -> str:
    """{{ b.public_id|url_to:"boundary_answer" }}: the row's URL, as {% url %} gives it."""
    return row_url(name, value)
