"""The editors' and reviewers' side of the library, in Django's admin."""

from resources.admin import articles, revisions  # noqa: F401 - registers the model admins
