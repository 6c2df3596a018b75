"""The articles Alongside ships, checked straight from resources/content/articles/*.md.

No database and no import of the resources app: these tests hold the writer's side of the
shared file format (TOML front matter between `+++` lines, then Markdown), so a broken or
careless article fails here whatever the loader does with it.
"""

import datetime
import re
import tomllib
from pathlib import Path

import pytest

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "content" / "articles"
ARTICLE_PATHS = sorted(ARTICLES_DIR.glob("*.md"))

CATEGORIES = (
    "understanding-treatment",
    "session-days",
    "risks-and-safety",
    "talking-together",
    "looking-after-yourself",
    "crisis",
)

# The keys of the Sources list in the fact sheet (shared/content/ketamine-facts.md) the
# articles are written from. A key outside it means a fact from somewhere unchecked.
FACT_SHEET_KEYS = frozenset(
    {
        "FDA-2019", "NAMI-2019", "MHW-2020", "MHW-2025", "BECKERS-2025", "LABEL",
        "SPRAVATO-HCP", "SPRAVATO-COM", "REMS-FDA", "REMS-SITE", "FDA-COMP-2023",
        "FDA-COMP-2022", "ELEKT-D", "PCORI-2023", "KETECT", "MURROUGH-2013", "ZARATE-2006",
        "NEWPORT-2015", "HAN-2016", "COYLE-2015", "POPOVA-2019", "GASTALDON-2019",
        "DALY-2019", "FU-2020", "IONESCU-2021", "REIF-2023", "SANACORA-2017",
        "MCINTYRE-2021", "NICE-TA854", "ANDRADE-2019", "HULL-2022", "ABDALLAH-2018",
        "XU-2022", "ALEKSANDROVA-2017", "WILLIAMS-2018", "MORGAN-2010", "COTTRELL-2008",
        "LEUNG-2020", "LACME-2023", "DOJ-2024", "PERRY-2025", "PARIKH-2021",
        "WILKINSON-2017", "WILKINSON-2021", "VERYWELL", "LEAP", "NIMH-5STEPS", "NIMH-WARN",
        "NAMI-F2F", "NAMI-HL", "MAYO-CG", "SAMHSA-988", "SAMARITANS", "NHS-SUICIDE",
        "THROUGHLINE", "RPT-SUICIDE", "SPRC", "NIDA-WORDS",
    }
)  # fmt: skip
# Primary sources added after the sheet was written (issue 14 allows "the sheet or primary
# sources"): each is a regulator's or the source organisation's own page.
PRIMARY_SOURCE_KEYS = frozenset(
    {
        "EMA-SPRAVATO",  # the EU licence, which the sheet's section 9c names without a source
        "NHS-RECOVERY",  # the recovery position, for the at-home article
        "FDA-DISPOSAL",  # getting rid of unused medicine, for the at-home article
        "SAMHSA-HELPLINE",  # sheet 9b's US substance-use helpline, at its own page
        "FRANK",  # sheet 9b's UK substance-use helpline, at its own page
        "CARERS-UK",  # sheet 9b's UK carers' organisation
        "FAMILY-CARERS-IE",  # sheet 9b's Irish carers' organisation
    }
)
CITABLE_KEYS = FACT_SHEET_KEYS | PRIMARY_SOURCE_KEYS

# Phrases the fact sheet's language guide (and its "claims to avoid") tells us not to use,
# as regular expressions matched case-insensitively on word boundaries. Word boundaries are
# what let "addiction" (the fact sheet's own word) through while "addict" fails.
AVOIDED_PHRASES = (
    r"commit(?:s|ted|ting)? suicide",
    r"(?:successful|completed) (?:suicide|attempt)",
    r"(?:failed|unsuccessful) (?:suicide )?attempts?",
    r"suicide victims?",
    r"addicts?",
    r"addicted",
    r"abusers?",
    r"abuse",  # "misuse" or "substance use"; regulators' own names are allowed below
    r"junkies?",
    r"druggies?",
    r"party drugs?",
    r"club drugs?",
    r"horse tranquill?i[sz]ers?",
    r"special k",
    r"cures? depression",
    r"cure for depression",
    r"miracle (?:cure|drug|treatment)",
    r"prevents suicide",  # the claim; "has not been shown to prevent suicide" is the fact
    r"works for (?:almost )?everyone",
    r"no side effects",
    r"harmless",
    r"mentally ill",
    r"crazy",
    r"psycho",
)
_AVOIDED = re.compile(r"\b(?:" + "|".join(AVOIDED_PHRASES) + r")\b", re.IGNORECASE)

# Regulators' and agencies' own terms, which the language guide says to keep (and explain).
ALLOWED_REGULATOR_TERMS = re.compile(
    r"[\"“]abuse and misuse[\"”]"
    r"|National Institute on Drug Abuse"
    r"|Substance Abuse and Mental Health Services Administration",
    re.IGNORECASE,
)

