"""Django's ``migrate``, run as the owner of the tables.

With ``DATABASE_OWNER_URL`` set, the default database is migrated over the
owner's connection (same database, the owner's credentials), and then the
application role (``DATABASE_URL``'s user) is created if missing and granted
exactly its rights, so tables a migration adds are never left to chance.
Without it, this is Django's own command.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from rasso.audit.management.commands.db_roles import role_grant
from rasso.audit.roles import connected_as_owner


class Command(migrate.Command):
    help = (
        f"{migrate.Command.help} With DATABASE_OWNER_URL set, connects as the owner and "
        "then grants the application role (DATABASE_URL's user) its rights."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = settings.DATABASE_OWNER
        if owner is None or options["database"] != DEFAULT_DB_ALIAS:
            super().handle(*args, **options)
            return
        with connected_as_owner(owner) as application:
            if not application["USER"]:
                raise CommandError("DATABASE_URL names no user: the application role")
            super().handle(*args, **options)
            if options["plan"] or options["check_unapplied"]:
                return  # nothing was migrated
            role_grant(
                self, application["USER"], application["PASSWORD"] or None, options["verbosity"]
            )
