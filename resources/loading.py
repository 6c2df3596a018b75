"""Reading the shipped article files: TOML front matter between `+++` lines, then Markdown.

Parsing and checking are kept apart from writing to the database so `load_library`
can check every file before it changes anything.
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from resources.categories import CATEGORY_SLUGS
from resources.models import Review
from resources.models.articles import BODY_MAX_LENGTH, validate_source_url

ARTICLES_DIR = Path(settings.BASE_DIR) / "resources" / "content" / "articles"
FENCE = "+++"


class ArticleFileError(Exception):
    pass


@dataclass
class ShippedArticle:
    slug: str
    title: str
    summary: str
    category: str
    order: int
    body: str
    related: list = field(default_factory=list)
    talk_prompts: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    review: dict | None = None
    source_hash: str = ""


def _text(data, key, *, max_length, required=True):
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ArticleFileError(f"`{key}` must be text.")
    value = value.strip()
    if required and not value:
        raise ArticleFileError(f"`{key}` is missing.")
    if len(value) > max_length:
        raise ArticleFileError(f"`{key}` is longer than {max_length} characters.")
    return value


def _string_list(data, key):
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ArticleFileError(f"`{key}` must be a list of text.")
    return [item.strip() for item in value if item.strip()]


def _sources(data):
    sources = data.get("sources", [])
    if not isinstance(sources, list):
        raise ArticleFileError("`sources` must be a list of [[sources]] tables.")
    cleaned = []
    for position, source in enumerate(sources, start=1):
        if not isinstance(source, dict):
            raise ArticleFileError(f"source {position} must be a [[sources]] table.")
        url = _text(source, "url", max_length=500)
        try:
            validate_source_url(url)
        except ValidationError:
            raise ArticleFileError(f"source {position} needs an http or https link.") from None
        year = source.get("year")
        if year is not None and (not isinstance(year, int) or not 1800 <= year <= 2200):
            raise ArticleFileError(f"source {position}: `year` must be a year, like 2019.")
        accessed = source.get("accessed")
        if accessed is not None and (not isinstance(accessed, int) or not 1990 <= accessed <= 2200):
            raise ArticleFileError(f"source {position}: `accessed` must be a year, like 2026.")
        if year is not None and accessed is not None:
            raise ArticleFileError(
                f"source {position}: give `year` (published) or `accessed` (undated), not both."
            )
        cleaned.append(
            {
                "position": position,
                "key": _text(source, "key", max_length=40, required=False),
                "title": _text(source, "title", max_length=400),
                "publisher": _text(source, "publisher", max_length=200),
                "year": year,
                "accessed_year": accessed,
                "url": url,
            }
        )
    return cleaned


def _review(data):
    review = data.get("review")
    if review is None:
        return None
    if not isinstance(review, dict):
        raise ArticleFileError("`[review]` must be a table.")
    kind = _text(review, "kind", max_length=20)
    if kind not in Review.Kind.values:
        raise ArticleFileError("`[review] kind` must be “editorial” or “clinical”.")
    credential = _text(review, "credential", max_length=160, required=False)
    reviewed_on = review.get("reviewed_on")
    if not isinstance(reviewed_on, date) or hasattr(reviewed_on, "hour"):
        raise ArticleFileError("`[review] reviewed_on` must be a TOML date, like 2026-11-26.")
    return {
        "kind": kind,
        "credential": credential,
        "reviewer_name": _text(review, "reviewer", max_length=120),
        "reviewed_on": reviewed_on,
        "notes": _text(review, "notes", max_length=5000),
    }


def parse(path):
    """A ShippedArticle from one file, or ArticleFileError saying what is wrong."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ArticleFileError("the file is not UTF-8 text.") from None
    if "\x00" in text:
        raise ArticleFileError("the file contains a NUL character.")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ArticleFileError("the file must start with a `+++` line.")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE)
    except StopIteration:
        raise ArticleFileError("the front matter has no closing `+++` line.") from None
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise ArticleFileError(f"the front matter is not valid TOML: {error}") from None
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    if len(body) > BODY_MAX_LENGTH:
        raise ArticleFileError(f"the body is longer than {BODY_MAX_LENGTH} characters.")

    slug = _text(data, "slug", max_length=80)
    if slug != path.stem:
        raise ArticleFileError(f"`slug` is “{slug}” but the file is named {path.name}.")
    category = _text(data, "category", max_length=60)
    if category not in CATEGORY_SLUGS:
        raise ArticleFileError(f"`category` “{category}” is not one of {CATEGORY_SLUGS}.")
    order = data.get("order", 0)
    if not isinstance(order, int) or order < 0:
        raise ArticleFileError("`order` must be a whole number.")
    return ShippedArticle(
        slug=slug,
        title=_text(data, "title", max_length=200),
        summary=_text(data, "summary", max_length=400),
        category=category,
        order=order,
        body=body,
        related=_string_list(data, "related"),
        talk_prompts=_string_list(data, "talk_prompts"),
        sources=_sources(data),
        review=_review(data),
        source_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def article_files(directory=None):
    return sorted(Path(directory or ARTICLES_DIR).glob("*.md"))
