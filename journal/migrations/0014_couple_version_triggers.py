"""Database triggers that raise a partnership's `version` whenever its couple's rows change.

Why triggers and not Django signals: many writes are `QuerySet.update()` calls (every
compare-and-set, marking notices read, revoking links), bulk inserts and cascades, none of
which send signals. A trigger sees every insert, update and delete, however it is made, in
the same transaction as the change, so the couple's page cache (partners/page_cache.py) can
never serve a page older than the data.

Each table reaches its couple one of three ways: its own `partnership_id`, a parent row that
has one, or a person (whose partnerships all change when their name does). PostgreSQL runs
one statement-level trigger per table and event, so a bulk insert raises a version once per
statement; SQLite (development only) runs row-level triggers. The partnership row's own
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


def _pg_lookup(how, column, parent, rows):
    if how == DIRECT:
        return f"id IN (SELECT {column} FROM {rows})"
    if how == PARENT:
        return f"id IN (SELECT p.partnership_id FROM {parent} p JOIN {rows} r ON p.id = r.{column})"
    return (
        "id IN (SELECT m.partnership_id FROM partners_membership m "
        f"JOIN {rows} r ON m.user_id = r.{column})"
    )


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
    for table, how, column, parent in TABLES:
        new = _pg_lookup(how, column, parent, "new_rows")
        old = _pg_lookup(how, column, parent, "old_rows")
        statements.append(
            f"""
            CREATE FUNCTION alongside_changed_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    {BUMP}{new};
                ELSIF TG_OP = 'UPDATE' THEN
                    {BUMP}{new} OR {old};
                ELSE
                    {BUMP}{old};
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
