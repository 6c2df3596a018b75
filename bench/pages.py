"""The pages the bench measures, found by URL name so a page counts once it exists."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

SEARCH_QUERY = "drive home"


@dataclass
class Page:
    key: str
    title: str
    url_names: tuple  # the first that reverses is used
    signed_in: bool = True
    kwargs: dict | None = None
    query: str = ""
    # Targets: None means "only the shared ones" (time <= 10x bare, first load <= 40 KB).
    max_queries: int | None = None
    max_ratio: float = 10.0
    # A yardstick, not a page: measured like the others, judged against nothing.
    reference: bool = False

    def path(self, context):
        kwargs = {k: v(context) if callable(v) else v for k, v in (self.kwargs or {}).items()}
        for name in self.url_names:
            try:
                return reverse(name, kwargs=kwargs or None) + self.query
            except NoReverseMatch:
                continue
        return None


def _article_slug(context):
    return context["article_slug"]


PAGES = [
    Page("floor", "Signed-in floor (bench only)", ("bench_floor",), reference=True),
    Page("landing", "Landing", ("landing",), signed_in=False),
    Page("dashboard", "Dashboard", ("dashboard",), max_queries=8),
    Page("checkin", "Check-in form", ("checkin", "checkin_form", "checkin_this_week")),
    Page("history", "Check-in history", ("checkin_history", "checkins_history")),
    Page("trends", "Trends", ("checkin_trends", "checkins_trends", "trends")),
    Page("boundaries", "Boundaries", ("boundary_list", "boundaries", "boundaries_list")),
    Page("log", "Treatment log", ("treatment_log",)),
    Page("safety", "Safety plan", ("safety_plan",)),
    Page("library", "Library home", ("library_home",), signed_in=False),
    Page(
        "article",
        "Article",
        ("library_article",),
        signed_in=False,
        kwargs={"slug": _article_slug},
        max_queries=4,
        max_ratio=3.0,
    ),
    Page(
        "article_signed_in",
        "Article, signed in",
        ("library_article",),
        kwargs={"slug": _article_slug},
    ),
    Page(
        "search",
        "Search",
        ("library_search",),
        signed_in=False,
        query="?q=" + SEARCH_QUERY.replace(" ", "+"),
    ),
]

# Form posts in the journey: key -> (URL name, body). Each answers with a redirect.
WRITES = {
    "mark_read": ("library_mark_read", "action=read"),
    "suggest": ("library_suggest", "note=This+one+helped+me."),
}

# The mixed journey of one partner, in the order a person might go; both partners walk it.
JOURNEY = [
    "dashboard",
    "checkin",
    "history",
    "dashboard",
    "boundaries",
    "log",
    "trends",
    "safety",
    "library",
    "article_signed_in",
    "mark_read",
    "suggest",
    "search",
]


def journey(context):
    """[(key, path, post body or None)] of the journey, without steps not built yet."""
    steps = []
    for key in JOURNEY:
        if key in WRITES:
            name, body = WRITES[key]
            try:
                steps.append((key, reverse(name, kwargs={"slug": context["article_slug"]}), body))
            except NoReverseMatch:
                continue
            continue
        path = next(p for p in PAGES if p.key == key).path(context)
        if path:
            steps.append((key, path, None))
    return steps


def person(cookie, steps):
    """A virtual person walking `steps`, with a CSRF secret of their own for the posts."""
    import secrets
    import string

    from bench import loadgen

    alphabet = string.ascii_letters + string.digits
    login_path = reverse("account_login")
    return loadgen.Person(
        cookie,
        [path for _, path, _ in steps],
        [key for key, _, _ in steps],
        posts={i: body for i, (_, _, body) in enumerate(steps) if body is not None},
        csrf="".join(secrets.choice(alphabet) for _ in range(32)),
        login_path=login_path,
    )
