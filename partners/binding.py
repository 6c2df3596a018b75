"""The one way a view binds what was posted to its form.

A GET draws the form empty; a POST, even an empty or partial one, is a submission: the
form is bound, so a missing field shows its message on the page (and the view answers
400) instead of the blank form coming back with 200 as if nothing had been sent. That is
the trap of ``Form(request.POST or None)``: an empty QueryDict is falsy.

It lives in partners/ beside `access.py` because partners is the app every other app
already builds on (journal, resources and partners' own settings views all bind forms),
so nothing has to import "upwards" to use it; it is a module of its own because
`access.py` answers who may see what, not how a form is filled in.
"""

from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, QueryDict

F = TypeVar("F", bound=forms.BaseForm)


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data on a POST (an empty POST included), None on any other method."""
    return request.POST if request.method == "POST" else None


def bind(request: HttpRequest, form_class: type[F], /, *args: Any, **kwargs: Any) -> F:
    """`form_class` bound to the POST data on a POST, unbound otherwise."""
    return form_class(posted(request), *args, **kwargs)


def misses_answers(form: forms.BaseForm) -> bool:
    """True when the submission left out a required answer (an empty or partial POST).

    A value no control on the page could send (a tampered button) is not a missing answer;
    views with only buttons treat that as before, sending the person back with a message.
    """
    return not form.is_valid() and any(
        form.has_error(name, code="required") for name in form.fields
    )


def status_for(form: forms.BaseForm) -> int:
    """The status of a page showing `form`: 400 when it was submitted and is shown again
    (it could not be saved), 200 when it is drawn for the first time."""
    return 400 if form.is_bound else 200
