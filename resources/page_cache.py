"""Whole-page cache of the public library for visitors who are not signed in.

A visitor's library page is the same for everyone, so it is rendered once and served
from the shared cache. Any save or delete of library content bumps a generation number
that is part of every key, so an approved edit or a withdrawn article shows at once;
the short lifetime bounds anything that changes with the date alone (the "review
overdue" flag). A search is kept per query and page: popular words are asked again and
again. Signed-in people never get these pages: theirs show reading marks, and come from
the couple's page cache (partners/page_cache.py), keyed by this generation too.
"""

import hashlib
import secrets
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

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
