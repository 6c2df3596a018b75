"""Database triggers that raise a partnership's `version` whenever its couple's rows change.

Why triggers and not Django signals: many writes are `QuerySet.update()` calls (every
compare-and-set, marking notices read, revoking links), bulk inserts and cascades, none of
which send signals. A trigger sees every insert, update and delete, however it is made, in
the same transaction as the change, so the couple's page cache (partners/page_cache.py) can
never serve a page older than the data.

Each table reaches its couple one of three ways: its own `partnership_id`, a parent row that
has one, or a person (whose partnerships all change when their name does). PostgreSQL runs
one statement-level trigger per table and event, so a bulk insert raises a version once per
statement, and an update raises it only for rows whose values really changed (the same note
saved twice changes no page); SQLite (development only) runs row-level triggers on every
update. The partnership row's own
trigger makes the version go up on any update of the row and never down, even when a stale
copy of the row is saved over a newer one.

tests/partners/test_couple_version.py checks that every table holding couple data is listed
here, and that a write of each kind raises the version.
"""

from django.db import migrations

DIRECT = "partnership"
PARENT = "parent"
PERSON = "person"

# (table, how it reaches its couple, column, parent table)
TABLES = [
    ("partners_membership", DIRECT, "partnership_id", None),
    ("partners_invitation", DIRECT, "partnership_id", None),
    ("journal_boundary", DIRECT, "partnership_id", None),
    ("journal_checkin", DIRECT, "partnership_id", None),
    ("journal_checkinreminder", DIRECT, "partnership_id", None),
    ("journal_clinicsharelink", DIRECT, "partnership_id", None),
    ("journal_notice", DIRECT, "partnership_id", None),
    ("journal_safetyalert", DIRECT, "partnership_id", None),
    ("journal_safetyplan", DIRECT, "partnership_id", None),
    ("journal_safetyplansuggestion", DIRECT, "partnership_id", None),
    ("journal_treatmententry", DIRECT, "partnership_id", None),
    ("resources_readingmark", DIRECT, "partnership_id", None),
    ("resources_suggestion", DIRECT, "partnership_id", None),
    ("journal_boundaryevent", PARENT, "boundary_id", "journal_boundary"),
    ("journal_boundarycheck", PARENT, "checkin_id", "journal_checkin"),
    ("journal_checkinrevision", PARENT, "checkin_id", "journal_checkin"),
    ("journal_cliniclinkopening", PARENT, "link_id", "journal_clinicsharelink"),
    ("partners_user", PERSON, "id", None),
    ("partners_securityevent", PERSON, "user_id", None),
    ("partners_delivery", PERSON, "recipient_id", None),
]

BUMP = "UPDATE partners_partnership SET version = version + 1 WHERE "


def _pg_couples(how, column, parent, rows, alias, where=""):
    """SELECT of the partnership ids the rows `rows` (as `alias`) belong to."""
    if how == DIRECT:
        return f"SELECT {alias}.{column} FROM {rows}{where}"
    if how == PARENT:
        join = f"JOIN {parent} p ON p.id = {alias}.{column}"
        return f"SELECT p.partnership_id FROM {rows} {join}{where}"
    join = f"JOIN partners_membership m ON m.user_id = {alias}.{column}"
    return f"SELECT m.partnership_id FROM {rows} {join}{where}"


def _sqlite_lookup(how, column, parent, row):
    if how == DIRECT:
        return f"id = {row}.{column}"
    if how == PARENT:
        return f"id = (SELECT partnership_id FROM {parent} WHERE id = {row}.{column})"
    return f"id IN (SELECT partnership_id FROM partners_membership WHERE user_id = {row}.{column})"


def postgresql_sql():
    statements = [
        """
        CREATE FUNCTION alongside_partnership_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.version <= OLD.version THEN
                NEW.version := OLD.version + 1;
            END IF;
            RETURN NEW;
        END $$;
        """,
        """
        CREATE TRIGGER alongside_version BEFORE UPDATE ON partners_partnership
        FOR EACH ROW EXECUTE FUNCTION alongside_partnership_version();
        """,
    ]
    # An UPDATE raises the version only of couples whose rows really changed: saving a
    # row with the values it already had (the same note sent twice) changes no page.
    changed = " JOIN old_rows o ON o.id = n.id"
    really = " WHERE n IS DISTINCT FROM o"
    for table, how, column, parent in TABLES:
        inserted = _pg_couples(how, column, parent, "new_rows n", "n")
        deleted = _pg_couples(how, column, parent, "old_rows o", "o")
        updated = (
            _pg_couples(how, column, parent, "new_rows n" + changed, "n", really)
            + " UNION "
            + _pg_couples(how, column, parent, "new_rows n" + changed, "o", really)
        )
        statements.append(
            f"""
            CREATE FUNCTION alongside_changed_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    {BUMP}id IN ({inserted});
                ELSIF TG_OP = 'UPDATE' THEN
                    {BUMP}id IN ({updated});
                ELSE
                    {BUMP}id IN ({deleted});
                END IF;
                RETURN NULL;
            END $$;
            """
        )
        for event, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            statements.append(
                f"CREATE TRIGGER alongside_changed_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION alongside_changed_{table}();"
            )
    return statements


def postgresql_reverse_sql():
    statements = [
        "DROP TRIGGER IF EXISTS alongside_version ON partners_partnership;",
        "DROP FUNCTION IF EXISTS alongside_partnership_version();",
    ]
    for table, *_ in TABLES:
        for event in ("insert", "update", "delete"):
            statements.append(f"DROP TRIGGER IF EXISTS alongside_changed_{event} ON {table};")
        statements.append(f"DROP FUNCTION IF EXISTS alongside_changed_{table}();")
    return statements


def sqlite_sql():
    statements = [
        """
        CREATE TRIGGER alongside_version AFTER UPDATE ON partners_partnership
        FOR EACH ROW WHEN NEW.version <= OLD.version
        BEGIN
            UPDATE partners_partnership SET version = OLD.version + 1 WHERE id = NEW.id;
        END;
        """
    ]
    for table, how, column, parent in TABLES:
        new = _sqlite_lookup(how, column, parent, "NEW")
        old = _sqlite_lookup(how, column, parent, "OLD")
        for event, where in (
            ("INSERT", new),
            ("UPDATE", f"{new} OR {old}"),
            ("DELETE", old),
        ):
            statements.append(
                f"CREATE TRIGGER alongside_changed_{event.lower()}_{table} AFTER {event} "
                f"ON {table} FOR EACH ROW BEGIN {BUMP}{where}; END;"
            )
    return statements


def sqlite_reverse_sql():
    statements = ["DROP TRIGGER IF EXISTS alongside_version;"]
    for table, *_ in TABLES:
        for event in ("insert", "update", "delete"):
            statements.append(f"DROP TRIGGER IF EXISTS alongside_changed_{event}_{table};")
    return statements


def _run(statements_for):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_for:
            raise RuntimeError(f"No couple-version triggers written for {vendor}.")
        for statement in statements_for[vendor]():
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0013_clinic_wrong_code_cap"),
        ("partners", "0010_partnership_version"),
        ("resources", "0006_search_published_only"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": postgresql_sql, "sqlite": sqlite_sql}),
            _run({"postgresql": postgresql_reverse_sql, "sqlite": sqlite_reverse_sql}),
        ),
    ]
