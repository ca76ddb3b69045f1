"""Personas, built once per test: the people every story in the suite is about.

The CPS Areas and forces come from the reference-data migration. Tests that
commit (browser and worker tests) lose them when the tables are flushed, so
those ask for ``reference_data``, which loads them again.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from clamdpy import ClamdNetworkSocket, ClamdUnixSocket
from clamdpy.exceptions import ClamdException
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client

from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.core import clamd_local
from tests.factories import PASSWORD, MembershipFactory, UserFactory


def load_reference_data() -> None:
    """What the data migrations load: Areas and forces, offences, bank holidays."""
    import_module("rasso.accounts.migrations.0002_reference_data").load(django_apps, None)
    cases_data = import_module("cases.migrations.0002_reference_data")
    cases_data.load_offences(django_apps, None)
    cases_data.load_bank_holidays(django_apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    # With --reuse-db the test database outlives a run whose last tests
    # flushed it; put the reference data back (it is idempotent).
    with django_db_blocker.unblock():
        load_reference_data()
        # Tests that commit are cleaned up by TRUNCATE, which the append-only
        # tables refuse unless the session says so (rasso/audit/migrations/0003):
        # the test database says so for every session that opens from now on.
        with connection.cursor() as cursor:
            cursor.execute(
                f'ALTER DATABASE "{connection.settings_dict["NAME"]}" SET rasso.allow_truncate = on'
            )
        connection.close()


@pytest.fixture
def reference_data(db: Any) -> None:
    load_reference_data()


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@dataclass
class Personas:
    officer: User  # investigator in Kent, the OIC of our stories
    colleague: User  # another Kent investigator
    supervisor: User  # Kent police supervisor
    other_force_officer: User  # investigator in Durham
    prosecutor: User  # prosecutor in CPS South East
    cps_spoc: User  # CPS SPOC in South East
    other_area_prosecutor: User  # prosecutor in CPS North East
    panel_member: User  # member of the South East scrutiny panel
    manager: User  # national manager
    administrator: User  # staff, no membership


def _member(role: str, organisation: Organisation, **user_fields: Any) -> User:
    user: User = UserFactory.create(**user_fields)
    MembershipFactory.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def personas(db: Any) -> Personas:
    panel = Organisation.objects.create(
        name="South East Scrutiny Panel",
        slug="south-east-scrutiny-panel",
        kind=OrganisationKind.SCRUTINY_PANEL,
    )
    return Personas(
        officer=_member(
            Role.INVESTIGATOR, org("Kent"), email="officer@kent.example", full_name="Dana Officer"
        ),
        colleague=_member(Role.INVESTIGATOR, org("Kent")),
        supervisor=_member(Role.POLICE_SUPERVISOR, org("Kent")),
        other_force_officer=_member(Role.INVESTIGATOR, org("Durham")),
        prosecutor=_member(Role.PROSECUTOR, org("South East")),
        cps_spoc=_member(Role.CPS_SPOC, org("South East")),
        other_area_prosecutor=_member(Role.PROSECUTOR, org("North East")),
        panel_member=_member(Role.PANEL_MEMBER, panel),
        manager=_member(Role.MANAGER, Organisation.objects.get(kind=OrganisationKind.NATIONAL)),
        administrator=UserFactory.create(is_staff=True, is_superuser=True),
    )


@pytest.fixture
def officer_client(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.officer)
    return client


__all__ = ["PASSWORD"]


@pytest.fixture(autouse=True)
def private_cache(settings: Any) -> None:
    # A cache of the test's own: nothing cached by one run (or by a developer's
    # server on the same Redis) leaks into another.
    # Its own location, too: locmem caches sharing a location share entries.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # The production hasher is slow on purpose; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    # Each test stores uploaded documents in a folder of its own.
    settings.MEDIA_ROOT = tmp_path / "uploads"


# --- Virus scanning: a real clamd for the whole run ---------------------------


@dataclass
class ClamdDaemon:
    """A clamd of the tests' own: its Unix socket, its TCP port and its log."""

    directory: Path
    socket: Path
    port: int
    process: subprocess.Popen[bytes]

    def scans(self) -> int:
        """How many streams it has scanned (its log has a line for each)."""
        log = self.directory / "clamd.log"
        return log.read_text().count("instream(") if log.exists() else 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_clamd(directory: Path, *, stream_max_length: str = "100M") -> ClamdDaemon:
    """Start Debian's clamd with our one-signature database (it detects the
    EICAR test file) and wait until it answers on both sockets."""
    clamd = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/sbin")
    if clamd is None:
        pytest.fail("clamd is not installed: `make clamav` installs Debian's clamav-daemon")
    port = _free_port()
    config = clamd_local.write_config(directory, tcp_port=port, stream_max_length=stream_max_length)
    process = subprocess.Popen(
        [clamd, "--config-file", str(config), "--foreground"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    daemon = ClamdDaemon(directory, directory / "clamd.sock", port, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = directory / "clamd.log"
            pytest.fail(f"clamd exited: {log.read_text() if log.exists() else 'no log'}")
        try:
            if ClamdUnixSocket(daemon.socket, timeout=1).ping() == "PONG":
                ClamdNetworkSocket("127.0.0.1", port, timeout=1).ping()
                return daemon
        except ClamdException:
            time.sleep(0.02)
    daemon.stop()
    pytest.fail("clamd did not answer within 30 seconds")


@pytest.fixture(scope="session")
def clamd_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClamdDaemon]:
    # It starts in well under a second with one signature, so every test
    # scans its uploads for real.
    daemon = start_clamd(tmp_path_factory.mktemp("clamd"))
    yield daemon
    daemon.stop()


@pytest.fixture(autouse=True)
def virus_scanning(clamd_daemon: ClamdDaemon, settings: Any) -> None:
    # Every upload in every test goes through the real scanner.
    settings.CLAMD_SOCKET = str(clamd_daemon.socket)
    settings.CLAMD_HOST = ""
