"""The two PostgreSQL roles: the owner of the tables, and the application.

Migrations run as the owner (``DATABASE_OWNER_URL``); the web process, the
workers and beat connect as the application role (``DATABASE_URL``), which
owns nothing and may only:

- SELECT, INSERT, UPDATE and DELETE rows of the ordinary tables;
- SELECT and INSERT rows of the append-only tables (the tables guarded by
  ``append_only_refuse_truncate()``, rasso/audit/migrations/0003): the audit
  log and the contact log;
- SELECT the record of applied migrations;
- take numbers from the sequences (USAGE: nextval, never setval).

So it cannot TRUNCATE, ALTER, DROP, add or disable triggers, or rewrite the
append-only tables, whatever SQL it is made to send. Default privileges give
it the same rights on the tables later migrations create, and ``migrate``
re-applies all of this after every run (the command in
rasso/audit/management/commands/migrate.py), so a new append-only table never
stays writable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from psycopg import sql

# The function whose TRUNCATE trigger marks a table append-only.
TRUNCATE_GUARD = "append_only_refuse_truncate"
# Read by the application, written by migrate alone.
READ_ONLY_TABLES = ("django_migrations",)
# Role names used unquoted in SQL: nothing that needs quoting, or escaping.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# What the owner's connection is made of (the database name is the application's).
CONNECTION_KEYS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


class RoleError(Exception):
    """The application role cannot be made safe: the message says why."""


@dataclass(frozen=True)
class Granted:
    role: str
    created: bool
    tables: int
    append_only: list[str]
    sequences: int


@contextmanager
def connected_as_owner(owner: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The default connection as the owner for the duration; yields the
    application's own connection settings."""
    connection = connections[DEFAULT_DB_ALIAS]
    application = dict(connection.settings_dict)
    connection.close()
    for key in CONNECTION_KEYS:
        connection.settings_dict[key] = owner.get(key, application.get(key))
    try:
        yield application
    finally:
        connection.close()
        for key in CONNECTION_KEYS:
            connection.settings_dict[key] = application.get(key)


def append_only_tables(cursor: CursorWrapper) -> list[str]:
    """The tables of the current schema that the TRUNCATE guard protects."""
    cursor.execute(
        """
        SELECT DISTINCT c.relname
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE p.proname = %s AND NOT t.tgisinternal
          AND c.relnamespace = current_schema()::regnamespace
        ORDER BY 1
        """,
        [TRUNCATE_GUARD],
    )
    return [name for (name,) in cursor.fetchall()]


def application_role_grant(
    cursor: CursorWrapper, role: str, password: str | None = None
) -> Granted:
    """Creates ``role`` if it is missing (with ``password``, which is also set
    on an existing role), checks it is powerless, and grants it exactly the
    rights above on the current database. Run as the owner of the tables."""
    if not ROLE_NAME.fullmatch(role):
        raise RoleError(
            f"{role!r} is not a role name this command uses: lower-case letters, digits and _"
        )
    cursor.execute("SELECT current_user, current_database(), current_schema()")
    owner, database, schema = cursor.fetchone()
    if role == owner:
        raise RoleError(
            f"the application role {role!r} is the owner of the tables: DATABASE_URL must "
            "name a role of its own, and DATABASE_OWNER_URL the owner"
        )
    created = _role_ensure(cursor, role, password)
    cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
    if cursor.fetchone()[0]:
        raise RoleError(f"{role!r} is a member of the owner {owner!r}: it would have its rights")
    owned = _owned_by(cursor, role)
    if owned:
        raise RoleError(f"{role!r} must own nothing, and owns {', '.join(owned[:5])}")

    append_only = append_only_tables(cursor)
    statements = [
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        # Before PostgreSQL 15 everyone could create tables in public.
        f'REVOKE CREATE ON SCHEMA "{schema}" FROM PUBLIC',
        f'GRANT USAGE ON SCHEMA "{schema}" TO {role}',
        f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {role}',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO {role}',
        f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM {role}',
        f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {role}',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA "{schema}"'
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA "{schema}"'
        f" GRANT USAGE ON SEQUENCES TO {role}",
    ]
    statements += [f'REVOKE UPDATE, DELETE ON "{table}" FROM {role}' for table in append_only]
    statements += [
        f'REVOKE INSERT, UPDATE, DELETE ON "{table}" FROM {role}'
        for table in READ_ONLY_TABLES
        if _table_exists(cursor, table)
    ]
    # A function that acts with the owner's rights (SECURITY DEFINER, e.g. a
    # retention deletion of one case's contact log) is revoked from PUBLIC by
    # its migration and the application's to call.
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p"
        " WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef"
    )
    statements += [f"GRANT EXECUTE ON FUNCTION {name} TO {role}" for (name,) in cursor.fetchall()]
    for statement in statements:
        cursor.execute(statement)
    cursor.execute(
        "SELECT count(*) FILTER (WHERE relkind IN ('r', 'p', 'v', 'm')),"
        " count(*) FILTER (WHERE relkind = 'S')"
        " FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
    )
    tables, sequences = cursor.fetchone()
    return Granted(role, created, tables, append_only, sequences)


def _role_ensure(cursor: CursorWrapper, role: str, password: str | None) -> bool:
    """Creates the role, or takes away any power it has; True if created."""
    cursor.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin"
        " FROM pg_roles WHERE rolname = %s",
        [role],
    )
    found = cursor.fetchone()
    if found is None:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    else:
        powers = ("SUPERUSER", "CREATEROLE", "CREATEDB", "REPLICATION", "BYPASSRLS")
        changes = [f"NO{power}" for power, has in zip(powers, found[:5], strict=True) if has]
        if not found[5]:
            changes.append("LOGIN")
        if changes:
            cursor.execute(f"ALTER ROLE {role} {' '.join(changes)}")
    if password:
        # Sent as a SCRAM verifier computed here, never as the password
        # itself: it appears in no server log.
        raw = cursor.connection
        verifier = raw.pgconn.encrypt_password(password.encode(), role.encode()).decode()
        cursor.execute(f"ALTER ROLE {role} PASSWORD {sql.Literal(verifier).as_string(raw)}")
    return found is None


def _owned_by(cursor: CursorWrapper, role: str) -> list[str]:
    cursor.execute(
        """
        WITH r AS (SELECT oid FROM pg_roles WHERE rolname = %s)
        SELECT 'relation ' || relname FROM pg_class, r WHERE relowner = r.oid
        UNION ALL SELECT 'function ' || proname FROM pg_proc, r WHERE proowner = r.oid
        UNION ALL SELECT 'schema ' || nspname FROM pg_namespace, r WHERE nspowner = r.oid
        UNION ALL SELECT 'type ' || typname FROM pg_type, r WHERE typowner = r.oid
        UNION ALL SELECT 'database ' || datname FROM pg_database, r WHERE datdba = r.oid
        """,
        [role],
    )
    return [name for (name,) in cursor.fetchall()]


def _table_exists(cursor: CursorWrapper, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    return bool(cursor.fetchone()[0])
