"""Public pages: the library home, a category, an article, search. No account needed.

Nothing here renders Markdown or runs bleach: article bodies were rendered and
sanitized when they were saved.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from journal.compiled import ID, ID_2, CompiledQuery
from partners.access import current_couple
from partners.page_cache import couple_page
from resources import page_cache
from resources import search as library_search
from resources.forms import SearchForm, SuggestForm
from resources.models import Article, Category, ReadingMark, Suggestion, published_q
from resources.search import clean_query

HOME_PER_CATEGORY = 8
CATEGORY_PER_PAGE = 25
RELATED_LIMIT = 4


def _read_ids(request, article_ids):
    """Ids of the listed articles the signed-in person has marked read (one query)."""
    couple = current_couple(request)
    if couple is None or not article_ids:
        return set()
    return set(
        ReadingMark.objects.filter(
            partnership=couple.partnership, user=request.user, article_id__in=article_ids
        ).values_list("article_id", flat=True)
    )


def _listing():
    """The categories with their first articles, and those articles' ids: the same for
    everybody, kept per process (resources.page_cache.kept)."""
    categories = list(
        Category.objects.annotate(article_count=Count("articles", filter=published_q("articles__")))
        .filter(article_count__gt=0)
        .order_by("order", "name")  # Meta.ordering does not apply to a grouped query
    )
    # The first few articles of every category in one query, however many there are.
    top = list(
        Article.objects.for_lists()
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("category_id")],
                order_by=[F("order").asc(), F("slug").asc()],
            )
        )
        .filter(position__lte=HOME_PER_CATEGORY)
        .order_by("order", "slug")
    )
    by_category = {}
    for article in top:
        by_category.setdefault(article.category_id, []).append(article)
    for category in categories:
        category.top_articles = by_category.get(category.pk, [])
        category.has_more = category.article_count > len(category.top_articles)
    return categories, [article.pk for article in top], _items(top, heading=3)


@require_GET
@page_cache.for_visitors
@couple_page(key_extra=page_cache.generation)
def home(request):
    # "Review overdue" follows the date: the listing's items are kept for the day too.
    categories, article_ids, items = page_cache.kept.get(f"home:{_today()}", _listing)
    read_ids = _read_ids(request, article_ids)
    return render(
        request,
        "resources/home.html",
        {
            "categories": categories,
            "sections": [
                (category, _shown(items, category.top_articles, read_ids))
                for category in categories
            ],
            "search_form": SearchForm(),
            "read_ids": read_ids,
        },
    )


def _today():
    return timezone.localdate().isoformat()


def _items(articles, *, heading, show_category=False, read_too=True):
    """Each listed article's item (resources/partials/article_item.html), rendered once as
    not read and (`read_too`) once as read: the same for everybody, kept with the list."""
    template = get_template("resources/partials/article_item.html")
    context = {"heading": heading, "show_category": show_category}
    as_read = (False, True) if read_too else (False,)
    return {
        article.pk: tuple(
            template.render(
                {**context, "article": article, "read_ids": (article.pk,) if read else ()}
            )
            for read in as_read
        )
        for article in articles
    }


def _shown(items, articles, read_ids):
    """The items of `articles`, each as the person has read it or not."""
    return [items[article.pk][article.pk in read_ids] for article in articles]


@require_GET
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.for_lists().filter(category=category).order_by("order", "slug")
    page = Paginator(articles, CATEGORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/category.html",
        {
            "category": category,
            "page": page,
            "read_ids": _read_ids(request, [article.pk for article in page.object_list]),
        },
    )


@require_GET
@page_cache.for_visitors(params=("q", "page"))
@couple_page(key_extra=page_cache.generation)
def search(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    number = library_search.requested_page(request.GET.get("page"))
    if request.user.is_authenticated:
        # The same words and page find the same articles for everybody: kept per process
        # (with their items, for the day: "Review overdue" follows the date). Visitors'
        # plain searches are whole pages in the shared cache (page_cache.for_visitors).
        results, items = page_cache.searches.get(
            f"{_today()}:{number}:{query}", lambda: _searched(query, number)
        )
    else:
        results, items = _searched(query, number, read_too=False)
    page = results.page
    listed = page.object_list if page else []
    read_ids = _read_ids(request, [a.pk for a in listed])
    return render(
        request,
        "resources/search.html",
        {
            "search_form": SearchForm(initial={"q": query}),
            "asked": bool(raw.strip()),
            "results": results,
            "page": page,
            "items": _shown(items, listed, read_ids),
            "read_ids": read_ids,
        },
    )


def _searched(query, number, read_too=True):
    results = library_search.search(query, number)
    listed = results.page.object_list if results.page else []
    return results, _items(listed, heading=2, show_category=True, read_too=read_too)


@require_GET
@page_cache.for_visitors
@couple_page(key_extra=page_cache.generation)
def article(request, slug):
    # "Review overdue" follows the date: the article's parts are kept for the day too.
    article, sources, related, fragments = page_cache.kept.get(
        f"article:{slug}:{timezone.localdate().isoformat()}", lambda: _article_parts(slug)
    )
    return render_article(request, article, sources=sources, related=related, fragments=fragments)


def _article_parts(slug):
    """The article with its review, sources and related articles, and the parts of the page
    made of them alone: the same for everybody, kept per process (resources.page_cache
    .kept). A 404 is not kept."""
    article = get_object_or_404(Article.objects.for_readers(), slug=slug)
    revision = article.live_revision
    sources, related = list(revision.sources.all()), related_articles(article)
    shown = {"article": article, "revision": revision, "review": revision.last_review}
    fragments = {
        "article_main": render_to_string(
            "resources/partials/article_main.html", {**shown, "sources": sources}
        ),
        "article_related": render_to_string(
            "resources/partials/article_related.html", {**shown, "related": related}
        ),
    }
    return article, sources, related, fragments


def related_articles(article):
    related = list(article.related.for_lists().order_by("category__order", "order")[:RELATED_LIMIT])
    if related:
        return related
    # Nothing chosen by the writer: the nearest neighbours in the same category.
    return list(
        Article.objects.for_lists()
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)
        .order_by("order", "slug")[: RELATED_LIMIT - 1]
    )


def render_article(
    request, article, *, sources=None, related=None, fragments=None, suggest_form=None, status=200
):
    """The article page; also re-rendered with a suggestion form's errors (status 400).

    `fragments` are the parts of the page already rendered from the article alone
    (`_article_parts`); without them the template renders those parts itself.
    """
    revision = article.live_revision
    context = {
        "article": article,
        "revision": revision,
        "review": revision.last_review,
        "sources": list(revision.sources.all()) if sources is None else sources,
        "related": related_articles(article) if related is None else related,
        **(fragments or {}),
    }
    couple = current_couple(request)
    if couple is not None:
        context.update(_couple_context(couple, article, suggest_form))
    return render(request, "resources/article.html", context, status=status)


def _marks_of(partnership_id, article_id):
    return ReadingMark.objects.filter(partnership_id=partnership_id, article_id=article_id)


def _suggestions_of(partnership_id, article_id):
    # Recent suggestions of this article either way; opened ones still show their note.
    return Suggestion.objects.filter(partnership_id=partnership_id, article_id=article_id).order_by(
        "-created_at"
    )[:10]


# The couple's part of an article page: the same two statements on every signed-in render,
# compiled once per process (journal.compiled).
MARKS_OF_ARTICLE = CompiledQuery(_marks_of, partnership_id=ID, article_id=ID_2)
SUGGESTIONS_OF_ARTICLE = CompiledQuery(_suggestions_of, partnership_id=ID, article_id=ID_2)


def _couple_context(couple, article, suggest_form):
    ids = {"partnership_id": couple.partnership.pk, "article_id": article.pk}
    marks = {mark.user_id: mark for mark in MARKS_OF_ARTICLE.rows(**ids)}
    suggestions = SUGGESTIONS_OF_ARTICLE.rows(**ids)
    partner = couple.partner_user
    context = {
        "couple": couple,
        "my_mark": marks.get(couple.user.pk),
        "partner_mark": marks.get(partner.pk) if partner else None,
        "suggested_to_me": next(
            (s for s in suggestions if s.suggested_to_id == couple.user.pk), None
        ),
        "suggested_by_me": next(
            (s for s in suggestions if s.suggested_by_id == couple.user.pk and s.opened_at is None),
            None,
        ),
    }
    if partner is not None:
        context["suggest_form"] = suggest_form or SuggestForm(partner_name=partner.name)
    return context
