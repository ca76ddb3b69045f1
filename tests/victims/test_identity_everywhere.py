"""A complainant's identity reaches no one who is not entitled to it, wherever they look.

A complainant with an identity no one could mistake is recorded on a Kent
case, which then goes the whole way to a charge: the record is changed, the
file is submitted and allocated, the prosecutor takes no further action,
she asks late for a review and the CPS overturns the decision (both reasons
name her), the prosecutor charges, the OIC logs the call (its summary names
her and her street), a letter is generated, downloaded and sent, support is
withdrawn and reinstated, and the reminder sweep sends its notifications
and e-mails. Then everyone who must not know who she is — the force's
supervisor and SPOC, the Area's CPS SPOC, a prosecutor of the Area not
allocated, officers and prosecutors elsewhere, a panel member, a manager, an
administrator, an anonymous visitor — reads every page and API endpoint they
can reach (and the 404s of those they cannot), and none of the answers, the
timeline, the audit log, the deadlines, the notifications, the e-mails or
the log lines written on the way carries any part of her identity. The one
exception is the review's reasons, which the Area's CPS SPOC, its reviewer,
reads (and nothing else of her). Those entitled (the OIC, an officer
granted the case, the allocated prosecutor) do see it: the control that
lets this fail.
"""

from __future__ import annotations

import json
import logging
import re
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseEvent, CaseFile, Deadline
from cases.reminders import reminders_send
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.services import api_token_issue
from rasso.audit.models import AuditEvent
from rasso.notifications.models import EmailOutbox, Notification
from rasso.notifications.services import email_outbox_send_many
from tests.cases.factories import complete_case
from tests.charging.decisions.test_services import EVIDENTIAL_NFA, decide
from tests.charging.factories import ask, raise_query
from tests.conftest import Personas, _member
from tests.support import client_for
from victims.models import Complainant

pytestmark = pytest.mark.django_db

IDENTITY: dict[str, Any] = {
    "first_names": "Zephyrine Quillon",
    "last_name": "Marchbankes",
    "date_of_birth": "1988-03-09",
    "address": "41 Fennimore Crescent, Staplehurst",
    "postcode": "TN12 0QR",
    "phone": "07700 900461",
    "email": "z.marchbankes@example.net",
}
# Every way each part may be written (searched case-blind): the date of birth
# as the pages and letters write it, the phone as entered, spaced, national
# and E.164.
IDENTITY_STRINGS = (
    "Zephyrine",
    "Quillon",
    "Marchbankes",
    "1988-03-09",
    "9 March 1988",
    "09 March 1988",
    "9 Mar 1988",
    "09/03/1988",
    "Fennimore",
    "TN12 0QR",
    "TN120QR",
    "07700 900461",
    "07700900461",
    "07700 900 461",
    "+447700900461",
    "+44 7700 900461",
    "7700 900461",
    "z.marchbankes@example.net",
)
# The surname alone, for the positive controls.
SURNAME = "Marchbankes"
# A review's reasons, free text naming her (no character HTML would escape,
# so the pages carry them verbatim). The Area's CPS SPOC carries the review
# out and may read them; no one else who is not entitled may.
LATE_REASON = "Zephyrine said the suspect lives next door to 41 Fennimore Crescent."
OUTCOME_REASONS = "Marchbankes was not asked about the CCTV at TN12 0QR."
CPS_REVIEWER = "CPS SPOC of the Area"
# ...which the reviewer, not entitled to her identity, reads through the
# identity scrubber.
LATE_REASON_SCRUBBED = "C2 said the suspect lives next door to [address]."
OUTCOME_REASONS_SCRUBBED = "C2 was not asked about the CCTV at [postcode]."
# Free text of the case that names her, which everyone who may see the case
# reads, and those not entitled read scrubbed: an early-advice question, a
# file-quality query, a decision's reasons.
NAMING = "Zephyrine Marchbankes (born 9 March 1988) of 41 Fennimore Crescent, TN12 0QR"
NAMING_SCRUBBED = "C2 (born [date of birth]) of [address], [postcode]"


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [s for s in IDENTITY_STRINGS if s.lower() in lowered]


@dataclass
class Story:
    case: CaseFile
    complainant: Complainant
    blind: dict[str, User | None]
    entitled: dict[str, User]


def api_client(user: User | None) -> Client:
    if user is None:
        return Client()
    _, key = api_token_issue(actor=None, user=user)
    return Client(headers={"Authorization": f"Token {key}"})


def browser(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


def ok(response: Any) -> Any:
    assert response.status_code in (200, 201), (response.status_code, response.content[:300])
    return response.json() if response["Content-Type"] == "application/json" else response


@pytest.fixture
def story(personas: Personas, caplog: pytest.LogCaptureFixture) -> Story:
    caplog.set_level(logging.DEBUG)
    kent = Organisation.objects.get(name="Kent")
    south_east = Organisation.objects.get(name="South East")
    north_east = Organisation.objects.get(name="North East")
    officer = personas.officer
    case = complete_case(officer)
    oic = api_client(officer)
    base = f"/api/v1/cases/{case.pk}/complainants/"

    # Recorded and changed over the API, as a client would.
    body = ok(oic.post(base, IDENTITY, content_type="application/json"))
    complainant = Complainant.objects.get(pk=body["id"])
    one = f"{base}{complainant.pk}/"
    ok(
        oic.patch(
            one,
            {"version": 1, "isva_name": "Ruth Adviser", "isva_may_be_told": True},
            content_type="application/json",
        )
    )
    case_services.case_share(actor=officer, case=case, colleague=personas.colleague)
    ask(officer, case, lines_of_enquiry=f"Early advice: {NAMING}")
    case.refresh_from_db()
    case = case_services.case_submit_for_charging(actor=officer, case=case)
    case_services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    raise_query(personas.prosecutor, case, description=f"Query: {NAMING}")
    # The prosecutor first decides no further action; she asks, late, for a
    # review, and the Area's CPS SPOC overturns the decision. The reasons
    # are free text that names her: for the entitled and the CPS reviewers.
    decide(personas.prosecutor, case, **{**EVIDENTIAL_NFA, "evidential_reasons": f"NFA: {NAMING}"})
    prosecutor = api_client(personas.prosecutor)
    today = timezone.localdate()
    review = ok(
        prosecutor.post(
            f"{one}reviews/",
            {
                "told_on": str(today - timedelta(days=30)),
                "requested_on": str(today),
                "late_reason": LATE_REASON,
            },
            content_type="application/json",
        )
    )
    assert review["in_time"] is False
    ok(
        api_client(personas.cps_spoc).post(
            f"{one}reviews/{review['id']}/complete/",
            {"outcome": "overturned", "reasons": OUTCOME_REASONS},
            content_type="application/json",
        )
    )
    case.refresh_from_db()
    decide(personas.prosecutor, case)  # now a charge: the OIC owes her the news

    now = timezone.now().isoformat()
    ok(
        oic.post(
            f"{one}contacts/",
            {
                "contacted_at": now,
                "channel": "phone",
                "direction": "out",
                # Free text that identifies her: for the entitled only.
                "summary": "Rang Zephyrine Marchbankes at 41 Fennimore Crescent about the charge.",
            },
            content_type="application/json",
        )
    )
    letter = ok(oic.post(f"{one}letters/", {"kind": "charge"}, content_type="application/json"))
    pdf = oic.get(letter["download_url"])
    assert pdf.status_code == 200
    ok(
        oic.post(
            f"{one}letters/{letter['id']}/mark-sent/",
            {"sent_at": now, "channel": "email"},
            content_type="application/json",
        )
    )
    ok(
        oic.post(
            f"{one}withdraw-support/",
            {"withdrawn_on": str(today), "reason": "privacy", "support_offered": True},
            content_type="application/json",
        )
    )
    ok(
        oic.post(
            f"{one}reinstate-support/",
            {"reinstated_on": str(today)},
            content_type="application/json",
        )
    )
    # A refused change: its message must not echo what was typed either.
    refused = oic.patch(
        one, {"version": 2, "phone": "Marchbankes 461"}, content_type="application/json"
    )
    assert refused.status_code == 400

    # Weeks later every update owed is overdue: the sweep reminds the OIC and
    # escalates to the force's supervisors and SPOCs, who are not entitled.
    reminders_send(today=timezone.localdate() + timedelta(days=60))
    email_outbox_send_many(list(EmailOutbox.objects.values_list("id", flat=True)))

    blind: dict[str, User | None] = {
        "police supervisor of the force": personas.supervisor,
        "police SPOC of the force": _member(Role.POLICE_SPOC, kent),
        "Kent officer not granted the case": _member(Role.INVESTIGATOR, kent),
        "CPS SPOC of the Area": personas.cps_spoc,
        "prosecutor of the Area not allocated": _member(Role.PROSECUTOR, south_east),
        "officer of another force": personas.other_force_officer,
        "prosecutor of another Area": personas.other_area_prosecutor,
        "CPS SPOC of another Area": _member(Role.CPS_SPOC, north_east),
        "panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
        "anonymous visitor": None,
    }
    entitled = {
        "OIC": officer,
        "officer granted the case": personas.colleague,
        "allocated prosecutor": personas.prosecutor,
    }
    case.refresh_from_db()
    return Story(case=case, complainant=complainant, blind=blind, entitled=entitled)


# -- what each reader reaches --------------------------------------------------------

LINK = re.compile(r'href="(/[^"#?]*)')
# Not pages about cases: the static files, the API's documentation (no
# data), the admin (which registers nothing of victims), signing out.
SKIP = ("/static/", "/api/", "/admin/", "/sign-out/", "/sign-in/")


def pages(story: Story) -> list[str]:
    """The pages that show the case or its complainants; the crawl adds every
    link found on them."""
    case, complainant = story.case, story.complainant
    one = f"/cases/{case.pk}/complainants/{complainant.pk}/"
    letter = complainant.letters.get()
    contact = complainant.contacts.first()
    assert contact is not None
    return [
        "/",
        "/cases/",
        "/cases/queue/",
        "/cases/allocated/",
        "/cases/work/complainant-updates/",
        "/notifications/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/complainants/",
        f"/cases/{case.pk}/timeline/",
        f"/cases/{case.pk}/deadlines/",
        f"/cases/{case.pk}/documents/",
        f"/cases/{case.pk}/decisions/",
        f"/cases/{case.pk}/early-advice/",
        f"/cases/{case.pk}/queries/",
        one,
        f"{one}contacts/",
        f"{one}letters/",
        f"{one}letters/{letter.pk}/download/",
        f"{one}contacts/{contact.pk}/correct/",
        # Pages that do not exist: the 404 page must not echo anything.
        f"/cases/{case.pk}/complainants/{complainant.pk + 1000}/",
        "/cases/999999/complainants/",
    ]


def api_endpoints(story: Story) -> list[str]:
    case, complainant = story.case, story.complainant
    one = f"/api/v1/cases/{case.pk}/complainants/{complainant.pk}/"
    letter = complainant.letters.get()
    contact = complainant.contacts.first()
    assert contact is not None
    return [
        "/api/v1/cases/",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/{case.pk}/complainants/",
        one,
        f"{one}contacts/",
        f"{one}contacts/{contact.pk}/",
        f"{one}letters/",
        f"{one}letters/{letter.pk}/",
        f"{one}letters/{letter.pk}/download/",
        f"{one}reviews/",
        f"/api/v1/cases/{case.pk}/events/",
        f"/api/v1/cases/{case.pk}/deadlines/",
        f"/api/v1/cases/{case.pk}/documents/",
        f"/api/v1/cases/{case.pk}/suspects/",
        f"/api/v1/cps-decisions/?case={case.pk}",
        "/api/v1/police-nfa/",
        "/api/v1/early-advice/",
        "/api/v1/file-quality-queries/",
        "/api/v1/action-plans/",
        f"/api/v1/cases/{case.pk}/complainants/{complainant.pk + 1000}/",
    ]


def crawl(client: Client, seeds: list[str], limit: int = 80) -> dict[str, Any]:
    """GET the seeds and every page they link to (two links deep)."""
    seen: dict[str, Any] = {}
    queue: deque[tuple[str, int]] = deque((url, 0) for url in seeds)
    while queue and len(seen) < limit:
        url, depth = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        seen[url] = response
        if depth < 2 and response.status_code == 200 and "html" in response["Content-Type"]:
            for link in LINK.findall(response.content.decode()):
                if link not in seen:
                    queue.append((link, depth + 1))
    return seen


def body_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace") + " " + str(response.headers)


@pytest.mark.parametrize(
    "role",
    [
        "police supervisor of the force",
        "police SPOC of the force",
        "Kent officer not granted the case",
        "CPS SPOC of the Area",
        "prosecutor of the Area not allocated",
        "officer of another force",
        "prosecutor of another Area",
        "CPS SPOC of another Area",
        "panel member",
        "manager",
        "administrator",
        "anonymous visitor",
    ],
)
def test_no_page_or_answer_carries_the_identity_to_who_may_not_see_it(
    story: Story, role: str
) -> None:
    user = story.blind[role]
    reached = crawl(browser(user), pages(story))
    rest = api_client(user)
    reached.update({f"API {url}": rest.get(url) for url in api_endpoints(story)})
    reasons_seen = []
    named_seen = set()
    for where, response in reached.items():
        body = body_of(response)
        if role == CPS_REVIEWER and LATE_REASON_SCRUBBED in body:
            # The reviewer reads the reasons, scrubbed of her identity.
            reasons_seen.append(where)
            assert OUTCOME_REASONS_SCRUBBED in body
        for what in ("Early advice", "Query", "NFA"):
            if f"{what}: {NAMING_SCRUBBED}" in body:
                named_seen.add(what)
        assert not leaks(body), (role, where, leaks(body))
    complainant_page = f"/cases/{story.case.pk}/complainants/{story.complainant.pk}/"
    reviews = reached[f"API /api/v1{complainant_page}reviews/"]
    if role == CPS_REVIEWER:
        # The control: the reasons were there to find, on the page and in the API.
        assert set(reasons_seen) >= {complainant_page, f"API /api/v1{complainant_page}reviews/"}
    if role in ("police supervisor of the force", "police SPOC of the force", CPS_REVIEWER):
        # The free text that names her was there to read, scrubbed.
        assert named_seen == {"Early advice", "Query", "NFA"}, named_seen
    if reviews.status_code == 200:
        (review,) = reviews.json()["results"]
        assert review["pseudonym"] == "C2"
        assert ("late_reason" in review) is (role == CPS_REVIEWER)
        assert ("outcome_reasons" in review) is (role == CPS_REVIEWER)

    # The test looked where it matters: those who may see the case read its
    # complainants (as C1, C2); those who may not got 404.
    case = story.case
    sees_case = role in (
        "police supervisor of the force",
        "police SPOC of the force",
        "CPS SPOC of the Area",
    )
    tab = reached[f"/cases/{case.pk}/complainants/"]
    api_list = reached[f"API /api/v1/cases/{case.pk}/complainants/"]
    if sees_case:
        assert tab.status_code == 200
        assert "C2" in tab.content.decode()
        assert api_list.status_code == 200
        rows = api_list.json()["results"]
        assert [r["pseudonym"] for r in rows] == ["C1", "C2"]
        assert all("first_names" not in r for r in rows)
    elif user is None:
        assert tab.status_code == 302 and api_list.status_code in (401, 403)
    else:
        assert tab.status_code == 404 and api_list.status_code == 404
    # The contact log and letters are for the entitled only.
    one = f"/api/v1/cases/{case.pk}/complainants/{story.complainant.pk}/"
    for suffix in ("contacts/", "letters/"):
        assert reached[f"API {one}{suffix}"].status_code in (401, 403, 404)


@pytest.mark.parametrize("role", ["OIC", "officer granted the case", "allocated prosecutor"])
def test_those_entitled_see_who_she_is(story: Story, role: str) -> None:
    user = story.entitled[role]
    case, complainant = story.case, story.complainant
    page = browser(user).get(f"/cases/{case.pk}/complainants/")
    assert page.status_code == 200
    assert SURNAME in page.content.decode()
    answer = api_client(user).get(f"/api/v1/cases/{case.pk}/complainants/{complainant.pk}/")
    assert answer.json()["last_name"] == SURNAME
    contacts = api_client(user).get(
        f"/api/v1/cases/{case.pk}/complainants/{complainant.pk}/contacts/"
    )
    assert "Fennimore" in contacts.content.decode()
    (review,) = (
        api_client(user)
        .get(f"/api/v1/cases/{case.pk}/complainants/{complainant.pk}/reviews/")
        .json()["results"]
    )
    assert (review["late_reason"], review["outcome_reasons"]) == (LATE_REASON, OUTCOME_REASONS)
    for tab in ("early-advice", "queries", "decisions"):
        html = unescape(browser(user).get(f"/cases/{case.pk}/{tab}/").content.decode())
        assert NAMING in html, tab
    assert (
        LATE_REASON
        in browser(user).get(f"/cases/{case.pk}/complainants/{complainant.pk}/").content.decode()
    )


def test_nothing_written_on_the_way_carries_the_identity(
    story: Story, caplog: pytest.LogCaptureFixture
) -> None:
    # Reads as well: an outsider's 404s and a supervisor's pages log too.
    crawl(browser(story.blind["police supervisor of the force"]), pages(story))
    crawl(browser(story.blind["officer of another force"]), pages(story))

    timeline = " ".join(CaseEvent.objects.values_list("description", flat=True))
    assert "C2" in timeline  # the timeline does speak of her, as C2
    assert not leaks(timeline), leaks(timeline)

    audit = json.dumps(
        list(AuditEvent.objects.values("action", "object_type", "object_id", "detail")),
        default=str,
    )
    assert "complainant.contact_logged" in audit
    assert not leaks(audit), leaks(audit)

    deadlines = " ".join(Deadline.objects.values_list("description", flat=True))
    assert "C2" in deadlines
    assert not leaks(deadlines), leaks(deadlines)

    notifications = Notification.objects.all()
    assert notifications.exists(), "the sweep notified no one: nothing was tested"
    written = json.dumps(
        list(notifications.values("what", "text", "link", "case_reference")), default=str
    )
    assert not leaks(written), leaks(written)
    assert mail.outbox, "no e-mail was sent: nothing was tested"
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}\n{getattr(message, 'alternatives', '')}"
        assert not leaks(text), (message.subject, leaks(text))
    # Those escalated to are not entitled: their notifications name C2 at most.
    supervisor = story.blind["police supervisor of the force"]
    assert Notification.objects.filter(recipient=supervisor).exists()

    # Every log line written during the story and the reads, at every level.
    # (SQL is logged only with DEBUG on, which no deployment runs; its
    # parameters would hold every value saved.)
    lines = [
        f"{record.name} {record.getMessage()} {record.exc_text or ''}"
        for record in caplog.records
        if record.name != "django.db.backends"
    ]
    assert lines, "nothing was logged: nothing was tested"
    logged = "\n".join(lines)
    assert not leaks(logged), leaks(logged)


def test_the_identity_strings_would_be_found(story: Story) -> None:
    """The search itself works: the stored record holds what it looks for."""
    complainant = Complainant.objects.get(pk=story.complainant.pk)
    stored = " ".join(str(getattr(complainant, f)) for f in IDENTITY)
    assert set(leaks(stored)) >= {
        "Zephyrine",
        "Marchbankes",
        "1988-03-09",
        "TN12 0QR",
        "+447700900461",
        "z.marchbankes@example.net",
    }
    assert complainant.date_of_birth == date(1988, 3, 9)
