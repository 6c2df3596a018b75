"""The library's part of a person's data export and account deletion (see partners.my_data)."""

from django.db.models import Q

from resources.models import ReadingMark, Suggestion


def export(user, couples):
    return {
        "articles_read": [
            {"article": mark.article.title, "read_at": mark.read_at.isoformat()}
            for mark in ReadingMark.objects.filter(user=user).select_related("article")
        ],
        "suggested_reading": [
            {
                "article": suggestion.article.title,
                "direction": "from me" if suggestion.suggested_by_id == user.pk else "to me",
                "note": suggestion.note,
                "created_at": suggestion.created_at.isoformat(),
                "opened_at": suggestion.opened_at.isoformat() if suggestion.opened_at else None,
            }
            for suggestion in Suggestion.objects.filter(Q(suggested_by=user) | Q(suggested_to=user))
            .select_related("article")
            .order_by("created_at")
        ],
    }


def delete_personal_data(user):
    # Reading marks and suggestions to or from this person cascade with the user row.
    return None
