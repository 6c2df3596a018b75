"""NUL bytes (and megabyte values) in every query parameter and every form field: no 500.

SQLite stores a NUL byte; PostgreSQL refuses it and psycopg raises, so this module matters
on PostgreSQL (CI runs it there). It walks the URLconf: every page our apps and allauth
serve is visited by each person who can see it, with NUL-containing and junk values in the
query parameters the views read. Every form found on those pages is then posted once per
field with a NUL byte in that field, and once with a 1 MB value. A typed box must come back
with a clear error and keep everything else the person typed; nothing may be a 500.

Every request runs in a savepoint that is rolled back, so one form's success cannot change
the page the next form is found on.
"""

import copy
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from partners.views.invitations import FRESH_LINK_COOKIE, FRESH_LINK_PATH
from tests.factories import PASSWORD, make_user
from tests.failures.forms import TYPED, forms_on
from tests.resources.builders import staff
from tests.security.matrix import TABLE
from tests.security.patterns import all_patterns
from tests.world import build_world

NUL = "\x00"
MEGABYTE = "x" * 1_000_000
OUR_MODULES = ("partners.", "journal.", "resources.", "allauth.")
# Ours, allauth's (through our templates) and the admin's ways of showing an error.
ERROR_MARKERS = ('class="errors', 'role="alert"', "message-error", "message-warning", "errorlist")


def pages(w):
    """Every walked URL -> [(actor, path)]: who visits it, with real objects in the path.

    The visits are the `walk` of each row of the one URL table (tests.security.matrix);
    actors: anon (signed out), sam (in treatment), alex (supporting), jo (no partner),
    dana (waiting for her partner to accept an invitation; dana2 is her other device),
    editor and reviewer (library staff).
    """
    return {key: row.walk(w) for key, row in TABLE.items() if row.walk is not None}


def overrides(w):
    """URL name -> values a person would choose where the page's defaults are not enough
    to succeed (a box to tick, a wording that differs from the saved one)."""
    return {
        "account_login": {"login": [w.jo.email]},
        "account_delete": {"confirm": ["on"]},
        "partnership_end": {"confirm": ["on"]},
        "invitation_answer": {"confirm": ["on"]},
        "boundary_edit": {"wording": ["We text each other when we get home."]},
        # Retiring asks first; the walk answers the confirmation page's "Yes, retire it".
        "boundary_step": {"retire-confirmed": ["True"]},
        "boundary_answer": {"counter-wording": ["Ask me once, the day after, and then leave it."]},
        "admin:resources_article_add": {"slug": ["typed-article"]},
        # An editorial fact-check carries no clinical credential.
        "admin:resources_revision_review": {"approve-credential": [""]},
    }


# Forms whose baseline cannot succeed in a test: a code from an app or a security key.
# A clinic summary's spoken code is said aloud in the appointment, never on a page.
CANNOT_SUCCEED = {"mfa_activate_totp", "mfa_add_webauthn", "clinic_summary"}


# --- walking the URLconf ------------------------------------------------------------------


def _patterns(resolvers, namespace=""):
    for pattern in resolvers:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or ""), pattern.callback.__module__


def served_url_names():
    """Names of every URL our apps and allauth serve, the library's admin views included."""
    return {
        name
        for name, module in _patterns(get_resolver().url_patterns)
        if module.startswith(OUR_MODULES) and (":" not in name or module.startswith("resources."))
    }


# Query parameters the views read, straight from the source, plus allauth's and some guesses.
_GET_READ = re.compile(r"""GET(?:\.get|\.getlist|\[)\(?\s*["']([\w-]+)["']""")
GUESSED = {"next", "email", "page", "q", "kind", "week", "from", "to", "start", "end", "part"}


def query_parameters():
    names = set(GUESSED)
    root = Path(settings.BASE_DIR)
    for app in ("partners", "journal", "resources"):
        for source in (root / app).rglob("*.py"):
            names.update(_GET_READ.findall(source.read_text()))
    return sorted(names)


# --- people and requests ------------------------------------------------------------------


def _signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    # Recently reauthenticated, so export, deletion and MFA set-up show their forms.
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def actors(world):
    dana = _signed_in(world.dana)
    # Dana's browser holds the fresh link, as it would after she made it.
    from django.core.signing import get_cookie_signer

    signer = get_cookie_signer(salt=FRESH_LINK_COOKIE + FRESH_LINK_COOKIE)
    dana.cookies[FRESH_LINK_COOKIE] = signer.sign(f"{world.invitation.public_id}:{world.token}")
    dana.cookies[FRESH_LINK_COOKIE]["path"] = FRESH_LINK_PATH
    return {
        "anon": Client(raise_request_exception=False),
        "sam": _signed_in(world.sam),
        "alex": _signed_in(world.alex),
        "jo": _signed_in(world.jo),
        "dana": dana,
        "dana2": _signed_in(world.dana),  # on another device: the link is not in this browser
        "editor": _signed_in(world.editor),
        "reviewer": _signed_in(world.reviewer),
    }


