"""Whole-page cache of the public library for visitors who are not signed in.

A visitor's library page is the same for everyone, so it is rendered once and served
from the shared cache. Any save or delete of library content bumps a generation number
that is part of every key, so an approved edit or a withdrawn article shows at once;
the short lifetime bounds anything that changes with the date alone (the "review
overdue" flag). A search is kept per query and page: popular words are asked again and
again. Signed-in people never get these pages: theirs show reading marks, and come from
the couple's page cache (partners/page_cache.py), keyed by this generation too.

What a signed-in page builds from library content alone (the home's listing, an article
with its sources and related reading, a page of search results, and their rendered
parts) is kept in each process's memory (`kept`, `searches`) for the same generation and
lifetime, so a page rendered afresh after a change to the couple's data only reads and
draws the couple's part. Nothing of any couple is kept there.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from resources.models.articles import clinical_only

GENERATION_KEY = "library:generation"
LIFETIME = 10 * 60
# A search longer than this (resources.search.MAX_QUERY_LENGTH is shorter) renders live.
LONGEST_KEPT_VALUE = 300
# Reading marks and suggestions belong to couples; they do not change public pages.
PRIVATE_MODELS = {"readingmark", "suggestion"}


def _first_generation():
    # A cache emptied (a restart of Redis, each test) starts a series no process has seen:
    # a listing kept in a process's memory under an old number (resources.views.library)
    # can never be taken for the library as it is now.
    return secrets.randbelow(2**40) + 1


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _first_generation(), None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _first_generation(), None)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _content_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta and meta.app_label == "resources" and meta.model_name not in PRIVATE_MODELS:
        bump()
        # Again once the change is committed: a page rendered in between, from the data
        # before the commit, would otherwise be kept under the new generation.
        transaction.on_commit(bump)


class _Kept:
    """What a page builds from library content alone, kept in this process's memory.

    Each value is kept for the library's generation and the clinical-only setting it was
    built under, and at most LIFETIME; the least recently used go first beyond `size`.
    Values are shared by every request of the process: they must only be read once built.
    """

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name, build):
        # The generation is read before building: a change committed meanwhile bumps it
        # again, so what was built from the data before it is never kept as current.
        key = (generation(), clinical_only())
        now = time.monotonic()
        with self._lock:
            kept = self._values.get(name)
            if kept is not None and kept[0] == key and kept[1] > now:
                self._values.move_to_end(name)
                return kept[2]
        value = build()
        with self._lock:
            self._values[name] = (key, now + LIFETIME, value)
            self._values.move_to_end(name)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._values.clear()


# The library home's listing and the few hundred articles read most recently (each ~10-50
# KB with its body): a signed-in page, rendered afresh after any change to the couple's
# data, then costs only the couple's own queries.
kept = _Kept(size=300)
# Searches apart, so that many different words never push the articles out.
searches = _Kept(size=300)


def for_visitors(view=None, *, params=()):
    """Serve `view` from the cache to visitors; never to signed-in people.

    `params` names the query-string values the page reads (a search's words and page
    number): each combination is a page of its own. Any other parameter, a repeated one or
    a value longer than a search can be renders the page live, so odd input is never kept.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.user.is_authenticated
                or not _plain_query(request, params)
                or len(get_messages(request))
            ):
                return view(request, *args, **kwargs)
            key = f"library:page:{generation()}:{request.path}:{_query_key(request, params)}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200:
                    cache.set(key, response, LIFETIME)
            return response

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def _plain_query(request, params):
    if not set(request.GET) <= set(params):
        return False
    return all(
        len(values) == 1 and len(values[0]) <= LONGEST_KEPT_VALUE and "\x00" not in values[0]
        for _name, values in request.GET.lists()
    )


def _query_key(request, params):
    if not request.GET:
        return ""
    text = "\x1f".join(f"{name}={request.GET.get(name, '')}" for name in params)
    return hashlib.sha256(text.encode()).hexdigest()