MIN_WORDS, MAX_WORDS = 400, 1000
INTERNAL_LINK = re.compile(r"#source-[1-9][0-9]?|/library/[a-z0-9-]+/(#[a-z0-9-]+)?")


def split_article(text):
    """Return (front matter dict, Markdown body) of one article file."""
    lines = text.splitlines(keepends=True)
    assert lines and lines[0].strip() == "+++", "the file must start with a line of +++"
    closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    return tomllib.loads("".join(lines[1:closing])), "".join(lines[closing + 1 :])


def avoided_phrases_in(text):
    return [m.group(0) for m in _AVOIDED.finditer(ALLOWED_REGULATOR_TERMS.sub(" ", text))]


def word_count(markdown):
    # Link targets and citation numbers are not words a reader reads.
    markdown = re.sub(r"\[\[\d+\]\]\(#source-\d+\)", " ", markdown)
    return len(re.findall(r"[A-Za-z0-9][\w'\u2019.-]*", re.sub(r"\]\([^)]*\)", "]", markdown)))


def review_problems(meta, today):
    """What is wrong with an article's [review] block; an empty list means it is sound."""
    review = meta.get("review")
    if not isinstance(review, dict):
        return ["no [review] block"]
    problems = []
    # Shipped articles were fact-checked by an editor; a clinical review never happened.
    if review.get("kind") != "editorial":
        problems.append(f"kind is {review.get('kind')!r}, not 'editorial'")
    if review.get("credential"):
        problems.append("an editorial review carries no credential")
    if not str(review.get("reviewer", "")).strip():
        problems.append("no reviewer")
    reviewed_on = review.get("reviewed_on")
    if not isinstance(reviewed_on, datetime.date) or isinstance(reviewed_on, datetime.datetime):
        problems.append("reviewed_on is not a TOML date")
    elif reviewed_on > today:
        problems.append("reviewed_on is in the future")
    if not str(review.get("notes", "")).strip():
        problems.append("no notes")
    return problems


def _load_all():
    return {path.stem: split_article(path.read_text(encoding="utf-8")) for path in ARTICLE_PATHS}


@pytest.fixture(scope="module")
def articles():
    return _load_all()


per_article = pytest.mark.parametrize("path", ARTICLE_PATHS, ids=[p.stem for p in ARTICLE_PATHS])


def test_at_least_twelve_articles_ship():
    assert len(ARTICLE_PATHS) >= 12


def test_every_category_has_at_least_one_article(articles):
    used = {meta["category"] for meta, _ in articles.values()}
    assert set(CATEGORIES) <= used


@per_article
def test_front_matter_parses_and_slug_matches_file_name(path):
    meta, _ = split_article(path.read_text(encoding="utf-8"))
    assert meta["slug"] == path.stem


@per_article
def test_title_summary_and_category_are_present(path):
    meta, _ = split_article(path.read_text(encoding="utf-8"))
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("summary"), str) and 20 <= len(meta["summary"]) <= 300
    assert meta.get("category") in CATEGORIES


def test_order_is_a_positive_number_unique_within_its_category(articles):
    seen = {}
    for slug, (meta, _) in articles.items():
        order = meta.get("order")
        assert isinstance(order, int) and order >= 1, slug
        place = (meta["category"], order)
        assert place not in seen, f"{slug} and {seen.get(place)} share {place}"
        seen[place] = slug


@per_article
def test_cites_at_least_three_fact_sheet_sources_with_links(path):
    meta, _ = split_article(path.read_text(encoding="utf-8"))
    sources = meta.get("sources", [])
    assert len(sources) >= 3
    for source in sources:
        assert source.get("key") in CITABLE_KEYS, source.get("key")
        assert str(source.get("title", "")).strip(), source["key"]
        assert str(source.get("publisher", "")).strip(), source["key"]
        # A publication year where the source has one; "accessed" only for an undated page.
        dated, accessed = source.get("year"), source.get("accessed")
        assert (dated is None) != (accessed is None), source["key"]
        when = dated if dated is not None else accessed
        assert isinstance(when, int) and 1990 <= when <= 2030, source["key"]
        assert re.fullmatch(r"https://[^\s\"<>]+", source.get("url", "")), source["key"]
    keys = [source["key"] for source in sources]
    assert len(keys) == len(set(keys)), "a source is listed twice"


def test_a_source_is_cited_the_same_way_in_every_article(articles):
    citations = {}
    for slug, (meta, _) in articles.items():
        for source in meta["sources"]:
            citation = (
                source["title"],
                source["publisher"],
                source.get("year"),
                source.get("accessed"),
                source["url"],
            )
            first = citations.setdefault(source["key"], (slug, citation))
            assert first[1] == citation, f"{source['key']} differs in {slug} and {first[0]}"


@per_article
def test_has_two_to_four_talk_prompts(path):
    meta, _ = split_article(path.read_text(encoding="utf-8"))
    prompts = meta.get("talk_prompts", [])
    assert 2 <= len(prompts) <= 4
    assert all(isinstance(p, str) and p.strip().endswith("?") for p in prompts)