def isolated(client, method, path, data=None):
    """One request whose database writes, cookies and rate-limit counts are all undone."""
    cookies = copy.deepcopy(client.cookies)
    cache.clear()
    send = client.get if method == "get" else client.post
    try:
        with transaction.atomic():
            response = send(path, data)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def _failure(response):
    exc = getattr(response, "exc_info", None)
    return f"{exc[0].__name__}: {exc[1]}"[:300] if exc else ""


# --- the tests ----------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def people(world):
    return actors(world)


def visits(world):
    for name, entries in pages(world).items():
        for actor, path in entries:
            yield name, actor, path


def test_every_page_we_serve_is_in_the_walk(world):
    """A page added later fails here until its row in the URL table has a `walk`."""
    listed = set(pages(world))

    assert served_url_names() - listed == set()
    # Beyond the pages we serve, the walk visits only Django's own admin pages that the
    # library's staff work from.
    assert {name for name in listed - served_url_names() if not name.startswith("admin:")} == set()
    assert listed <= set(all_patterns())


def test_the_walk_visits_every_page_it_lists(world):
    """No row's walk is empty, and every visit reaches the row's own URL pattern."""
    patterns = all_patterns()
    wrong = {}
    for name, entries in pages(world).items():
        assert entries, name
        for _actor, path in entries:
            route = resolve(urlsplit(path).path).route
            if route != patterns[name]:
                wrong[path] = (name, route)
    assert wrong == {}


def test_nul_bytes_and_junk_in_query_parameters_are_never_a_500(world, people):
    params = query_parameters()
    problems = []
    for _name, actor, path in visits(world):
        client = people[actor]
        variants = [dict.fromkeys(params, f"1{NUL}")]
        variants += [{param: NUL} for param in params]
        variants.append({f"{param}{NUL}": "1" for param in params})
        variants.append(dict(zip(params, _junk_values(len(params)), strict=True)))
        for query in variants:
            response = isolated(client, "get", path, query)
            if response.status_code >= 500:
                problems.append(
                    f"GET {path} with {', '.join(sorted(map(repr, query))[:3])}… as {actor}: "
                    f"{response.status_code} {_failure(response)}"
                )
    assert problems == [], "\n".join(problems)


def test_a_nul_byte_in_the_path_is_never_a_500(world, people):
    """%00 inside a path segment: converters like <str:token> and allauth's reset key let
    it through to the view."""
    problems = []
    for _name, actor, path in visits(world):
        bare = urlsplit(path).path.rstrip("/")
        for spoiled in (f"{bare}%00/", f"{bare[:-3]}%00{bare[-3:]}/"):
            response = isolated(people[actor], "get", spoiled)
            if response.status_code >= 500:
                problems.append(f"GET {spoiled} as {actor}: {_failure(response)}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", ["/library/", "/home/", "/accounts/login/"])
def test_a_forged_session_cookie_with_a_nul_byte_is_a_signed_out_visit(db, path):
    """Quoted cookie values may spell NUL as \\000 (it passes gunicorn's header checks);
    Django decodes it, and the session lookup used to reach PostgreSQL with it: a 500."""
    client = Client(raise_request_exception=False)

    response = client.get(path, headers={"cookie": 'sessionid="abcdefghij\\000kl"'})

    assert response.status_code in (200, 302), _failure(response)
    assert response.wsgi_request.COOKIES["sessionid"] == f"abcdefghij{NUL}kl"
    assert not response.wsgi_request.user.is_authenticated


