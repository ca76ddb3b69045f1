"""The application's database role cannot abuse the append-only tables.

The suite runs as the owner of the test database (its flushes TRUNCATE every
table). These tests make an application role for the test database with the
same command a deployment uses (``manage.py db_roles``), connect as it, and
try every way of rewriting history: each statement fails in PostgreSQL's
privilege checks, before any trigger is reached, while reading and appending
work. The owner itself cannot TRUNCATE the append-only tables either: a
trigger stops it unless it deliberately says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from psycopg import errors

ROOT = Path(__file__).resolve().parent.parent

# The append-only tables: the audit log, what the complainant was told, and
# the disclosure record sheet.
APPEND_ONLY = (
    "audit_auditevent",
    "victims_contact",
    "victims_contact_communicated",
    "disclosure_recordentry",
)
# An ordinary table: the application changes its rows, never the table.
ORDINARY = "cases_casefile"


def connect_as(role: str | None, **options: Any) -> psycopg.Connection[Any]:
    """A connection of its own to the test database (as ``role``; None: as the suite)."""
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "dbname": settings["NAME"],
        "user": role or settings["USER"] or None,
        "password": None if role else settings["PASSWORD"] or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **options)


@pytest.fixture(scope="module")
def app_role(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The test database's application role, made by ``manage.py db_roles``."""
    with django_db_blocker.unblock():
        role = f"{connection.settings_dict['NAME']}_app"
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = user")
            row = cursor.fetchone()
        if not (row and row[0]):
            pytest.skip("the test database's owner may not create roles (CREATEROLE)")
        call_command("db_roles", role=role, verbosity=0)
        yield role
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def as_app(app_role: str) -> Iterator[psycopg.Connection[Any]]:
    """The application role's connection, in one transaction rolled back at the end."""
    with connect_as(app_role) as conn:
        yield conn
        conn.rollback()


def refused(conn: psycopg.Connection[Any], statement: str) -> str:
    """Runs ``statement`` in a savepoint; returns PostgreSQL's refusal."""
    with pytest.raises(errors.InsufficientPrivilege) as refusal, conn.transaction():
        conn.execute(statement)
    return str(refusal.value)


def audit_row(conn: psycopg.Connection[Any]) -> int:
    """An audit event, appended as the application appends them."""
    row = conn.execute(
        "INSERT INTO audit_auditevent (at, action, object_type, object_id, user_agent, detail)"
        " VALUES (now(), 'case.view', 'cases.casefile', '1', '', '{}') RETURNING id"
    ).fetchone()
    assert row is not None
    return int(row[0])


# --- What the application may do -------------------------------------------------------


def test_the_application_reads_and_appends_to_the_audit_log(
    as_app: psycopg.Connection[Any],
) -> None:
    event = audit_row(as_app)
    found = as_app.execute("SELECT action FROM audit_auditevent WHERE id = %s", [event])
    assert found.fetchone() == ("case.view",)


@pytest.mark.parametrize("table", APPEND_ONLY[1:])
def test_the_application_reads_and_may_append_to_the_contact_log(
    as_app: psycopg.Connection[Any], app_role: str, table: str
) -> None:
    as_app.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    row = as_app.execute("SELECT has_table_privilege(user, %s, 'INSERT')", [table]).fetchone()
    assert row == (True,)


def test_the_application_changes_rows_of_ordinary_tables(as_app: psycopg.Connection[Any]) -> None:
    # Zero rows, but each statement passes the privilege checks.
    as_app.execute(f"UPDATE {ORDINARY} SET version = version WHERE id = -1")  # noqa: S608
    as_app.execute(f"DELETE FROM {ORDINARY} WHERE id = -1")  # noqa: S608
    as_app.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [ORDINARY])


# --- What it may not --------------------------------------------------------------------


@pytest.mark.parametrize("table", APPEND_ONLY)
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE {table}",
        "TRUNCATE {table} CASCADE",
        "DELETE FROM {table}",
        "UPDATE {table} SET id = id",
        "ALTER TABLE {table} ADD COLUMN note text",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} DISABLE TRIGGER USER",
        "ALTER TABLE {table} OWNER TO CURRENT_USER",
        "DROP TABLE {table}",
        "DROP TABLE {table} CASCADE",
        "CREATE TRIGGER tamper BEFORE INSERT ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
    ],
)
def test_each_tampering_statement_is_refused(
    as_app: psycopg.Connection[Any], statement: str, table: str
) -> None:
    audit_row(as_app)  # a row for DELETE and UPDATE to find, were they allowed
    refusal = refused(as_app, statement.format(table=table))
    # Refused by the role's privileges, not by a trigger further on.
    assert "permission denied" in refusal or "must be owner" in refusal, refusal


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_no_append_only_trigger_can_be_dropped(as_app: psycopg.Connection[Any], table: str) -> None:
    triggers = as_app.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
    ).fetchall()
    assert len(triggers) >= 2, triggers  # UPDATE OR DELETE, and TRUNCATE
    for (trigger,) in triggers:
        assert "must be owner" in refused(as_app, f'DROP TRIGGER "{trigger}" ON {table}')


@pytest.mark.parametrize(
    "statement",
    [
        f"TRUNCATE {ORDINARY}",
        f"ALTER TABLE {ORDINARY} ADD COLUMN note text",
        f"DROP TABLE {ORDINARY} CASCADE",
        "CREATE TABLE public.tamper (id integer)",
        "CREATE FUNCTION public.tamper() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
        "ALTER FUNCTION audit_event_append_only() RENAME TO tampered",
        "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger"
        " LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
        "INSERT INTO django_migrations (app, name, applied) VALUES ('audit', 'x', now())",
        "DELETE FROM django_migrations",
        "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), 1)",
        "CREATE ROLE tamper",
    ],
)
def test_the_tables_and_the_schema_are_the_owner_s(
    as_app: psycopg.Connection[Any], statement: str
) -> None:
    refusal = refused(as_app, statement)
    assert "permission denied" in refusal or "must be owner" in refusal, refusal


