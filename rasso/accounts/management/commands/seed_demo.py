"""Demo accounts for every role, in two CPS Areas and their forces, and
(with ``--cases N``) N more synthetic cases.

Idempotent: an account that exists is left as it is, and its API key (derived
from the secret key and the e-mail address) is the same on every run, so the
printed table and the JSON stay true. Cases are added only when asked for, by
the seeders other apps register in ``rasso.accounts.demo.SEEDERS``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rasso.accounts import services
from rasso.accounts.demo import SEEDERS
from rasso.accounts.models import Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "rasso-demo-2026"  # noqa: S105 (demo accounts only; printed by design)
DEMO_DOMAIN = "demo.example"

# (CPS Area, its demo forces, its scrutiny panel)
DEMO_AREAS = [
    ("South East", ["Kent", "Surrey", "Sussex"], "South East Scrutiny Panel"),
    ("North East", ["Cleveland", "Durham", "Northumbria"], "North East Scrutiny Panel"),
]
FORCE_ROLES = [
    (Role.INVESTIGATOR, "investigator"),
    (Role.INVESTIGATOR, "investigator2"),
    (Role.POLICE_SUPERVISOR, "supervisor"),
    (Role.POLICE_SPOC, "spoc"),
    (Role.MANAGER, "manager"),
]
AREA_ROLES = [
    (Role.PROSECUTOR, "prosecutor"),
    (Role.PROSECUTOR, "prosecutor2"),
    (Role.CPS_SPOC, "cps-spoc"),
    (Role.MANAGER, "manager"),
]
# Invented names, handed out in order so every run gives the same person the same name.
GIVEN_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Tom",
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Marek",
    "Nia",
    "Owen",
    "Pooja",
    "Rhys",
    "Sian",
    "Theo",
    "Uma",
    "Vikram",
    "Wren",
    "Yusuf",
    "Zara",
    "Amir",
]
FAMILY_NAMES = [
    "Carter",
    "Patel",
    "Hughes",
    "Okafor",
    "Reid",
    "Khan",
    "Walsh",
    "Evans",
    "Nowak",
    "Singh",
]


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    organisation: str
    api_token: str
    # The authenticator app's secret (base32, as an app takes it): the code of
    # the moment is `python -m rasso.accounts.totp <secret>`.
    totp_secret: str


def demo_api_key(email: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"demo-api-key:{email}".encode(), hashlib.sha256
    ).hexdigest()


def demo_totp_key(email: str) -> bytes:
    """The demo account's TOTP secret: 20 bytes, the same on every run."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"demo-totp-key:{email}".encode(), hashlib.sha1
    ).digest()


def enrol(user: User) -> str:
    """Enrol ``user``'s authenticator app with their demo secret; the secret in base32."""
    key = demo_totp_key(user.email)
    services.two_factor_set_key(actor=None, user=user, key=key.hex())
    return base64.b32encode(key).decode()


class Command(BaseCommand):
    help = (
        "Create demo accounts for every role (idempotent) and print them; "
        "with --cases N, also add N more synthetic cases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", dest="json_path", help="Also write the accounts as JSON here."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DJANGO_DEBUG off (demo passwords are public: never on live data).",
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also add N more synthetic cases to the demo forces. Every run with --cases N "
                "adds N more; without it no case is added or changed."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo accounts with DJANGO_DEBUG off: their passwords are "
                "public. Use --allow-production on a training or test system only."
            )
        if options["cases"] < 0:
            raise CommandError("--cases must be 0 or more")
        accounts = self.seed()
        self.print_table(accounts)
        if options["cases"]:
            # After the accounts, which the cases belong to; each app's seeder
            # runs in a transaction of its own.
            for seeder in SEEDERS:
                self.stdout.write(seeder(options["cases"]))
        if options["json_path"]:
            Path(options["json_path"]).write_text(
                json.dumps([asdict(a) for a in accounts], indent=2) + "\n"
            )
            self.stdout.write(f"Wrote {len(accounts)} accounts to {options['json_path']}")

    @transaction.atomic
    def seed(self) -> list[DemoAccount]:
        accounts: list[DemoAccount] = []
        names = iter(
            f"{given} {FAMILY_NAMES[i % len(FAMILY_NAMES)]}"
            for i, given in enumerate(GIVEN_NAMES * 3)
        )
        for area_name, force_names, panel_name in DEMO_AREAS:
            area = Organisation.objects.get(name=area_name, kind=OrganisationKind.CPS_AREA)
            for force_name in force_names:
                force = Organisation.objects.get(
                    name=force_name, kind=OrganisationKind.POLICE_FORCE
                )
                for role, handle in FORCE_ROLES:
                    accounts.append(
                        self.account(f"{handle}.{force.slug}", next(names), force, role)
                    )
            for role, handle in AREA_ROLES:
                accounts.append(self.account(f"{handle}.{area.slug}", next(names), area, role))
            panel = services.organisation_create(
                actor=None,
                name=panel_name,
                kind=OrganisationKind.SCRUTINY_PANEL,
                cps_areas=[area],
            )
            accounts.append(
                self.account(f"panel.{area.slug}", next(names), panel, Role.PANEL_MEMBER)
            )
        national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
        accounts.append(self.account("manager.national", next(names), national, Role.MANAGER))
        accounts.append(self.admin_account())
        return accounts

    def account(
        self, local_part: str, full_name: str, organisation: Organisation, role: str
    ) -> DemoAccount:
        email = f"{local_part}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.user_create(
                actor=None, email=email, full_name=full_name, password=DEMO_PASSWORD
            )
        services.membership_create(actor=None, user=user, organisation=organisation, role=role)
        _, key = services.api_token_issue(
            actor=None, user=user, name="Demo API token", key=demo_api_key(email)
        )
        return DemoAccount(email, DEMO_PASSWORD, role, organisation.name, key, enrol(user))

    def admin_account(self) -> DemoAccount:
        email = f"admin@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.user_create(
                actor=None,
                email=email,
                full_name="Demo Administrator",
                password=DEMO_PASSWORD,
                is_administrator=True,
            )
        _, key = services.api_token_issue(
            actor=None, user=user, name="Demo API token", key=demo_api_key(email)
        )
        return DemoAccount(email, DEMO_PASSWORD, "administrator", "", key, enrol(user))

    def print_table(self, accounts: list[DemoAccount]) -> None:
        headers = ("username", "role", "organisation")
        rows = [(a.username, a.role, a.organisation or "-") for a in accounts]
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(3)]
        line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
        self.stdout.write(line)
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        self.stdout.write(f"\nEvery demo account's password is: {DEMO_PASSWORD}")