def test_every_admin_list_filter_with_a_nul_byte_gets_a_clear_400(db):
    """Django's and allauth's choice filters (a review's kind, a revision's state, an
    authenticator's type) compared the value straight with a text column: three 500s."""
    superuser = make_user(is_staff=True, is_superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    problems = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page = client.get(url).content.decode()
        params = set(_FILTER_LINK.findall(page)) | {"q", "o", "p", "e", "_to_field"}
        for param in sorted(params):
            response = client.get(url, {param: f"a{NUL}b"})
            if response.status_code != 400 or "a null byte" not in response.content.decode():
                problems.append(f"{url}?{param}=NUL: {response.status_code} {_failure(response)}")
    assert problems == [], "\n".join(problems)


_FILTER_LINK = re.compile(r'href="\?(\w+)=')


def test_the_400_page_explains_itself_and_is_not_cached(db):
    editor = staff("Editors", name="Edie")
    client = Client()
    client.force_login(editor)

    response = client.get("/admin/resources/revision/", {"state__exact": NUL})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>We could not understand that address</h1>" in page
    assert "Samaritans" in page  # crisis help is on every page, error pages too
    assert "no-store" in response["Cache-Control"]


def _junk_values(count):
    junk = ["-1", "0", "99999999999999999999", "../../etc", "%", "2024-02-30", "x" * 10_000]
    return [junk[i % len(junk)] for i in range(count)]


def discovered_forms(world, people):
    """[(actor, page, form)] for every distinct form any actor is shown."""
    found, seen = [], set()
    for _name, actor, path in visits(world):
        response = isolated(people[actor], "get", path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(response.content.decode(), urlsplit(path).path):
            key = (actor, *form.key())
            if key not in seen:
                seen.add(key)
                found.append((actor, path, form))
    return found


def _shows_error(html_text):
    return any(marker in html_text for marker in ERROR_MARKERS)


def _kept(html_text, form, data, skip):
    """Typed values (except the spoiled one and passwords) that are no longer on the page."""
    lost = []
    for name in form.names():
        kind = form.kind_of(name)
        if name == skip or kind not in ("text", "textarea", "email", "search", "url", "tel"):
            continue
        for value in data.get(name, []):
            if value and html.escape(value, quote=True) not in html_text and value not in html_text:
                lost.append(name)
    return lost


def url_name(path):
    return resolve(urlsplit(path).path).view_name


def baseline(world, form):
    return {**form.baseline(), **overrides(world).get(url_name(form.action), {})}


def _check_form(client, actor, page, form, base, spoil):
    problems = []
    for name in form.names():
        data = {**base, name: [spoil(value) for value in base.get(name) or [""]]}
        response = isolated(client, form.method, form.action, data)
        where = f"{form.method.upper()} {form.action} [{name}] as {actor} (form on {page})"
        status = response.status_code
        if status >= 500:
            problems.append(f"{where}: {status} {_failure(response)}")
            continue
        if form.method != "post" or form.kind_of(name) not in TYPED:
            continue
        if status in (301, 302, 303):
            problems.append(f"{where}: accepted (redirect to {response['Location']})")
            continue
        page_html = response.content.decode(errors="replace")
        if not _shows_error(page_html):
            problems.append(f"{where}: {status} without an error message")
        if lost := _kept(page_html, form, data, name):
            problems.append(f"{where}: lost what was typed in {lost}")
    # A field nobody asked for, its name spoiled too: ignored, never a 500.
    response = isolated(client, form.method, form.action, {**base, f"junk{NUL}": NUL})
    if response.status_code >= 500:
        problems.append(f"{form.action} extra NUL field as {actor}: {_failure(response)}")
    return problems


def _with_nul(value):
    middle = len(value) // 2
    return f"{value[:middle]}{NUL}{value[middle:]}" if value else f"a{NUL}b"


def test_a_nul_byte_in_any_form_field_is_refused_clearly(world, people):
    problems = []
    for actor, page, form in discovered_forms(world, people):
        base = baseline(world, form)
        problems += _check_form(people[actor], actor, page, form, base, _with_nul)
    assert problems == [], "\n".join(problems)


def test_a_megabyte_in_any_form_field_is_refused_clearly(world, people):
    problems = []
    for actor, page, form in discovered_forms(world, people):
        base = baseline(world, form)
        problems += _check_form(people[actor], actor, page, form, base, lambda value: MEGABYTE)
    assert problems == [], "\n".join(problems)


def test_untouched_forms_succeed_so_each_refusal_is_the_spoiled_fields_doing(world, people):
    """Without this, a form that always failed would pass the tests above for nothing."""
    refused = []
    for actor, _page, form in discovered_forms(world, people):
        name = url_name(form.action)
        if form.method != "post" or name in CANNOT_SUCCEED:
            continue
        if not any(form.kind_of(field) in TYPED for field in form.names()):
            continue
        response = isolated(people[actor], "post", form.action, baseline(world, form))
        if response.status_code != 302:
            refused.append(f"{form.action} as {actor}: {response.status_code}")
    assert refused == [], "\n".join(refused)


def test_every_url_that_takes_a_post_is_reached_through_a_form(world, people):
    """POST-only URLs get their fields from a form on some page; none is left out."""
    reached = {url_name(form.action) for _, _, form in discovered_forms(world, people)}
    post_only = {
        name
        for name, entries in pages(world).items()
        for actor, path in entries
        if isolated(people[actor], "get", path).status_code == 405
    }
    assert post_only - reached == set()