def test_the_application_role_owns_nothing_and_has_no_powers(
    as_app: psycopg.Connection[Any],
) -> None:
    attributes = as_app.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls"
        " FROM pg_roles WHERE rolname = user"
    ).fetchone()
    assert attributes == (False, False, False, False, False)
    owned = as_app.execute(
        "SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
        " WHERE rolname = user) UNION ALL SELECT nspname FROM pg_namespace"
        " WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = user)"
    ).fetchall()
    assert owned == []
    table_owner = as_app.execute(
        "SELECT pg_has_role(user, tableowner, 'MEMBER') FROM pg_tables WHERE tablename = %s",
        [APPEND_ONLY[0]],
    ).fetchone()
    assert table_owner == (False,)


# --- The owner, and what later migrations add -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("table", APPEND_ONLY)
def test_the_owner_s_truncate_is_stopped_by_a_trigger(table: str) -> None:
    with connection.cursor() as cursor:
        # The test database allows it for the suite's flushes (tests/conftest.py).
        cursor.execute("SET LOCAL rasso.allow_truncate = off")
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE"), transaction.atomic():
            cursor.execute(f"TRUNCATE {table} CASCADE")
        # Saying so deliberately is the owner's way (the suite's flush).
        cursor.execute("SET LOCAL rasso.allow_truncate = on")
        with transaction.atomic():
            cursor.execute(f"TRUNCATE {table} CASCADE")
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_tables_of_later_migrations_are_granted_by_default(app_role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_table (id bigint GENERATED BY DEFAULT AS IDENTITY)")
        cursor.execute(
            "SELECT has_table_privilege(%(role)s, 'later_table', 'SELECT, INSERT, UPDATE, DELETE'),"
            " has_table_privilege(%(role)s, 'later_table', 'TRUNCATE'),"
            " has_sequence_privilege(%(role)s, pg_get_serial_sequence('later_table', 'id'),"
            " 'USAGE')",
            {"role": app_role},
        )
        assert cursor.fetchone() == (True, False, True)


KEEPING_TRIGGERS = (
    "cases_deadline_next_due_update",
    "cases_deadline_next_due_delete",
    "cases_casefile_next_due_guard",
)


@pytest.mark.django_db
def test_every_append_only_table_is_guarded_and_known(app_role: str) -> None:
    from rasso.audit.roles import append_only_tables

    with connection.cursor() as cursor:
        assert set(append_only_tables(cursor)) == set(APPEND_ONLY)
        # Every table whose rows a trigger protects is one of them. (The
        # triggers that keep a case's next due date from its deadlines write
        # rows rather than protect them: named here, so any other stands out.)
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND t.tgtype & 24 <> 0"  # UPDATE (16) or DELETE (8)
            " AND t.tgname <> ALL(%s)",
            [list(KEEPING_TRIGGERS)],
        )
        assert {name for (name,) in cursor.fetchall()} <= set(APPEND_ONLY)
        for table in APPEND_ONLY:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, 'SELECT, INSERT'),"
                " has_table_privilege(%s, %s, 'UPDATE'), has_table_privilege(%s, %s, 'DELETE')",
                [app_role, table] * 3,
            )
            assert cursor.fetchone() == (True, False, False), table


# --- The commands -----------------------------------------------------------------------


def test_db_roles_is_idempotent(app_role: str, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("db_roles", role=app_role, verbosity=0)
    with connect_as(app_role) as conn:
        assert "permission denied" in refused(conn, f"TRUNCATE {APPEND_ONLY[0]}")


def test_db_roles_refuses_to_make_the_owner_the_application_role(
    django_db_blocker: Any, django_db_setup: None
) -> None:
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        row = cursor.fetchone()
        assert row is not None
        with pytest.raises(CommandError, match="owner"):
            call_command("db_roles", role=row[0], verbosity=0)


def test_db_roles_refuses_a_role_name_it_would_have_to_quote(django_db_setup: None) -> None:
    with pytest.raises(CommandError, match="role name"):
        call_command("db_roles", role='app"; DROP TABLE x; --', verbosity=0)


def test_migrate_connects_as_the_owner_and_the_application_as_itself(app_role: str) -> None:
    # As a deployment runs it: DATABASE_URL names the application role and
    # DATABASE_OWNER_URL the owner. migrate (nothing left to apply) and the
    # grants after it succeed as the owner; the application's own connection
    # is the application role's.
    settings = connection.settings_dict
    server = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    owner = f"{settings['USER']}@" if settings["USER"] else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{app_role}@{server}",
        "DATABASE_OWNER_URL": f"postgres://{owner}{server}",
    }
    who = "from django.db import connection; print(connection.cursor().connection.info.user)"

    def manage(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    migrated = manage("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    assert app_role in migrated.stdout  # the grants' report
    shell = manage("shell", "--no-imports", "-c", who)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.strip() == app_role
    # Without the owner's URL there is no owner to grant with, and db_roles says so.
    alone = manage("db_roles", DATABASE_OWNER_URL="")
    assert alone.returncode != 0
    assert "DATABASE_OWNER_URL" in alone.stderr


def test_the_owner_url_must_name_the_application_s_database() -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://app@localhost/rasso",
        "DATABASE_OWNER_URL": "postgres://owner@localhost/elsewhere",
    }
    setup = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rasso.settings'; django.setup()"
    )
    result = subprocess.run(
        [sys.executable, "-c", setup],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "DATABASE_OWNER_URL must name the same database" in result.stderr
