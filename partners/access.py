"""The one door to a couple's data.

Every view in every app that reads or writes couple data gets the couple through
`get_couple_or_404` (or the `couple_required` decorator that calls it) and then filters
by `couple.partnership`. A person outside the partnership gets a 404, never a 403 that
would confirm the thing exists.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast, overload

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from partners import prepared
from partners.models import Membership, Partnership, Role, User

M = TypeVar("M", bound=Model)
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

ROLE_REFUSALS = {
    Role.IN_TREATMENT: "Only the partner in treatment can do this.",
    Role.SUPPORTING: "Only the supporting partner can do this.",
}


@dataclass(frozen=True)
class Couple:
    """The signed-in person's active partnership, seen from their side."""

    partnership: Partnership
    me: Membership
    partner: Membership | None

    @property
    def unread_notices(self) -> int:
        """How many of my notices are unread, as counted when the couple was loaded."""
        return getattr(self.me, "unread_notices", 0)

    @property
    def is_complete(self) -> bool:
        return self.partner is not None

    @property
    def user(self) -> User:
        # `me` was loaded by the signed-in person's own id, so its user is never None.
        assert self.me.user is not None
        return self.me.user

    @property
    def partner_user(self) -> User | None:
        return self.partner.user if self.partner else None

    @property
    def partner_name(self) -> str:
        """The partner's name; "" before they join (or once their account is gone)."""
        user = self.partner_user
        return user.name if user else ""

    @property
    def in_treatment(self) -> Membership | None:
        """The membership of the partner in treatment (either side may be asking)."""
        return self.me if self.me.is_in_treatment else self.partner

    @property
    def supporting(self) -> Membership | None:
        return self.me if self.me.is_supporting else self.partner

    @property
    def in_treatment_user(self) -> User:
        """The person in treatment, in a complete couple (what the door gives a view)."""
        return _person(self.in_treatment)

    @property
    def supporting_user(self) -> User:
        """The supporting partner, in a complete couple (what the door gives a view)."""
        return _person(self.supporting)

    def member_for(self, user: AbstractBaseUser) -> Membership | None:
        for membership in (self.me, self.partner):
            if membership and membership.user_id == user.pk:
                return membership
        return None

    def get_object_or_404(self, queryset: QuerySet[M], **lookup: Any) -> M:
        """Fetch one row of this couple's data; anything else, or nothing, is a 404."""
        return get_object_or_404(queryset.filter(partnership=self.partnership), **lookup)

    def require_role(self, role: Role) -> None:
        """A 403 for the other partner.

        In a view whose URL names an object, call it after fetching that object: another
        couple's id must be a 404 whoever asks, never a 403 that depends on the role.
        """
        if self.me.role != role:
            raise PermissionDenied(ROLE_REFUSALS[role])


def _person(membership: Membership | None) -> User:
    if membership is None or membership.user is None:
        raise LookupError("The partner has not joined this space (or has left it).")
    return membership.user


class CoupleRequest(HttpRequest):
    """What a view behind `couple_required` receives: a signed-in person and their couple.

    Only a type: at run time it is the ordinary request, to which the decorator has added
    `couple`. Annotate a view's first parameter with it to read `request.couple` typed.
    """

    user: User
    couple: Couple


