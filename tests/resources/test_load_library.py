"""`manage.py load_library`: shipped Markdown files into the library, idempotently."""

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resources import workflow
from resources.loading import article_files, parse
from resources.models import Article, Review, Revision, Source, WorkflowEvent

pytestmark = pytest.mark.django_db

FRONT = """+++
title = "Side effects and risks"
slug = "{slug}"
summary = "What can go wrong, and how often."
category = "risks-and-safety"
order = 2
related = {related}
talk_prompts = ["What worries you most?", "What would help?"]

[[sources]]
key = "LABEL"
title = "Spravato prescribing information"
publisher = "Janssen"
year = 2019
url = "https://www.janssenlabels.com/"

[[sources]]
key = "ELEKT-D"
title = "Ketamine versus ECT"
publisher = "New England Journal of Medicine"
year = 2023
url = "https://doi.org/10.1056/NEJMoa2302399"
{review}+++

## The bladder

{body}
"""
REVIEW = """
[review]
kind = "editorial"
reviewer = "Alongside editorial team"
reviewed_on = 2026-11-20
notes = "Checked every figure against the label."
"""


def write(directory, slug="side-effects-and-risks", *, review=REVIEW, body="Heavy use.", **kw):
    text = FRONT.format(
        slug=slug, review=review, body=body, related=kw.get("related", '["on-a-session-day"]')
    )
    path = Path(directory) / f"{kw.get('filename', slug)}.md"
    path.write_text(text, encoding="utf-8")
    return path


def load(directory, **options):
    out, err = StringIO(), StringIO()
    call_command("load_library", path=str(directory), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def counts():
    return [model.objects.count() for model in (Article, Revision, Review, Source, WorkflowEvent)]


def test_a_reviewed_file_is_published_with_its_review_record(tmp_path):
    write(tmp_path)
    out, _ = load(tmp_path)
    assert "1 published" in out
    article = Article.objects.published().get()
    revision = article.live_revision
    assert revision.title == "Side effects and risks"
    assert revision.prompt_list == ["What worries you most?", "What would help?"]
    assert revision.body_html.startswith("<h2>The bladder</h2>")
    assert [s.key for s in revision.sources.all()] == ["LABEL", "ELEKT-D"]
    assert article.category.slug == "risks-and-safety" and article.order == 2
    review = revision.last_review
    assert review.kind == "editorial" and review.credential == ""
    assert review.reviewer is None and review.reviewer_name == "Alongside editorial team"
    assert review.reviewed_on == date(2026, 11, 20)
    assert review.next_review_due == date(2027, 11, 20)


def test_loading_again_changes_nothing(tmp_path):
    write(tmp_path)
    write(tmp_path, "on-a-session-day", related='["side-effects-and-risks"]')
    load(tmp_path)
    before = counts()
    updated = list(Revision.objects.values_list("updated_at", flat=True))
    out, _ = load(tmp_path)
    assert "2 unchanged" in out
    assert counts() == before
    assert list(Revision.objects.values_list("updated_at", flat=True)) == updated


def test_a_file_without_a_review_block_is_loaded_as_a_draft(tmp_path, client):
    write(tmp_path, review="")
    out, _ = load(tmp_path)
    assert "1 loaded as drafts (no review block)" in out
    assert not Article.objects.published().exists()
    assert not Review.objects.exists()
    assert Revision.objects.get().state == Revision.State.DRAFT
    assert client.get("/library/side-effects-and-risks/").status_code == 404


def test_a_review_added_later_publishes_the_draft_in_place(tmp_path):
    write(tmp_path, review="")
    load(tmp_path)
    write(tmp_path)
    load(tmp_path)
    assert Revision.objects.count() == 1
    assert Article.objects.published().count() == 1


def test_a_changed_file_becomes_a_new_revision_and_history_is_kept(tmp_path):
    write(tmp_path)
    load(tmp_path)
    write(tmp_path, body="Heavy, long-term use.")
    out, _ = load(tmp_path)
    assert "1 updated" in out
    first, second = Revision.objects.order_by("number")
    assert first.state == Revision.State.SUPERSEDED
    assert second.state == Revision.State.PUBLISHED
    assert "long-term" in Article.objects.get().live_revision.body_html


def test_a_changed_file_without_review_leaves_readers_on_the_reviewed_text(tmp_path):
    write(tmp_path)
    load(tmp_path)
    write(tmp_path, review="", body="Unreviewed change.")
    load(tmp_path)
    live = Article.objects.get().live_revision
    assert "Unreviewed" not in live.body_html
    assert Revision.objects.get(state=Revision.State.DRAFT).body.startswith("## The bladder")


def test_an_editors_draft_in_the_admin_is_never_overwritten(tmp_path, editor):
    write(tmp_path)
    load(tmp_path)
    revision = workflow.start_revision(Article.objects.get(), editor)
    write(tmp_path, body="Changed in the file.")
    _, err = load(tmp_path)
    assert "being worked on in the admin" in err
    revision.refresh_from_db()
    assert "Changed in the file" not in revision.body


def test_related_articles_are_linked_and_unknown_ones_reported(tmp_path):
    write(tmp_path, related='["on-a-session-day", "no-such-article"]')
    write(tmp_path, "on-a-session-day", related="[]")
    _, err = load(tmp_path)
    article = Article.objects.get(slug="side-effects-and-risks")
    assert [a.slug for a in article.related.all()] == ["on-a-session-day"]
    assert "no-such-article" in err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"filename": "other-name"}, "but the file is named other-name.md"),
        ({"review": REVIEW.replace("editorial", "clinical")}, "needs the reviewer's credential"),
        ({"review": REVIEW.replace("2026-11-20", '"last week"')}, "must be a TOML date"),
        ({"review": REVIEW.replace("2026-11-20", "2099-01-01")}, "cannot be dated in the future"),
        ({"body": "ok\x00"}, "NUL"),
    ],
)
def test_a_bad_file_stops_the_load_before_anything_is_written(tmp_path, change, message):
    write(tmp_path, "a-good-one")
    write(tmp_path, **change)
    with pytest.raises(CommandError, match=message):
        load(tmp_path)
    assert counts() == [0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "must start with a `+++` line"),
        ("+++\ntitle = 'x'\n", "no closing `+++`"),
        ("+++\ntitle = \n+++\n", "not valid TOML"),
        (
            '+++\ntitle="t"\nslug="bad"\nsummary="s"\ncategory="nope"\n+++\nx',
            "is not one of",
        ),
        (
            '+++\ntitle="t"\nslug="bad"\nsummary="s"\ncategory="crisis"\n'
            '[[sources]]\ntitle="t"\npublisher="p"\nurl="javascript:alert(1)"\n+++\nx',
            "needs an http or https link",
        ),
        (
            '+++\ntitle="t"\nslug="bad"\nsummary="s"\ncategory="crisis"\n'
            '[[sources]]\ntitle="t"\npublisher="p"\nyear=2019\naccessed=2026\n'
            'url="https://example.org/"\n+++\nx',
            "give `year` (published) or `accessed` (undated), not both",
        ),
    ],
)
def test_malformed_files_are_explained(tmp_path, text, message):
    (tmp_path / "bad.md").write_text(text)
    with pytest.raises(CommandError, match=re.escape(message)):
        load(tmp_path)


def test_check_only_validates(tmp_path):
    write(tmp_path)
    out, _ = load(tmp_path, check=True)
    assert "1 article files are valid" in out
    assert counts() == [0, 0, 0, 0, 0]


@pytest.mark.skipif(not article_files(), reason="no shipped article files yet")
def test_the_shipped_files_load_and_reload_without_duplicates():
    shipped = article_files()
    call_command("load_library", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == len(shipped)
    before = counts()
    call_command("load_library", stdout=StringIO(), stderr=StringIO())
    assert counts() == before
    reviewed = {parse(path).slug: parse(path).review is not None for path in shipped}
    for article in Article.objects.all():
        # Published exactly when its file carries a review, and never as a clinical one.
        assert article.is_published == reviewed[article.slug]
        assert not Review.objects.filter(revision__article=article, kind="clinical").exists()


def test_an_undated_source_is_stored_as_accessed_not_as_published(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text().replace("year = 2019", "accessed = 2026"))
    load(tmp_path)
    label = Source.objects.get(key="LABEL")
    assert (label.year, label.accessed_year) == (None, 2026)
    assert Source.objects.get(key="ELEKT-D").year == 2023


@pytest.mark.skipif(not article_files(), reason="no shipped article files yet")
def test_a_deployed_library_picks_up_corrections_by_loading_again(tmp_path):
    """A database loaded from the old text is corrected by running load_library again."""
    for path in article_files():
        text = path.read_text(encoding="utf-8")
        if path.stem == "side-effects-and-risks":
            text = text.replace("about five things", "about four things")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    load(tmp_path)
    article = Article.objects.get(slug="side-effects-and-risks")
    assert "about four things" in article.live_revision.body

    call_command("load_library", stdout=StringIO(), stderr=StringIO())
    article.refresh_from_db()
    assert "about five things" in article.live_revision.body
    assert article.live_revision.number == 2
    assert article.revisions.get(number=1).state == Revision.State.SUPERSEDED
    assert article.live_revision.last_review.reviewed_on == date(2026, 12, 4)
