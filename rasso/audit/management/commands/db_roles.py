"""Create the application's PostgreSQL role if it is missing, and grant it
exactly its rights (rasso/audit/roles.py), as the owner of the tables.

``migrate`` does this after every run; this command is for a database made
before it, for a new password, and for ``make database``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from rasso.audit.roles import RoleError, application_role_grant, connected_as_owner


class Command(BaseCommand):
    help = (
        "Create the application role (DATABASE_URL's user) if missing and grant it only "
        "what it needs, connecting as the owner (DATABASE_OWNER_URL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--role",
            help="the application role to create or grant (default: DATABASE_URL's user); "
            "without DATABASE_OWNER_URL, DATABASE_URL's user is the owner granting it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = settings.DATABASE_OWNER
        if owner is None:
            if not options["role"]:
                raise CommandError(
                    "DATABASE_OWNER_URL is not set, so DATABASE_URL's role owns the tables and "
                    "there is no separate application role: set DATABASE_OWNER_URL, or name "
                    "the role with --role"
                )
            role_grant(self, options["role"], None, options["verbosity"])
            return
        with connected_as_owner(owner) as application:
            role = options["role"] or application["USER"]
            password = None if options["role"] else application["PASSWORD"]
            if not role:
                raise CommandError("DATABASE_URL names no user: the application role")
            role_grant(self, role, password or None, options["verbosity"])


def role_grant(command: BaseCommand, role: str, password: str | None, verbosity: int) -> None:
    """Grants ``role`` its rights on the default connection (the owner's), and says so."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            granted = application_role_grant(cursor, role, password)
    except RoleError as error:
        raise CommandError(str(error)) from None
    if verbosity:
        command.stdout.write(
            f"Application role {granted.role} ({'created' if granted.created else 'exists'}): "
            f"reads and writes rows of {granted.tables - len(granted.append_only)} tables and "
            f"views, only appends to {', '.join(granted.append_only) or 'none'}; owns nothing."
        )