def active_membership_rows(user_id: int) -> QuerySet[Membership]:
    """Both memberships (with users and partnership) of this person's active partnership."""
    return (
        Membership.objects.filter(
            left_at__isnull=True,
            partnership__ended_at__isnull=True,
            partnership__members__user_id=user_id,
            partnership__members__left_at__isnull=True,
        )
        .select_related("partnership", "user")
        .annotate(
            # Whether the person has an urgent alert from their partner not yet marked as seen:
            # read with the couple, so pinning alerts to every page costs no query of its own.
            has_unseen_alert=Exists(
                apps.get_model("journal", "SafetyAlert").objects.filter(
                    recipient_id=OuterRef("user_id"),
                    partnership_id=OuterRef("partnership_id"),
                    seen_at__isnull=True,
                )
            ),
            # The unread count in the navigation, read with the couple for the same reason
            # (a partial index on unread notices keeps it cheap however many are read).
            unread_notices=Coalesce(
                Subquery(
                    apps.get_model("journal", "Notice")
                    .objects.filter(
                        recipient_id=OuterRef("user_id"),
                        partnership_id=OuterRef("partnership_id"),
                        read_at__isnull=True,
                    )
                    .order_by()
                    .values("recipient_id")
                    .annotate(total=Count("pk"))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )


# A user id no row has: the couple query is built and compiled once per process and
# database with it, and each request runs that same SQL with its own user id in its place.
_PLACEHOLDER_USER_ID = -914_271_003
_compiled_couple_queries: dict[tuple[str, str], tuple[Any, str, list[Any], int]] = {}


def _compiled_couple_query(using: str) -> tuple[Any, str, list[Any], int]:
    """The compiler, SQL, parameters and the user id's position of `active_membership_rows`."""
    connection = connections[using]
    key = (using, connection.vendor)
    cached = _compiled_couple_queries.get(key)
    if cached is None:
        compiler = active_membership_rows(_PLACEHOLDER_USER_ID).query.get_compiler(using)
        sql, params = compiler.as_sql()
        positions = [i for i, value in enumerate(params) if value == _PLACEHOLDER_USER_ID]
        if len(positions) != 1:  # pragma: no cover - a change to the query's shape
            raise RuntimeError("The couple query must take the user id exactly once.")
        cached = (compiler, sql, list(params), positions[0])
        _compiled_couple_queries[key] = cached
    return cached


def couple_rows(user_id: int, using: str = "default") -> list[Membership]:
    """`active_membership_rows(user_id)`, evaluated from SQL compiled once per process.

    Loading the couple runs on every signed-in request, and building and compiling its
    queryset cost ~5x running it (bench/findings.md). The SQL is exactly the ORM's for
    `active_membership_rows`, so its privacy rules stay written in one place, above.
    """
    compiler, sql, params, position = _compiled_couple_query(using)
    params = list(params)
    params[position] = user_id
    with prepared.cursor(using) as cursor:
        cursor.execute(sql, params)
        results = cursor.fetchall()
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    start = klass_info["select_fields"][0]
    end = klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, using)
    rows: list[Membership] = []
    for row in compiler.results_iter(results=[results]):
        obj = Membership.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position_in_row in (annotation_col_map or {}).items():
            setattr(obj, name, row[position_in_row])
        rows.append(obj)
    return rows


def load_couple(user: AbstractBaseUser | AnonymousUser) -> Couple | None:
    """The person's active couple, in one query, or None."""
    if not user.is_authenticated:
        return None
    rows = couple_rows(user.pk)
    me = next((row for row in rows if row.user_id == user.pk), None)
    if me is None:
        return None
    partner = next((row for row in rows if row.user_id != user.pk), None)
    return Couple(partnership=me.partnership, me=me, partner=partner)


_NOT_LOADED = object()


def current_couple(request: HttpRequest) -> Couple | None:
    """The couple of the person making the request, or None; loaded once per request."""
    # A cache on the request (and, from the authentication backend, on the user): attributes
    # Django's classes do not declare, so they are read and written by name.
    cached = getattr(request, "_alongside_couple", _NOT_LOADED)
    if cached is _NOT_LOADED:
        # The authentication backend may already have loaded it with the user.
        preloaded = getattr(request.user, "_alongside_couple", _NOT_LOADED)
        cached = load_couple(request.user) if preloaded is _NOT_LOADED else preloaded
        setattr(request, "_alongside_couple", cached)  # noqa: B010
    return cast(Couple | None, cached)


def get_couple_or_404(request: HttpRequest) -> Couple:
    """This person's couple or a 404."""
    couple = current_couple(request)
    if couple is None:
        raise Http404("No partnership.")
    return couple


# --- After a partnership: one's own archive --------------------------------------------------


def former_memberships(user: User) -> QuerySet[Membership]:
    """This person's places in partnerships that have closed (or that they left), newest first.

    The door to their own archive: what they wrote in those spaces is reached through these
    memberships and filtered by author, never by the partnership alone, so nothing the
    former partner wrote comes through it.
    """
    return (
        Membership.objects.filter(user=user)
        .filter(Q(left_at__isnull=False) | Q(partnership__ended_at__isnull=False))
        .select_related("partnership")
        # PostgreSQL sorts NULLs first in a descending order; one who left a space that
        # is still open (no end date) comes after the spaces that closed.
        .order_by(F("partnership__ended_at").desc(nulls_last=True), "-pk")
    )


# Fields of a form that are never a person's writing: keys, versions, where to go back to.
_NOT_WRITING = re.compile(r"(^|[-_])(csrfmiddlewaretoken|submission_key|version|back_to)$")
_LONGEST_KEPT = 20_000


def unsaved_writing(request: HttpRequest) -> list[str]:
    """What the person typed into a form that could not be saved, to show them back.

    A choice or a code is one word; a person's writing has a space in it, or is long.
    """
    if request.method != "POST":
        return []
    texts = []
    for name, values in request.POST.lists():
        if _NOT_WRITING.search(name):
            continue
        for value in values:
            text = value.replace("\x00", "").strip()
            if " " in text or len(text) >= 30:
                texts.append(text[:_LONGEST_KEPT])
    return texts


def closed_space_page(request: HttpRequest, status: int = 200) -> HttpResponse | None:
    """The calm page for someone whose shared space has closed, or None if theirs never did.

    Said instead of a bare 404 on every shared page: when the space closed, what they still
    have, and how to start again. A URL that named one of the shared space's objects keeps
    its 404 status (it may be the former partner's writing), with the same calm words.
    """
    # Called only behind sign-in (the door, and the safety pages that check it first).
    latest = former_memberships(cast(User, request.user)).first()
    if latest is None:
        return None
    # A form sent just after the space closed was not saved: what was typed is shown back.
    context = {"closed": latest, "unsaved": unsaved_writing(request)}
    return render(request, "partners/closed_space.html", context, status=status)


# A view behind the door: its first parameter is a `CoupleRequest`; the URL's arguments follow.
CoupleView = Callable[Concatenate[CoupleRequest, P], R]
# What the URLconf calls: any request; the door answers for the signed-out and the uncoupled.
RequestView = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


@overload
def couple_required(view: CoupleView[P, R], /) -> RequestView[P]: ...


@overload
def couple_required(
    view: None = None, /, *, complete: bool = True, role: Role | None = None
) -> Callable[[CoupleView[P, R]], RequestView[P]]: ...


def couple_required(
    view: CoupleView[P, R] | None = None,
    /,
    *,
    complete: bool = True,
    role: Role | None = None,
) -> RequestView[P] | Callable[[CoupleView[P, R]], RequestView[P]]:
    """Sign-in, an active partnership (complete unless told otherwise) and, optionally, a role.

    A person who has started a partnership but whose partner has not joined yet is sent
    to the dashboard, which tells them what to do next. A wrong role is a 403: both
    partners already know the page exists, so nothing is revealed. Views whose URL names
    an object check the role themselves, after the object (see `Couple.require_role`).

    The view is handed the couple on its request: `def view(request: CoupleRequest, ...)`
    reads `request.couple` (a `Couple`) and `request.user` (a signed-in `User`).
    """

    def decorator(view_func: CoupleView[P, R]) -> RequestView[P]:
        @login_required
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            couple = current_couple(request)
            if couple is None:
                page = closed_space_page(request, status=404 if kwargs else 200)
                if page is not None:
                    return page
                raise Http404("No partnership.")
            if complete and not couple.is_complete:
                return redirect("dashboard")
            if role is not None:
                couple.require_role(role)
            setattr(request, "couple", couple)  # noqa: B010  # what makes it a CoupleRequest
            return view_func(cast(CoupleRequest, request), *args, **kwargs)

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator
