"""Starting the demo: e-mail in development goes to files an administrator
reads on a page (never the terminal), its links follow the port, and a
missing page is the service's own in debug too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.filebased import EmailBackend
from django.test import Client

from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db

URL = "/notifications/sent-email/"


@pytest.fixture
def file_email(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "sent-email"
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder


def _send(subject: str, body: str, to: str = "officer@kent.example") -> None:
    mail.EmailMessage(subject, body, "no-reply@localhost", [to]).send()


def test_development_settings_write_e_mail_to_files_under_var() -> None:
    # What `make run` gets with no EMAIL_HOST (pytest-django swaps in its own
    # back-end for the tests, so read the settings module's own choice).
    import rasso.settings as project_settings

    assert project_settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
    assert project_settings.EMAIL_FILE_PATH.endswith("var/sent-email")


def test_an_administrator_reads_sent_e_mail_newest_first(
    file_email: Path, personas: Personas
) -> None:
    _send("First reminder", "A deadline is due.\nOpen the case.")
    _send("Second reminder", "Another deadline.")
    assert list(file_email.glob("*.log")), "the file back-end wrote nothing"

    page = client_for(personas.administrator).get(URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Second reminder") < html.index("First reminder")
    assert "A deadline is due.<br>Open the case." in html
    assert "officer@kent.example" in html


def test_an_empty_folder_says_nothing_was_sent(file_email: Path, personas: Personas) -> None:
    page = client_for(personas.administrator).get(URL)
    assert page.status_code == 200
    assert 'data-testid="no-sent-email"' in page.content.decode()


@pytest.mark.parametrize("who", ["officer", "supervisor", "manager", "prosecutor"])
def test_nobody_else_sees_the_page(file_email: Path, personas: Personas, who: str) -> None:
    _send("Reminder", "Body")
    assert client_for(getattr(personas, who)).get(URL).status_code == 404


def test_with_debug_off_the_page_is_not_there(
    file_email: Path, personas: Personas, settings: Any
) -> None:
    settings.DEBUG = False
    assert client_for(personas.administrator).get(URL).status_code == 404


def test_with_smtp_the_page_is_not_there(
    file_email: Path, personas: Personas, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert client_for(personas.administrator).get(URL).status_code == 404


def test_signed_out_it_asks_to_sign_in(file_email: Path) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"] or "login" in response["Location"]


def test_the_file_back_end_is_the_one_read(file_email: Path) -> None:
    # Written by Django's own back-end, parsed back by ours.
    from rasso.notifications.sent_email import sent_emails

    EmailBackend(file_path=str(file_email)).send_messages(
        [mail.EmailMessage("Café", "Crème brûlée", "a@b.example", ["c@d.example"])]
    )
    (found,) = sent_emails()
    assert (found.subject, found.body.strip(), found.to) == ("Café", "Crème brûlée", "c@d.example")
    assert found.sent is not None


class TestMissingPages:
    def test_in_debug_a_missing_address_is_the_services_own_page(
        self, settings: Any, personas: Personas
    ) -> None:
        settings.DEBUG = True
        response = client_for(personas.officer).get("/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page not found" in html
        assert "DEBUG = True" not in html and "URLconf" not in html

    def test_in_debug_a_view_raising_404_is_the_services_own_page(
        self, settings: Any, personas: Personas
    ) -> None:
        settings.DEBUG = True
        response = client_for(personas.officer).get("/cases/999999999/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "If you followed a link to a case" in html
        assert "DEBUG = True" not in html

    def test_in_debug_the_api_keeps_its_json(self, settings: Any, personas: Personas) -> None:
        settings.DEBUG = True
        response = client_for(personas.officer).get("/api/v1/cases/999999999/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")

    def test_in_debug_a_missing_slash_still_redirects(
        self, settings: Any, personas: Personas
    ) -> None:
        settings.DEBUG = True
        response = client_for(personas.officer).get("/notifications")
        assert response.status_code == 301
        assert response["Location"].endswith("/notifications/")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        (
            {"PORT": "8123", "SITE_URL": "https://casework.example.test"},
            "https://casework.example.test",
        ),
    ],
)
def test_links_in_e_mails_follow_the_port_unless_site_url_is_set(
    environment: dict[str, str], expected: str
) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL"}}
    env |= {"DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "rasso.settings", **environment}
    found = subprocess.run(
        [sys.executable, "-c", "import rasso.settings as s; print(s.SITE_URL)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == expected
