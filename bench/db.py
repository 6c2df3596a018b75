"""The bench's own PostgreSQL database: created when missing, migrated, rebuilt when stale.

Migrations in the working tree may be rewritten while a part is in development, so the
hash of every applied migration file is remembered: if one changes or disappears, the
database no longer matches the code and is dropped and built again.
"""

import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
MARKER_TABLE = "bench_marker"


def _admin_connection():
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _database_name():
    return settings.DATABASES["default"]["NAME"]


def _start_local_postgresql():
    """On a fresh machine the cluster may be installed but stopped: start it, as CI does."""
    host = settings.DATABASES["default"]["HOST"] or "127.0.0.1"
    clusters = Path("/etc/postgresql")
    if host not in ("127.0.0.1", "localhost") or not shutil.which("pg_ctlcluster"):
        return False
    if not clusters.is_dir() or not any(clusters.iterdir()):
        return False
    version = sorted(p.name for p in clusters.iterdir())[-1]
    print(f"PostgreSQL is not answering; starting cluster {version}/main", flush=True)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
    )
    for _ in range(30):
        try:
            _admin_connection().close()
        except psycopg.OperationalError:
            time.sleep(1)
        else:
            return True
    return False


def create_if_missing():
    name = _database_name()
    try:
        _admin_connection().close()
    except psycopg.OperationalError as error:
        if not _start_local_postgresql():
            sys.exit(f"The bench needs PostgreSQL (DATABASE_URL): {error}")
    with _admin_connection() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")


def drop():
    connection.close()
    name = _database_name()
    with _admin_connection() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    print(f"Dropped database {name}: its migrations no longer match the code")


def migration_hashes():
    hashes = {}
    for app in ("partners", "journal", "resources"):
        for path in sorted((ROOT / app / "migrations").glob("[0-9]*.py")):
            hashes[f"{app}.{path.stem}"] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return hashes


def ensure_marker_table():
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
            "(part text PRIMARY KEY, version text NOT NULL, built_at timestamptz NOT NULL "
            "DEFAULT now(), info jsonb NOT NULL DEFAULT '{}')"
        )


def read_marker(part):
    ensure_marker_table()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, info FROM {MARKER_TABLE} WHERE part = %s",  # noqa: S608
            [part],
        )
        row = cursor.fetchone()
    if row is None:
        return None, {}
    info = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return row[0], info


def write_marker(part, version, info=None):
    ensure_marker_table()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (part, version, info) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, "
            "info = EXCLUDED.info, built_at = now()",
            [part, version, json.dumps(info or {})],
        )


def _stale():
    """True when a migration this database has applied was since rewritten or removed."""
    version, recorded = read_marker("migrations")
    if version is None:
        return False
    current = migration_hashes()
    return any(current.get(name) != digest for name, digest in recorded.items())


def prepare():
    """A migrated database that matches the code in the working tree."""
    create_if_missing()
    if _stale():
        drop()
        create_if_missing()
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except Exception as error:
        print(f"migrate failed ({error}); rebuilding the bench database")
        drop()
        create_if_missing()
        call_command("migrate", interactive=False, verbosity=0)
    write_marker("migrations", "1", migration_hashes())
