"""Complainants, their contact log, letters and reviews over the API: the
same services and refusals as the browser, 404 for whoever may not see the
case, and the identity only for those entitled to it — for everyone else the
identity keys are absent from the answer, not null."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent
from tests.cases.factories import complete_case
from tests.cases.test_api import Api, queries
from tests.charging.decisions.test_services import EVIDENTIAL_NFA, decide
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas
from victims.models import Complainant, Contact, Letter, Review, SupportWithdrawal
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

IDENTITY = {
    "first_names": "Ottilie Marguerite",
    "last_name": "Farthingale",
    "date_of_birth": "1993-05-17",
    "address": "3 Wickham Close, Tonbridge",
    "postcode": "tn9 1aa",
    "phone": "07700 900555",
    "email": "ottilie.f@example.org",
}
IDENTITY_KEYS = {
    "first_names",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
}
IDENTITY_STRINGS = ["Ottilie", "Farthingale", "1993-05-17", "Wickham", "TN9 1AA", "900555"]


def complainants_url(case: CaseFile, suffix: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/complainants/{suffix}"


def under(complainant: Complainant, suffix: str) -> str:
    return complainants_url(complainant.case, f"{complainant.pk}/{suffix}")


def c1(case: CaseFile) -> Complainant:
    return Complainant.objects.get(case=case, pseudonym="C1")


def no_identity(body: Any) -> None:
    """No identity key anywhere in the answer, and no identity value."""
    rows = body["results"] if isinstance(body, dict) and "results" in body else [body]
    for row in rows:
        assert not IDENTITY_KEYS & set(row), row
        assert row["identity_withheld"] is True


@pytest.fixture
def investigation(personas: Personas) -> CaseFile:
    """A Kent case under investigation with C1 (Jane Complainant)."""
    return complete_case(personas.officer)


@pytest.fixture
def charged(personas: Personas) -> CaseFile:
    """Allocated to the prosecutor and charged: the OIC owes C1 the news."""
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    decide(personas.prosecutor, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CHARGED
    return case


def police_nfa(personas: Personas) -> CaseFile:
    case = complete_case(personas.officer)
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="16", rationale="Support withdrawn."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case.refresh_from_db()
    return case


# -- complainants ----------------------------------------------------------------------


def test_the_oic_records_a_complainant_and_sees_the_whole_record(
    personas: Personas, investigation: CaseFile
) -> None:
    api = Api(personas.officer)
    response = api.post(complainants_url(investigation), {**IDENTITY, "update_every_days": 14})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["pseudonym"] == "C2"
    assert body["identity_withheld"] is False
    assert (body["first_names"], body["last_name"]) == ("Ottilie Marguerite", "Farthingale")
    # Normalised by the service, as in the browser.
    assert (body["phone"], body["postcode"]) == ("+447700900555", "TN9 1AA")
    assert body["version"] == 1
    assert response["ETag"] == '"1"'
    # Their regular update starts now, at the frequency they chose.
    assert [u["kind"] for u in body["updates_owed"]] == [DeadlineKind.REGULAR_UPDATE]
    assert body["updates_owed"][0]["due_on"] == str(timezone.localdate() + timedelta(days=14))
    listed = api.get(complainants_url(investigation)).json()
    assert [c["pseudonym"] for c in listed["results"]] == ["C1", "C2"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "12345"}, "Enter a UK phone number"),
        ({"postcode": "NOT A CODE"}, "Enter a real postcode, like SW1A 1AA"),
        ({"email": "not-mail"}, "Enter an email address like name@example.com"),
        ({"date_of_birth": "2999-01-01"}, "Date of birth must be in the past"),
        ({"first_names": ""}, "first names"),
    ],
)
def test_bad_details_are_refused_with_a_message_and_nothing_saved(
    personas: Personas, investigation: CaseFile, change: dict[str, str], message: str
) -> None:
    response = Api(personas.officer).post(complainants_url(investigation), {**IDENTITY, **change})
    assert response.status_code == 400
    assert message in response.json()["detail"]
    # Each problem against its field too, as the form shows them.
    assert message in response.json()[next(iter(change))][0]
    assert Complainant.objects.filter(case=investigation).count() == 1


def test_what_cannot_be_set_is_refused_not_ignored(
    personas: Personas, investigation: CaseFile
) -> None:
    response = Api(personas.officer).post(
        complainants_url(investigation), {**IDENTITY, "pseudonym": "C9", "case": 1}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"pseudonym", "case"}
    assert Complainant.objects.filter(case=investigation).count() == 1


@pytest.mark.parametrize("who", ["supervisor", "colleague"])
def test_only_the_officers_of_the_case_record_a_complainant(
    personas: Personas, investigation: CaseFile, who: str
) -> None:
    response = Api(getattr(personas, who)).post(complainants_url(investigation), IDENTITY)
    # The supervisor sees the case and is refused; the colleague does not see it.
    assert response.status_code == (403 if who == "supervisor" else 404)
    if who == "supervisor":
        assert response.json() == {"detail": "You cannot change this case"}
    assert Complainant.objects.filter(case=investigation).count() == 1


def test_an_edit_names_its_version_and_a_stale_one_saves_nothing(
    personas: Personas, investigation: CaseFile
) -> None:
    api = Api(personas.officer)
    complainant = c1(investigation)
    url = complainants_url(investigation, f"{complainant.pk}/")
    missing = api.patch(url, {"language": "Polish"})
    assert missing.status_code == 400
    assert "version" in missing.json()

    response = api.patch(url, {"version": 1, "phone": "07700 900556", "no_voicemail": True})
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "+447700900556"
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'

    stale = api.patch(url, {"version": 1, "phone": "07700 900557"})
    assert stale.status_code == 409
    assert "Nothing has been saved" in stale.json()["detail"]
    stale_header = api.patch(url, {"version": 2, "phone": "07700 900557"}, **{"If-Match": '"1"'})
    assert stale_header.status_code == 412
    complainant.refresh_from_db()
    assert (complainant.phone, complainant.version) == ("+447700900556", 2)

    fine = api.patch(url, {"version": 2, "safe_times": "After 6pm"}, **{"If-Match": '"2"'})
    assert fine.status_code == 200
    # The timeline says what changed, never the values.
    assert "900556" not in investigation.events.values_list("description", flat=True)[0]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"vps_offered_on": "0001-01-01"},
            "vps_offered_on",
            "offered cannot be before the case was reported (1 March 2026)",
        ),
        (
            {"vps_offered_on": "2026-03-10", "vps_made_on": "2026-03-09"},
            "vps_made_on",
            "cannot have been made before it was offered",
        ),
        ({"vps_made_on": "9999-12-31"}, "vps_made_on", "made cannot be in the future"),
    ],
)
def test_victim_personal_statement_dates_are_checked_against_the_case(
    personas: Personas, investigation: CaseFile, change: dict[str, str], field: str, message: str
) -> None:
    complainant = c1(investigation)
    response = Api(personas.officer).patch(
        complainants_url(investigation, f"{complainant.pk}/"), {"version": 1, **change}
    )
    assert response.status_code == 400, response.json()
    assert message in response.json()[field][0]
    complainant.refresh_from_db()
    assert (complainant.vps_offered_on, complainant.vps_made_on, complainant.version) == (
        None,
        None,
        1,
    )


def test_the_supervisor_sees_the_case_but_cannot_change_the_record(
    personas: Personas, investigation: CaseFile
) -> None:
    complainant = c1(investigation)
    response = Api(personas.supervisor).patch(
        complainants_url(investigation, f"{complainant.pk}/"), {"version": 1, "language": "Welsh"}
    )
    assert response.status_code == 403
    assert "Only the officers of the case" in response.json()["detail"]
    complainant.refresh_from_db()
    assert (complainant.language, complainant.version) == ("", 1)


def test_no_put_and_no_delete_on_a_complainant(personas: Personas, investigation: CaseFile) -> None:
    api = Api(personas.officer)
    url = complainants_url(investigation, f"{c1(investigation).pk}/")
    assert api.client.put(url, IDENTITY, content_type="application/json").status_code == 405
    assert api.client.delete(url).status_code == 405
    assert Complainant.objects.filter(case=investigation).count() == 1


@pytest.mark.parametrize("who", ["supervisor", "cps_spoc"])
def test_who_sees_the_case_but_not_the_identity_gets_no_identity_key_at_all(
    personas: Personas, charged: CaseFile, who: str
) -> None:
    complainant = c1(charged)
    complainant_update = {"first_names": "Ottilie Marguerite", "last_name": "Farthingale"}
    Complainant.objects.filter(pk=complainant.pk).update(**complainant_update)
    api = Api(getattr(personas, who))
    for url in (
        complainants_url(charged),
        complainants_url(charged, f"{complainant.pk}/"),
        f"/api/v1/cases/{charged.pk}/",
    ):
        response = api.get(url)
        assert response.status_code == 200
        body = response.json()
        if "complainants" in body:  # the case detail (whose suspects have names)
            body = body["complainants"][0]
        no_identity(body)
        assert "first_names" not in json.dumps(body)
        assert "Farthingale" not in response.content.decode()
    body = api.get(complainants_url(charged, f"{complainant.pk}/")).json()
    # What they get: the pseudonym and the updates owed (the charge is news).
    assert set(body) == {
        "id",
        "pseudonym",
        "identity_withheld",
        "enhanced_rights",
        "support_withdrawn",
        "updates_owed",
    }
    assert body["pseudonym"] == "C1"
    kinds = {u["kind"] for u in body["updates_owed"]}
    assert DeadlineKind.TELL_COMPLAINANT_ENHANCED in kinds
    assert all("C1" in u["description"] for u in body["updates_owed"])
    # The read is audited, with whether the identity was shown.
    row = AuditEvent.objects.filter(action="complainant.view").latest("id")
    assert row.detail == {"complainants": ["C1"], "identity_shown": False}


def test_the_allocated_prosecutor_sees_the_identity(personas: Personas, charged: CaseFile) -> None:
    body = Api(personas.prosecutor).get(complainants_url(charged)).json()["results"][0]
    assert body["identity_withheld"] is False
    assert body["last_name"] == "Complainant"


def test_support_withdrawn_and_reinstated(personas: Personas, charged: CaseFile) -> None:
    api = Api(personas.officer)
    complainant = c1(charged)
    url = complainants_url(charged, f"{complainant.pk}/")
    today = timezone.localdate()
    future = api.post(
        f"{url}withdraw-support/",
        {"withdrawn_on": str(today + timedelta(days=2)), "reason": "fear", "support_offered": True},
    )
    assert future.status_code == 400
    assert future.json() == {"detail": "The date of the withdrawal cannot be in the future"}
    assert not SupportWithdrawal.objects.exists()
    bad_reason = api.post(
        f"{url}withdraw-support/",
        {"withdrawn_on": str(today), "reason": "bored", "support_offered": True},
    )
    assert bad_reason.status_code == 400
    assert bad_reason.json() == {"reason": ["Choose the reason for the withdrawal"]}

    response = api.post(
        f"{url}withdraw-support/",
        {"withdrawn_on": str(today), "reason": "fear", "support_offered": True},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["support_withdrawn"] is True
    assert response.json()["withdrawals"][0]["reason"] == "fear"
    assert Api(personas.supervisor).get(url).json()["support_withdrawn"] is True
    # The supervisor is not an officer of the case.
    refused = Api(personas.supervisor).post(
        f"{url}reinstate-support/", {"reinstated_on": str(today)}
    )
    assert refused.status_code == 403

    response = api.post(f"{url}reinstate-support/", {"reinstated_on": str(today)})
    assert response.status_code == 200
    assert response.json()["support_withdrawn"] is False
    again = api.post(f"{url}reinstate-support/", {"reinstated_on": str(today)})
    assert again.status_code == 400
    assert again.json() == {"detail": "C1 has not withdrawn support"}


def test_the_list_costs_the_same_for_one_complainant_as_for_eight(
    personas: Personas,
    investigation: CaseFile,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    url = complainants_url(investigation)
    readers = [Api(personas.officer), Api(personas.supervisor)]
    for api in readers:
        api.get(url)  # the token's "last used" is written once, on first use
    one = [queries(api, url) for api in readers]
    for n in range(7):
        complainant_add(
            actor=personas.officer, case=investigation, first_names="C", last_name=str(n)
        )
    for api in readers:
        # 1 token and its user, 1 memberships, 1 case, 1 audit row (a view of
        # the case), 1 grant check (is the identity theirs to see? not asked
        # of the OIC), 1 count, 1 the page of complainants with whether they
        # withdrew support and the updates owed (subqueries), 1 their
        # withdrawals (only for the entitled), 1 audit row (a view of the
        # complainants).
        with django_assert_max_num_queries(9):
            response = api.client.get(url)
        assert response.json()["count"] == 8
    assert [queries(api, url) for api in readers] == one


# -- the contact log ----------------------------------------------------------------------


def test_logging_a_contact_meets_the_update_owed_and_rolls_the_regular_one(
    personas: Personas, charged: CaseFile
) -> None:
    api = Api(personas.officer)
    complainant = c1(charged)
    owed = api.get(complainants_url(charged, f"{complainant.pk}/")).json()["updates_owed"]
    tell = next(u for u in owed if u["kind"] == DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    now = timezone.now()
    response = api.post(
        under(complainant, "contacts/"),
        {
            "contacted_at": now.isoformat(),
            "channel": "phone",
            "direction": "out",
            "summary": "Told her of the charge; she will attend court.",
            "communicated": [tell["id"]],
        },
    )
    assert response.status_code == 201, response.json()
    contact = response.json()
    assert [d["id"] for d in contact["communicated"]] == [tell["id"]]
    assert contact["recorded_by"]["id"] == personas.officer.pk
    assert Deadline.objects.get(pk=tell["id"]).status == DeadlineStatus.MET
    regular = Deadline.objects.filter(
        source=f"victims.complainant:{complainant.pk}", kind=DeadlineKind.REGULAR_UPDATE
    )
    assert regular.filter(status=DeadlineStatus.OPEN).get().due_on == timezone.localdate(
        now
    ) + timedelta(days=28)

    listed = api.get(under(complainant, "contacts/")).json()
    assert [c["id"] for c in listed["results"]] == [contact["id"]]


def test_a_contact_is_never_changed_a_correction_refers_to_it(
    personas: Personas, charged: CaseFile
) -> None:
    api = Api(personas.officer)
    complainant = c1(charged)
    first = api.post(
        under(complainant, "contacts/"),
        {
            "contacted_at": timezone.now().isoformat(),
            "channel": "phone",
            "direction": "out",
            "summary": "Called about the charge.",
        },
    ).json()
    url = under(complainant, f"contacts/{first['id']}/")
    for method in ("put", "patch", "delete"):
        answer = getattr(api.client, method)(
            url, {"summary": "Rewritten"}, content_type="application/json"
        )
        assert answer.status_code == 405, method
    assert Contact.objects.get(pk=first["id"]).summary == "Called about the charge."

    response = api.post(
        f"{url}correct/",
        {
            "contacted_at": timezone.now().isoformat(),
            "channel": "video",
            "direction": "out",
            "summary": "It was a video call, not a phone call.",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["corrects"] == first["id"]
    assert response.json()["communicated"] == []
    assert api.get(url).json()["corrections"] == [response.json()["id"]]
    assert Contact.objects.get(pk=first["id"]).channel == "phone"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contacted_at": "2999-01-01T10:00:00Z"}, "cannot be in the future"),
        ({"contacted_at": "2001-01-01T10:00:00Z"}, "The contact cannot be before the case"),
        ({"summary": "  "}, "Enter a summary of the contact"),
        ({"through_isva": True}, "has not agreed to information being shared with an ISVA"),
        ({"communicated": [999999]}, "Choose only updates that are owed to this complainant"),
    ],
)
def test_a_bad_contact_is_refused_and_nothing_is_logged(
    personas: Personas, charged: CaseFile, change: dict[str, Any], message: str
) -> None:
    complainant = c1(charged)
    open_before = Deadline.objects.filter(case=charged, status=DeadlineStatus.OPEN).count()
    response = Api(personas.officer).post(
        under(complainant, "contacts/"),
        {
            "contacted_at": timezone.now().isoformat(),
            "channel": "phone",
            "direction": "out",
            "summary": "Called.",
            **change,
        },
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Contact.objects.exists()
    assert Deadline.objects.filter(case=charged, status=DeadlineStatus.OPEN).count() == open_before


@pytest.mark.parametrize("who", ["supervisor", "cps_spoc"])
def test_the_contact_log_and_letters_are_404_to_who_may_not_see_the_identity(
    personas: Personas, charged: CaseFile, who: str
) -> None:
    complainant = c1(charged)
    officer = Api(personas.officer)
    contact = officer.post(
        under(complainant, "contacts/"),
        {
            "contacted_at": timezone.now().isoformat(),
            "channel": "phone",
            "direction": "out",
            "summary": "Called.",
        },
    ).json()
    letter = officer.post(under(complainant, "letters/"), {"kind": "charge"}).json()
    api = Api(getattr(personas, who))
    for url in (
        under(complainant, "contacts/"),
        under(complainant, f"contacts/{contact['id']}/"),
        under(complainant, "letters/"),
        under(complainant, f"letters/{letter['id']}/"),
        under(complainant, f"letters/{letter['id']}/download/"),
    ):
        assert api.get(url).status_code == 404, url
    now = timezone.now().isoformat()
    for url, data in (
        (
            under(complainant, "contacts/"),
            {"contacted_at": now, "channel": "phone", "direction": "out", "summary": "x"},
        ),
        (
            under(complainant, f"contacts/{contact['id']}/correct/"),
            {"contacted_at": now, "channel": "phone", "direction": "out", "summary": "x"},
        ),
        (under(complainant, "letters/"), {"kind": "charge"}),
        (under(complainant, f"letters/{letter['id']}/mark-sent/"), {"sent_at": now}),
    ):
        assert api.post(url, data).status_code == 404, url
    assert Contact.objects.count() == 1
    assert Letter.objects.get().sent_contact_id is None


def test_the_contact_log_costs_the_same_for_one_entry_as_for_twelve(
    personas: Personas, charged: CaseFile, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    complainant = c1(charged)
    api = Api(personas.officer)
    url = under(complainant, "contacts/")

    def log(summary: str) -> Any:
        return api.post(
            url,
            {
                "contacted_at": timezone.now().isoformat(),
                "channel": "phone",
                "direction": "out",
                "summary": summary,
            },
        ).json()

    first = log("one")
    for n in range(10):
        log(str(n))
    api.post(
        f"{url}{first['id']}/correct/",
        {
            "contacted_at": timezone.now().isoformat(),
            "channel": "text",
            "direction": "out",
            "summary": "It was a text.",
        },
    )
    # 1 token, 1 memberships, 1 case, 1 audit row (a view of the case),
    # 1 grant check (the identity is theirs; not asked of the OIC),
    # 1 complainant, 1 count, 1 page of contacts with who recorded them,
    # 1 the updates each communicated, 1 the corrections of each.
    with django_assert_max_num_queries(10):
        response = api.client.get(url)
    assert response.json()["count"] == 12


# -- letters --------------------------------------------------------------------------------


def test_a_letter_is_generated_downloaded_and_marked_sent(
    personas: Personas, charged: CaseFile
) -> None:
    api = Api(personas.officer)
    complainant = c1(charged)
    wrong = api.post(under(complainant, "letters/"), {"kind": "nfa"})
    assert wrong.status_code == 400
    assert "is not for a case that is charged" in wrong.json()["detail"]
    assert api.post(under(complainant, "letters/"), {"kind": "poem"}).status_code == 400
    assert not Letter.objects.exists()

    response = api.post(under(complainant, "letters/"), {"kind": "charge"})
    assert response.status_code == 201, response.json()
    letter = response.json()
    assert letter["sent_at"] is None

    download = api.client.get(letter["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "C1" in disposition and "Complainant" not in disposition
    assert download.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="complainant.letter_downloaded", object_id=str(letter["id"])
    ).exists()

    url = under(complainant, f"letters/{letter['id']}/mark-sent/")
    sent_at = timezone.now().isoformat()
    response = api.post(url, {"sent_at": sent_at, "channel": "email"})
    assert response.status_code == 200, response.json()
    assert response.json()["sent_at"] is not None
    contact = Contact.objects.get(pk=response.json()["sent_contact"])
    assert (contact.channel, contact.summary) == ("email", "Point-of-charge letter sent")
    again = api.post(url, {"sent_at": sent_at})
    assert again.status_code == 400
    assert again.json() == {"detail": "This letter is already marked as sent"}
    assert Contact.objects.count() == 1


def test_the_cps_introduction_letter_comes_from_the_prosecutor(
    personas: Personas, charged: CaseFile
) -> None:
    complainant = c1(charged)
    refused = Api(personas.officer).post(under(complainant, "letters/"), {"kind": "cps_hello"})
    assert refused.status_code == 403
    assert "The CPS introduction letter comes from the prosecutor" in refused.json()["detail"]
    response = Api(personas.prosecutor).post(under(complainant, "letters/"), {"kind": "cps_hello"})
    assert response.status_code == 201
    assert Letter.objects.get().generated_by == personas.prosecutor


# -- reviews ----------------------------------------------------------------------------------


def test_a_police_review_requested_acknowledged_and_overturned(personas: Personas) -> None:
    case = police_nfa(personas)
    complainant = c1(case)
    today = timezone.localdate()
    officer, supervisor = Api(personas.officer), Api(personas.supervisor)
    response = officer.post(
        under(complainant, "reviews/"), {"told_on": str(today), "requested_on": str(today)}
    )
    assert response.status_code == 201, response.json()
    review = response.json()
    assert (review["scheme"], review["in_time"], review["pseudonym"]) == ("police", True, "C1")
    assert review["acknowledge_by"] is not None and review["complete_by"] is not None
    twice = officer.post(
        under(complainant, "reviews/"), {"told_on": str(today), "requested_on": str(today)}
    )
    assert twice.status_code == 400
    assert twice.json() == {"detail": "C1 already has a review in progress"}

    url = under(complainant, f"reviews/{review['id']}/")
    # The review is the supervisor's: independent of the officer who decided.
    assert officer.post(f"{url}acknowledge/").status_code == 403
    # The supervisor sees the review (it names no one) but not the identity.
    assert supervisor.get(url).json()["pseudonym"] == "C1"
    response = supervisor.post(f"{url}acknowledge/", {})
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert response.json()["acknowledge_by"] is None

    no_reasons = supervisor.post(f"{url}complete/", {"outcome": "overturned", "reasons": ""})
    assert no_reasons.status_code == 400
    assert no_reasons.json() == {"detail": "Give the reasons for the outcome"}
    response = supervisor.post(
        f"{url}complete/",
        {"outcome": "overturned", "reasons": "A line of enquiry was not pursued."},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["outcome"]) == ("completed", "overturned")
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert case.events.filter(description__contains="Victims' Right to Review").exists()


def test_a_late_cps_review_needs_a_reason(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    decide(personas.prosecutor, case, **EVIDENTIAL_NFA)
    complainant = c1(case)
    prosecutor = Api(personas.prosecutor)
    today = timezone.localdate()
    told = today - timedelta(days=30)
    late = {"told_on": str(told), "requested_on": str(today)}
    response = prosecutor.post(under(complainant, "reviews/"), late)
    assert response.status_code == 400
    assert "give the reason it is accepted" in response.json()["detail"]
    assert not Review.objects.exists()
    response = prosecutor.post(
        under(complainant, "reviews/"), {**late, "late_reason": "In hospital until last week."}
    )
    assert response.status_code == 201
    assert (response.json()["scheme"], response.json()["in_time"]) == ("cps", False)
    url = under(complainant, f"reviews/{response.json()['id']}/complete/")
    assert prosecutor.post(url, {"outcome": "upheld", "reasons": "Sound."}).status_code == 403
    done = Api(personas.cps_spoc).post(url, {"outcome": "upheld", "reasons": "Sound."})
    assert done.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.CPS_NFA


def test_a_reviews_reasons_are_only_for_the_entitled_and_its_reviewers(
    personas: Personas,
) -> None:
    """The reasons are free text and may name her: the police supervisor
    sees the CPS review (by pseudonym) but not its reasons, whose keys are
    absent; the prosecutor (entitled) and the Area's CPS SPOC (the reviewer)
    read them."""
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    decide(personas.prosecutor, case, **EVIDENTIAL_NFA)
    complainant = c1(case)
    today = timezone.localdate()
    late_reason = "Ottilie Farthingale said the suspect lives next door."
    requested = Api(personas.prosecutor).post(
        under(complainant, "reviews/"),
        {"told_on": str(today - timedelta(days=30)), "requested_on": str(today)},
    )
    assert requested.status_code == 400  # late: the reason is needed (and then kept)
    requested = Api(personas.prosecutor).post(
        under(complainant, "reviews/"),
        {
            "told_on": str(today - timedelta(days=30)),
            "requested_on": str(today),
            "late_reason": late_reason,
        },
    )
    assert requested.status_code == 201, requested.json()
    assert requested.json()["late_reason"] == late_reason
    url = under(complainant, f"reviews/{requested.json()['id']}/")
    outcome_reasons = "Farthingale was not asked about the CCTV at Wickham Close."
    done = Api(personas.cps_spoc).post(
        f"{url}complete/", {"outcome": "upheld", "reasons": outcome_reasons}
    )
    assert done.status_code == 200, done.json()
    assert done.json()["outcome_reasons"] == outcome_reasons

    for user, sees_reasons in (
        (personas.prosecutor, True),
        (personas.officer, True),
        (personas.cps_spoc, True),
        (personas.supervisor, False),
    ):
        api = Api(user)
        listed = api.get(under(complainant, "reviews/"))
        one = api.get(url)
        assert listed.status_code == one.status_code == 200
        for review in (listed.json()["results"][0], one.json()):
            assert review["pseudonym"] == "C1"
            assert review["outcome"] == "upheld"
            if sees_reasons:
                assert (review["late_reason"], review["outcome_reasons"]) == (
                    late_reason,
                    outcome_reasons,
                )
            else:
                assert "late_reason" not in review and "outcome_reasons" not in review
                text = listed.content.decode() + one.content.decode()
                assert not [s for s in IDENTITY_STRINGS if s in text], text


@pytest.mark.parametrize("scheme", ["police", "cps"])
@pytest.mark.parametrize(
    ("told_on", "requested_on", "message"),
    [
        # The window after the last date there is would be past it: refused first.
        ("9999-12-31", "9999-12-31", "The dates cannot be in the future"),
        ("0001-01-01", "0001-01-01", "before the case was reported (1 March 2026)"),
        ("0001-01-01", None, "before the case was reported (1 March 2026)"),
    ],
)
def test_review_dates_at_the_ends_of_the_calendar_are_refused(
    personas: Personas, scheme: str, told_on: str, requested_on: str | None, message: str
) -> None:
    if scheme == "police":
        case, api = police_nfa(personas), Api(personas.officer)
    else:
        case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
        decide(personas.prosecutor, case, **EVIDENTIAL_NFA)
        api = Api(personas.prosecutor)
    response = api.post(
        under(c1(case), "reviews/"),
        {"told_on": told_on, "requested_on": requested_on or str(timezone.localdate())},
    )
    assert response.status_code == 400, response.content[:300]
    assert message in response.json()["detail"]
    assert not Review.objects.exists()
    assert not Deadline.objects.filter(source__startswith="victims.review:").exists()


EXTREMES = ["9999-12-31", "0001-01-01"]
EXTREME_TIMES = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00"]


def test_no_date_at_the_ends_of_the_calendar_breaks_an_endpoint(personas: Personas) -> None:
    """Every date the complainants' endpoints take, at either end of the
    calendar: a clear 400, never a 500, and nothing saved."""
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    decide(personas.prosecutor, case, **EVIDENTIAL_NFA)
    complainant = c1(case)
    oic, prosecutor, spoc = Api(personas.officer), Api(personas.prosecutor), Api(personas.cps_spoc)
    today = str(timezone.localdate())
    letter = oic.post(under(complainant, "letters/"), {"kind": "nfa"})
    assert letter.status_code == 201, letter.json()
    review = prosecutor.post(
        under(complainant, "reviews/"), {"told_on": today, "requested_on": today}
    )
    assert review.status_code == 201, review.json()
    review_url = under(complainant, f"reviews/{review.json()['id']}/")
    contact = {"channel": "phone", "direction": "out", "summary": "Rang C1."}
    before = (Contact.objects.count(), SupportWithdrawal.objects.count(), Deadline.objects.count())

    attempts: list[tuple[Api, str, dict[str, Any]]] = []
    for day in EXTREMES:
        attempts += [
            (
                oic,
                under(complainant, "withdraw-support/"),
                {"withdrawn_on": day, "reason": "fear", "support_offered": True},
            ),
            (
                oic,
                complainants_url(case, f"{complainant.pk}/"),
                {"version": 1, "vps_offered_on": day},
            ),
            (
                oic,
                complainants_url(case, f"{complainant.pk}/"),
                {"version": 1, "date_of_birth": day},
            ),
            (spoc, f"{review_url}acknowledge/", {"acknowledged_on": day}),
            (
                spoc,
                f"{review_url}complete/",
                {"outcome": "upheld", "reasons": "Sound.", "completed_on": day},
            ),
        ]
    for when in EXTREME_TIMES:
        attempts += [
            (oic, under(complainant, "contacts/"), {**contact, "contacted_at": when}),
            (
                oic,
                under(complainant, f"letters/{letter.json()['id']}/mark-sent/"),
                {"sent_at": when},
            ),
        ]
    for api, url, body in attempts:
        method = api.patch if url.endswith(f"/complainants/{complainant.pk}/") else api.post
        response = method(url, body)
        assert response.status_code == 400, (
            url,
            body,
            response.status_code,
            response.content[:200],
        )
    assert (
        Contact.objects.count(),
        SupportWithdrawal.objects.count(),
        Deadline.objects.count(),
    ) == before
    assert Review.objects.get().status == "requested"
    complainant.refresh_from_db()
    assert complainant.version == 1


def test_a_review_of_a_case_that_was_not_nfa_is_refused(
    personas: Personas, charged: CaseFile
) -> None:
    today = str(timezone.localdate())
    response = Api(personas.officer).post(
        under(c1(charged), "reviews/"), {"told_on": today, "requested_on": today}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "A review is of a decision to take no further action"}


# -- outsiders --------------------------------------------------------------------------------


def every_endpoint(
    case: CaseFile, complainant: Complainant
) -> list[tuple[str, str, dict[str, Any]]]:
    now = timezone.now().isoformat()
    today = str(timezone.localdate())
    contact = {"contacted_at": now, "channel": "phone", "direction": "out", "summary": "x"}
    return [
        ("get", complainants_url(case), {}),
        ("post", complainants_url(case), IDENTITY),
        ("get", complainants_url(case, f"{complainant.pk}/"), {}),
        ("patch", complainants_url(case, f"{complainant.pk}/"), {"version": 1, "language": "x"}),
        (
            "post",
            complainants_url(case, f"{complainant.pk}/withdraw-support/"),
            {"withdrawn_on": today, "reason": "fear", "support_offered": True},
        ),
        (
            "post",
            complainants_url(case, f"{complainant.pk}/reinstate-support/"),
            {"reinstated_on": today},
        ),
        ("get", under(complainant, "contacts/"), {}),
        ("post", under(complainant, "contacts/"), contact),
        ("get", under(complainant, "letters/"), {}),
        ("post", under(complainant, "letters/"), {"kind": "charge"}),
        ("get", under(complainant, "reviews/"), {}),
        ("post", under(complainant, "reviews/"), {"told_on": today, "requested_on": today}),
    ]


def outsiders(personas: Personas) -> dict[str, User]:
    return {
        "officer of another force": personas.other_force_officer,
        "Kent colleague not granted the case": personas.colleague,
        "prosecutor of another Area": personas.other_area_prosecutor,
        "panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }


def test_outsiders_get_404_everywhere_and_nothing_is_saved(
    personas: Personas, charged: CaseFile
) -> None:
    complainant = c1(charged)
    officer = Api(personas.officer)
    now = timezone.now().isoformat()
    contact = officer.post(
        under(complainant, "contacts/"),
        {"contacted_at": now, "channel": "phone", "direction": "out", "summary": "Called."},
    ).json()
    letter = officer.post(under(complainant, "letters/"), {"kind": "charge"}).json()
    endpoints = [
        *every_endpoint(charged, complainant),
        ("get", under(complainant, f"contacts/{contact['id']}/"), {}),
        (
            "post",
            under(complainant, f"contacts/{contact['id']}/correct/"),
            {"contacted_at": now, "channel": "phone", "direction": "out", "summary": "x"},
        ),
        ("get", under(complainant, f"letters/{letter['id']}/download/"), {}),
        ("post", under(complainant, f"letters/{letter['id']}/mark-sent/"), {"sent_at": now}),
    ]
    counts = (Complainant.objects.count(), Contact.objects.count(), Review.objects.count())
    for name, user in outsiders(personas).items():
        api = Api(user)
        for method, url, data in endpoints:
            response = api.get(url) if method == "get" else getattr(api, method)(url, data)
            assert response.status_code == 404, (name, method, url, response.status_code)
            assert "Complainant" not in response.content.decode()
    assert (Complainant.objects.count(), Contact.objects.count(), Review.objects.count()) == counts
    assert Letter.objects.get().sent_contact_id is None
    # Someone else's complainant id under a case you may see is a 404 too.
    other = complete_case(personas.other_force_officer, "Durham")
    assert officer.get(complainants_url(charged, f"{c1(other).pk}/")).status_code == 404


def test_without_credentials_the_answer_is_401(charged: CaseFile) -> None:
    response = Client().get(complainants_url(charged))
    assert response.status_code == 401


# -- the schema -------------------------------------------------------------------------------


def test_the_schema_says_the_identity_is_only_for_those_entitled(
    client: Any, personas: Personas
) -> None:
    client.force_login(personas.officer)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    complainant_path = "/api/v1/cases/{case_pk}/complainants/{complainant_pk}"
    for path, method in [
        ("/api/v1/cases/{case_pk}/complainants/", "get"),
        ("/api/v1/cases/{case_pk}/complainants/", "post"),
        ("/api/v1/cases/{case_pk}/complainants/{id}/", "patch"),
        ("/api/v1/cases/{case_pk}/complainants/{id}/withdraw-support/", "post"),
        ("/api/v1/cases/{case_pk}/complainants/{id}/reinstate-support/", "post"),
        (f"{complainant_path}/contacts/", "post"),
        (f"{complainant_path}/contacts/{{id}}/correct/", "post"),
        (f"{complainant_path}/letters/", "post"),
        (f"{complainant_path}/letters/{{id}}/download/", "get"),
        (f"{complainant_path}/letters/{{id}}/mark-sent/", "post"),
        (f"{complainant_path}/reviews/", "post"),
        (f"{complainant_path}/reviews/{{id}}/acknowledge/", "post"),
        (f"{complainant_path}/reviews/{{id}}/complete/", "post"),
    ]:
        assert method in paths.get(path, {}), (path, method)
    for verb in ("put", "patch", "delete"):
        assert verb not in paths[f"{complainant_path}/contacts/{{id}}/"]
    component = schema["components"]["schemas"]["Complainant"]
    assert "first_names" in component["properties"]
    assert "first_names" not in component["required"]
    assert "pseudonym" in component["required"]
    assert schema["components"]["schemas"]["PatchedComplainantUpdate"]["required"] == ["version"]
    # A review's reasons are in the answer only for some: documented, not required.
    review = schema["components"]["schemas"]["Review"]
    for name in ("late_reason", "outcome_reasons"):
        assert name not in review["required"]
        assert "Present only for those entitled" in review["properties"][name]["description"]
    assert {"pseudonym", "scheme", "status"} <= set(review["required"])
