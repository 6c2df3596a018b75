"""The couple query runs on every signed-in request: compiled once, same rows and rules."""

from unittest import mock

from django.db.models.sql.compiler import SQLCompiler

from partners.access import active_membership_rows, couple_rows, load_couple


def _as_dicts(rows):
    return sorted(
        (
            row.pk,
            row.user_id,
            row.user.email,
            row.partnership_id,
            row.partnership.pk,
            row.role,
            row.has_unseen_alert,
            row.unread_notices,
        )
        for row in rows
    )


def test_same_rows_as_the_orm_for_members_strangers_and_loners(
    in_treatment, supporting, stranger, loner
) -> None:
    for user in (in_treatment, supporting, stranger, loner):
        assert _as_dicts(couple_rows(user.pk)) == _as_dicts(active_membership_rows(user.pk))


def test_another_couples_rows_never_come_with_mine(in_treatment, stranger) -> None:
    mine = couple_rows(in_treatment.pk)
    assert len(mine) == 2
    assert stranger.pk not in {row.user_id for row in mine}


def test_loading_the_couple_compiles_no_sql_after_the_first_time(in_treatment, supporting) -> None:
    load_couple(in_treatment)  # may compile, once per process
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        couple = load_couple(supporting)
    assert as_sql.call_count == 0
    assert couple is not None and couple.partner is not None
    assert couple.me.user == supporting
    assert couple.partner.user == in_treatment


def test_signed_in_request_compiles_no_couple_query(client, in_treatment) -> None:
    client.force_login(in_treatment)
    client.get("/")  # warm
    compiled: list[str] = []
    original = SQLCompiler.as_sql

    def spy(self, *args, **kwargs):
        sql, params = original(self, *args, **kwargs)
        compiled.append(sql)
        return sql, params

    with mock.patch.object(SQLCompiler, "as_sql", spy):
        client.get("/")
    assert not any('"partners_membership"' in sql and "EXISTS" in sql for sql in compiled)
