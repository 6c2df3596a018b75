"""Whole-page cache of the public library for visitors who are not signed in.

A visitor's library page is the same for everyone, so it is rendered once and served
from the shared cache. Any save or delete of library content bumps a generation number
that is part of every key, so an approved edit or a withdrawn article shows at once;
the short lifetime bounds anything that changes with the date alone (the "review
overdue" flag). Signed-in people always get a live page: theirs shows reading marks.
"""

from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

GENERATION_KEY = "library:generation"
LIFETIME = 10 * 60
# Reading marks and suggestions belong to couples; they do not change public pages.
PRIVATE_MODELS = {"readingmark", "suggestion"}


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 1, None)


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


def for_visitors(view):
    """Serve `view` from the cache to visitors; never to signed-in people."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated or request.GET or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = f"library:page:{generation()}:{request.path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response, LIFETIME)
        return response

    return wrapper
