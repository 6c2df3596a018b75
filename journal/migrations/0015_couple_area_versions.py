"""Reading, notices and emails sent raise their own counters instead of the couple's version.

Migration 0014 made every change to a couple's rows raise `Partnership.version`, which
every kept page of the couple depends on. Three kinds of rows change as a side effect of
everyday use far more often than the pages that show them: reading marks and suggestions
(each article read or suggested), notices (nearly every action tells the partner), and
email deliveries. A page that never read them (the check-in history, the boundaries, the
treatment log...) stays true when they change. Their triggers now raise
`library_version`, `notices_version` or `deliveries_version`; partners/page_cache.py records
which of those tables a page read while it was rendered and keeps it only while those
counters, and the version, are what they were.

The partnership row's own trigger still raises `version` on any update of the row, except
one that only raises these counters; and none of the four ever goes down, even when a
stale copy of the row is saved over a newer one.
"""

import importlib

from django.db import migrations

V14 = importlib.import_module("journal.migrations.0014_couple_version_triggers")

# Table -> the Partnership column its changes raise (every other table raises `version`).
AREAS = {
    "resources_readingmark": "library_version",
    "resources_suggestion": "library_version",
    "journal_notice": "notices_version",
    "partners_delivery": "deliveries_version",
}
COUNTERS = sorted(set(AREAS.values()))


def _tables():
    return [row for row in V14.TABLES if row[0] in AREAS]


def _bump(column):
    return f"UPDATE partners_partnership SET {column} = {column} + 1 WHERE "


def _pg_table_function(table, how, column, parent, counter):
    bump = _bump(counter)
    changed = " JOIN old_rows o ON o.id = n.id"
    really = " WHERE n IS DISTINCT FROM o"
    inserted = V14._pg_couples(how, column, parent, "new_rows n", "n")
    deleted = V14._pg_couples(how, column, parent, "old_rows o", "o")
    updated = (
        V14._pg_couples(how, column, parent, "new_rows n" + changed, "n", really)
        + " UNION "
        + V14._pg_couples(how, column, parent, "new_rows n" + changed, "o", really)
    )
    return f"""
        CREATE OR REPLACE FUNCTION alongside_changed_{table}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {bump}id IN ({inserted});
            ELSIF TG_OP = 'UPDATE' THEN
                {bump}id IN ({updated});
            ELSE
                {bump}id IN ({deleted});
            END IF;
            RETURN NULL;
        END $$;
    """


def postgresql_sql():
    never_down = "\n".join(f"NEW.{c} := GREATEST(NEW.{c}, OLD.{c});" for c in COUNTERS)
    only_counters = " AND ".join(f"NEW.{c} = OLD.{c}" for c in COUNTERS)
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION alongside_partnership_version() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {never_down}
            -- Any update but one that only raised a counter is a change of the couple's
            -- own row (or a stale copy saved over it): every page depends on that.
            IF {only_counters} AND NEW.version <= OLD.version THEN
                NEW.version := OLD.version + 1;
            END IF;
            RETURN NEW;
        END $$;
        """
    ]
    for table, how, column, parent in _tables():
        statements.append(_pg_table_function(table, how, column, parent, AREAS[table]))
    return statements


def postgresql_reverse_sql():
    statements = [
        """
        CREATE OR REPLACE FUNCTION alongside_partnership_version() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.version <= OLD.version THEN
                NEW.version := OLD.version + 1;
            END IF;
            RETURN NEW;
        END $$;
        """
    ]
    for table, how, column, parent in _tables():
        statements.append(_pg_table_function(table, how, column, parent, "version"))
    return statements


def _sqlite_table_triggers(counter_of):
    statements = []
    for table, how, column, parent in _tables():
        new = V14._sqlite_lookup(how, column, parent, "NEW")
        old = V14._sqlite_lookup(how, column, parent, "OLD")
        for event, where in (("INSERT", new), ("UPDATE", f"{new} OR {old}"), ("DELETE", old)):
            name = f"alongside_changed_{event.lower()}_{table}"
            statements.append(f"DROP TRIGGER IF EXISTS {name};")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {_bump(counter_of(table))}{where}; END;"
            )
    return statements


def sqlite_sql():
    # Row-level and after the fact: a stale copy may have lowered a counter (set back just
    # below), which is a change of the row like any other, so only a rise is spared.
    only_counters = " AND ".join(f"NEW.{c} <= OLD.{c}" for c in COUNTERS)
    statements = [
        "DROP TRIGGER IF EXISTS alongside_version;",
        f"""
        CREATE TRIGGER alongside_version AFTER UPDATE ON partners_partnership
        FOR EACH ROW WHEN {only_counters} AND NEW.version <= OLD.version
        BEGIN
            UPDATE partners_partnership SET version = OLD.version + 1 WHERE id = NEW.id;
        END;
        """,
    ]
    for counter in COUNTERS:
        statements.append(
            f"""
            CREATE TRIGGER alongside_never_down_{counter} AFTER UPDATE ON partners_partnership
            FOR EACH ROW WHEN NEW.{counter} < OLD.{counter}
            BEGIN
                UPDATE partners_partnership SET {counter} = OLD.{counter} WHERE id = NEW.id;
            END;
            """
        )
    return statements + _sqlite_table_triggers(AREAS.get)


def sqlite_reverse_sql():
    statements = [
        "DROP TRIGGER IF EXISTS alongside_version;",
        """
        CREATE TRIGGER alongside_version AFTER UPDATE ON partners_partnership
        FOR EACH ROW WHEN NEW.version <= OLD.version
        BEGIN
            UPDATE partners_partnership SET version = OLD.version + 1 WHERE id = NEW.id;
        END;
        """,
    ]
    statements += [f"DROP TRIGGER IF EXISTS alongside_never_down_{c};" for c in COUNTERS]
    return statements + _sqlite_table_triggers(lambda table: "version")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0014_couple_version_triggers"),
        ("partners", "0011_partnership_area_versions"),
    ]

    operations = [
        migrations.RunPython(
            V14._run({"postgresql": postgresql_sql, "sqlite": sqlite_sql}),
            V14._run({"postgresql": postgresql_reverse_sql, "sqlite": sqlite_reverse_sql}),
        ),
    ]