@per_article
def test_related_articles_exist(path):
    meta, _ = split_article(path.read_text(encoding="utf-8"))
    related = meta.get("related", [])
    assert 2 <= len(related) <= 3
    assert len(related) == len(set(related))
    assert path.stem not in related
    for slug in related:
        assert (ARTICLES_DIR / f"{slug}.md").is_file(), slug


@per_article
def test_body_is_a_readable_length(path):
    _, body = split_article(path.read_text(encoding="utf-8"))
    assert MIN_WORDS <= word_count(body) <= MAX_WORDS


@per_article
def test_body_headings_start_at_level_two_and_hold_no_raw_html(path):
    _, body = split_article(path.read_text(encoding="utf-8"))
    # The page's h1 is the title; the sanitizer would strip raw HTML anyway.
    assert not re.search(r"^#\s", body, re.MULTILINE)
    assert not re.search(r"<[A-Za-z!/]", body)
    for url in re.findall(r"\]\(([^)]*)\)", body):
        # Outside links are https; a citation points at the source list on the same page
        # and a glossary link at another article of the library.
        assert url.startswith("https://") or INTERNAL_LINK.fullmatch(url), url


@per_article
def test_avoids_the_phrases_the_language_guide_rules_out(path):
    meta, body = split_article(path.read_text(encoding="utf-8"))
    reader_text = "\n".join([meta["title"], meta["summary"], *meta["talk_prompts"], body])
    assert avoided_phrases_in(reader_text) == []


@per_article
def test_articles_that_touch_suicide_give_crisis_lines(path):
    _, body = split_article(path.read_text(encoding="utf-8"))
    if re.search(r"suicid", body, re.IGNORECASE):
        assert "988" in body  # US
        assert "116 123" in body  # Samaritans, UK and Ireland
        assert "findahelpline.com" in body  # everywhere else


def test_the_risks_article_is_the_one_about_the_bladder(articles):
    counts = {slug: body.lower().count("bladder") for slug, (_, body) in articles.items()}
    assert counts["side-effects-and-risks"] >= 3
    assert max(counts, key=counts.get) == "side-effects-and-risks"


def test_the_session_day_article_covers_the_drive_home(articles):
    _, body = articles["on-a-session-day"]
    text = body.lower()
    assert re.search(r"\bdrive\b", text) and re.search(r"\bhome\b", text)
    assert "next day" in text and "sleep" in text


def test_reviews_are_all_or_none_and_editorial(articles):
    """Only the reviewer adds [review]; once anyone has, every article must have a sound one."""
    reviewed = [slug for slug, (meta, _) in articles.items() if "review" in meta]
    if not reviewed:
        pytest.skip("no article has been reviewed yet")
    today = datetime.date.today()
    problems = {slug: review_problems(meta, today) for slug, (meta, _) in articles.items()}
    assert {slug: p for slug, p in problems.items() if p} == {}


# The checks above must be able to fail; these pin the helpers they rely on.


@pytest.mark.parametrize(
    "text",
    [
        "He committed suicide last year.",
        "A failed attempt is still a crisis.",
        "an ADDICT",
        "Drug abuse is common.",
        "It cures depression.",
        "the party drug",
        "a horse tranquilliser",
        "nobody abusers here",
        "It prevents suicide.",
    ],
)
def test_phrase_check_catches_what_the_guide_rules_out(text):
    assert avoided_phrases_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "took advantage of his addiction",
        "an addictive pattern",
        'the label warns about "abuse and misuse"',
        "the National Institute on Drug Abuse (NIDA)",
        "died by suicide",
        "has not been shown to prevent suicide",
        "misuse and substance use",
    ],
)
def test_phrase_check_lets_the_guides_own_words_through(text):
    assert avoided_phrases_in(text) == []


def test_review_check_accepts_an_editorial_review_and_rejects_others():
    today = datetime.date(2026, 11, 26)
    sound = {
        "kind": "editorial",
        "reviewer": "Alongside editorial team",
        "reviewed_on": datetime.date(2026, 11, 26),
        "notes": "Checked every figure against the cited sources.",
    }
    assert review_problems({"review": sound}, today) == []
    assert review_problems({}, today) == ["no [review] block"]
    assert review_problems({"review": {**sound, "kind": "clinical"}}, today)
    assert review_problems({"review": {**sound, "credential": "MD"}}, today)
    assert review_problems({"review": {**sound, "reviewed_on": "2026-11-26"}}, today)
    assert review_problems({"review": {**sound, "reviewed_on": datetime.date(2027, 1, 1)}}, today)
    assert review_problems({"review": {**sound, "notes": " "}}, today)


def test_split_article_reads_toml_front_matter_and_rejects_a_missing_fence():
    meta, body = split_article('+++\ntitle = "T"\nreview.reviewed_on = 2026-11-26\n+++\n\nBody\n')
    assert meta["title"] == "T" and meta["review"]["reviewed_on"] == datetime.date(2026, 11, 26)
    assert body.strip() == "Body"
    with pytest.raises(AssertionError):
        split_article('title = "T"\n')
