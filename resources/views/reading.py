"""What a signed-in partner does with an article: mark it read, suggest it, open a suggestion.

Reading marks and suggestions belong to the partnership, reached only through
`partners.access`. Every change is a POST; every redirect goes to a path built here.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from partners.access import couple_required, get_couple_or_404
from resources import suggestions
from resources.forms import ReadMarkForm, SuggestForm
from resources.models import Article, Suggestion
from resources.views.library import render_article


@couple_required(complete=False)
@require_POST
def mark_read(request, slug):
    couple = get_couple_or_404(request)
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = ReadMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That did not work; please try the button again.")
    elif form.cleaned_data["action"] == "read":
        suggestions.mark_read(couple, article)
        if couple.partner_user:
            messages.success(
                request,
                f"Marked as read. {couple.partner_user.name} can see this on their home page.",
            )
        else:
            messages.success(request, "Marked as read.")
    else:
        suggestions.mark_unread(couple, article)
        messages.success(request, "No longer marked as read.")
    return redirect(article.get_absolute_url())


@couple_required
@require_POST
def suggest(request, slug):
    couple = get_couple_or_404(request)
    partner_name = couple.partner_user.name
    form = SuggestForm(request.POST, partner_name=partner_name)
    if not form.is_valid():
        article = get_object_or_404(Article.objects.for_readers(), slug=slug)
        return render_article(request, article, suggest_form=form, status=400)
    # Only its title (for the notice) and its address: not the body.
    article = get_object_or_404(
        Article.objects.published()
        .select_related("live_revision")
        .only("slug", "live_revision__title"),
        slug=slug,
    )
    _, created = suggestions.suggest(couple, article, form.cleaned_data["note"])
    if created:
        messages.success(
            request, f"Suggested to {partner_name}. They'll see it on their home page."
        )
    else:
        messages.success(
            request, f"You had already suggested this to {partner_name}; your note is updated."
        )
    return redirect(article.get_absolute_url())


@couple_required
@require_POST
def open_suggestion(request, public_id):
    couple = get_couple_or_404(request)
    suggestion = couple.get_object_or_404(
        Suggestion.objects.select_related("article"), public_id=public_id
    )
    article = suggestion.article
    if suggestion.suggested_to_id == request.user.pk:
        suggestions.mark_opened(couple, article)
    return redirect(article.get_absolute_url())


@couple_required
@require_GET
def suggestion_link(request, public_id):
    """Where a suggestion's notice and email point: an address that names no article,
    because an email (or a shared screen) must not reveal what was suggested."""
    couple = get_couple_or_404(request)
    suggestion = couple.get_object_or_404(
        Suggestion.objects.select_related("article"), public_id=public_id
    )
    return redirect(suggestion.article.get_absolute_url())
