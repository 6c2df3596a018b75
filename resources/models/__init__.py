"""The reviewed library: articles, revisions, reviews, and what couples do with them."""

from resources.models.articles import (
    Article,
    Category,
    Revision,
    Source,
    published_q,
)
from resources.models.reading import ReadingMark, Suggestion
from resources.models.reviews import Review, WorkflowEvent

__all__ = [
    "Article",
    "Category",
    "ReadingMark",
    "Review",
    "Revision",
    "Source",
    "Suggestion",
    "WorkflowEvent",
    "published_q",
]
