"""Victim information requests over the API: the same story, services and
visibility as the browser.

Dana Officer drafts a request for counselling records whose rationale rests
on the complainant's credibility; a Kent supervisor approves it and overrides
the flag, reading it by pseudonym only; the prosecutor agrees; the complainant
is told; it is sent, the material received and reviewed. Bad input saves
nothing, a rule's refusal is a 403 with its reason, and everyone who need not
know the request exists gets 404, whatever they ask for.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.models import CaseFile, Deadline, DeadlineStatus
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from disclosure.requests.services import REPLY_DEADLINE_KIND, RequestDetails
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent
from tests.cases.factories import complete_case
from tests.cases.test_api import Api, queries
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.requests.factories import (
    COUNSELLING,
    CREDIBILITY,
    GP,
    agreed,
    complainant_of,
    drafted,
    sent,
    submitted,
    with_prosecutor,
)
from victims.models import Contact

pytestmark = pytest.mark.django_db

# What names the complainant of ``case`` (complete_case records Jane Complainant).
NAMED = "Jane Complainant told the ABE interviewer she saw a counsellor on 5 March"
IDENTITY_KEYS = {
    "first_names",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
}

# A counselling request whose rationale rests on credibility: it needs both
# the senior officer's approval and the override.
FLAGGED_COUNSELLING = replace(
    COUNSELLING,
    line_of_enquiry=CREDIBILITY.line_of_enquiry,
    relevance=CREDIBILITY.relevance,
    holder_has_it=NAMED,
)


def requests_url(case: CaseFile, pk: int | None = None, move: str = "") -> str:
    url = f"/api/v1/cases/{case.pk}/victim-information-requests/"
    if pk is not None:
        url += f"{pk}/"
    return url + (f"{move}/" if move else "")


def body(case: CaseFile, details: RequestDetails = GP, **changes: Any) -> dict[str, Any]:
    """A request as a client sends it."""
    data = {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in asdict(details).items()
    }
    return {"complainant": complainant_of(case).pk, **data, **changes}


def status_of(pk: int) -> str:
    return VictimInformationRequest.objects.get(pk=pk).status


def ok(response: Any, code: int = 200) -> dict[str, Any]:
    assert response.status_code == code, response.content
    answer: dict[str, Any] = response.json()
    return answer


# -- the whole life of a request -------------------------------------------------------


def test_a_flagged_counselling_request_from_draft_to_review(
    personas: Personas, case: CaseFile
) -> None:
    officer, supervisor = Api(personas.officer), Api(personas.supervisor)
    prosecutor = Api(personas.prosecutor)

    drafted_ = ok(officer.post(requests_url(case), body(case, FLAGGED_COUNSELLING)), 201)
    pk = drafted_["id"]
    assert drafted_["status"] == RequestStatus.DRAFT
    assert drafted_["pseudonym"] == "C1"
    assert drafted_["credibility_flagged"] is True
    assert "credib" in drafted_["credibility_terms"]
    # The officer reads what they wrote, and is told how others will read it.
    assert drafted_["holder_has_it"] == NAMED
    assert "C1" in drafted_["warnings"][0]
    # A draft is the officer's: the supervisor does not know of it yet.
    assert supervisor.get(requests_url(case, pk)).status_code == 404

    submitted_ = ok(officer.post(requests_url(case, pk, "submit")))
    assert submitted_["status"] == RequestStatus.AWAITING_APPROVAL

    listed = ok(supervisor.get(requests_url(case)))
    assert [r["id"] for r in listed["results"]] == [pk]
    approved = ok(
        supervisor.post(
            requests_url(case, pk, "approve"), {"reasons": "The first account is the only one."}
        )
    )
    # The flag still awaits its override.
    assert approved["status"] == RequestStatus.AWAITING_APPROVAL
    assert approved["approved_by"]["id"] == personas.supervisor.pk
    overridden = ok(
        supervisor.post(
            requests_url(case, pk, "override"),
            {"reasons": "It serves the line about a recent complaint."},
        )
    )
    assert overridden["status"] == RequestStatus.AWAITING_CPS

    agreed_ = ok(
        prosecutor.post(requests_url(case, pk, "cps-decision"), {"cps_decision": "agreed"})
    )
    assert agreed_["status"] == RequestStatus.AGREED
    assert agreed_["cps_decision"] == "agreed"

    noticed = ok(
        officer.post(
            requests_url(case, pk, "notice"),
            {
                "given_at": timezone.now().isoformat(),
                "channel": "letter",
                "summary": "What is sought, why, and how it will be kept.",
            },
        )
    )
    assert noticed["notice_given_on"] == timezone.localdate().isoformat()
    assert Contact.objects.filter(pk=noticed["notice_contact"]).exists()
    viewed = ok(officer.post(requests_url(case, pk, "view"), {"view": "She agrees, reluctantly."}))
    assert viewed["complainant_view"] == "She agrees, reluctantly."

    today = timezone.localdate()
    sent_ = ok(
        officer.post(
            requests_url(case, pk, "send"),
            {"sent_on": today.isoformat(), "reply_by": (today + timedelta(days=14)).isoformat()},
        )
    )
    assert sent_["status"] == RequestStatus.SENT
    deadline = Deadline.objects.get(pk=sent_["reply_deadline"])
    assert deadline.owner == personas.officer

    received = ok(
        officer.post(
            requests_url(case, pk, "receive"),
            {"received_on": today.isoformat(), "material": "Notes of two sessions."},
        )
    )
    assert received["status"] == RequestStatus.RECEIVED
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET

    reviewed = ok(
        officer.post(
            requests_url(case, pk, "review"),
            {"relevant": True, "relevant_summary": "The note of 5 March only."},
        )
    )
    assert reviewed["status"] == RequestStatus.REVIEWED
    assert reviewed["reviewed_by"]["id"] == personas.officer.pk
    assert status_of(pk) == RequestStatus.REVIEWED


def test_changes_asked_for_are_made_to_the_draft_and_it_goes_back(
    personas: Personas, case: CaseFile
) -> None:
    officer, prosecutor = Api(personas.officer), Api(personas.prosecutor)
    request = submitted(personas, case)
    changes = ok(
        prosecutor.post(
            requests_url(case, request.pk, "cps-decision"),
            {"cps_decision": "changes", "reasons": "Narrow it to the day after."},
        )
    )
    assert changes["status"] == RequestStatus.DRAFT
    assert changes["returned_reason"] == "Narrow it to the day after."

    changed = ok(
        officer.patch(
            requests_url(case, request.pk), {"date_from": "2026-03-02", "date_to": "2026-03-03"}
        )
    )
    # Only what was sent changed.
    assert (changed["date_from"], changed["date_to"]) == ("2026-03-02", "2026-03-03")
    assert changed["information_sought"] == GP.information_sought
    assert ok(officer.post(requests_url(case, request.pk, "submit")))["status"] == (
        RequestStatus.AWAITING_CPS
    )


def test_a_supervisor_returns_a_request_and_sees_it_no_more(
    personas: Personas, case: CaseFile
) -> None:
    supervisor = Api(personas.supervisor)
    request = submitted(personas, case, CREDIBILITY)
    returned = ok(
        supervisor.post(
            requests_url(case, request.pk, "return"), {"reason": "Say which fact it bears on."}
        )
    )
    assert returned["status"] == RequestStatus.DRAFT
    assert supervisor.get(requests_url(case, request.pk)).status_code == 404


def test_a_request_is_withdrawn_and_its_reply_deadline_cancelled(
    personas: Personas, case: CaseFile
) -> None:
    request = sent(personas, case)
    withdrawn = ok(
        Api(personas.officer).post(
            requests_url(case, request.pk, "withdraw"), {"reason": "The suspect admitted it."}
        )
    )
    assert withdrawn["status"] == RequestStatus.WITHDRAWN
    assert Deadline.objects.get(pk=withdrawn["reply_deadline"]).status == (DeadlineStatus.CANCELLED)


def test_notice_withheld_with_a_reason(personas: Personas, case: CaseFile) -> None:
    request = agreed(personas, case)
    answer = ok(
        Api(personas.officer).post(
            requests_url(case, request.pk, "notice-delay"),
            {"notice_delay": "withheld", "reason": "Telling her would alert the suspect."},
        )
    )
    assert answer["notice_delay"] == "withheld"
    assert answer["notice_delay_reason"] == "Telling her would alert the suspect."


# -- bad input saves nothing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # Of the wrong shape: the serializer's {field: [...]}.
        ({"holder_kind": "astrologer"}, "holder_kind"),
        ({"date_from": "the spring"}, "date_from"),
        ({"status": "agreed"}, "status"),
        ({"complainant": 999999}, "complainant"),
        # Found wrong by the service: {detail, field: [...]}.
        ({"line_of_enquiry": "  "}, "line_of_enquiry"),
        ({"necessity": ""}, "necessity"),
        ({"date_from": None}, "date_from"),
        ({"date_from": "2026-03-14", "date_to": "2026-03-01"}, "date_to"),
        ({"holder_kind": "counselling", "probative_value": ""}, "probative_value"),
    ],
)
def test_a_request_with_bad_input_is_400_and_nothing_is_saved(
    personas: Personas, case: CaseFile, changes: dict[str, Any], field: str
) -> None:
    response = Api(personas.officer).post(requests_url(case), body(case, **changes))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not VictimInformationRequest.objects.exists()


def test_a_missing_field_is_400_with_the_field_named(personas: Personas, case: CaseFile) -> None:
    data = body(case)
    del data["relevance"]
    response = Api(personas.officer).post(requests_url(case), data)
    assert response.status_code == 400
    assert list(response.json()) == ["relevance"]
    assert not VictimInformationRequest.objects.exists()


def test_every_missing_statutory_test_is_named_at_once(personas: Personas, case: CaseFile) -> None:
    response = Api(personas.officer).post(
        requests_url(case), body(case, holder_has_it="", relevance="", necessity="")
    )
    assert response.status_code == 400
    answer = response.json()
    assert {"holder_has_it", "relevance", "necessity"} <= set(answer)
    assert "necessary and proportionate" in answer["detail"]
    assert not VictimInformationRequest.objects.exists()


def test_a_complainant_of_another_case_is_refused(personas: Personas, case: CaseFile) -> None:
    other = complete_case(personas.officer)
    response = Api(personas.officer).post(
        requests_url(case), body(case, complainant=complainant_of(other).pk)
    )
    assert response.status_code == 400
    assert response.json()["complainant"] == ["Choose a complainant of this case"]
    assert not VictimInformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("move", "data", "field"),
    [
        ("send", {"sent_on": None, "reply_by": None}, "sent_on"),
        ("send", {"sent_on": "2026-03-20"}, "reply_by"),  # missing: shape
        ("notice", {"given_at": None, "channel": "phone", "summary": ""}, "channel"),
        ("notice-delay", {"notice_delay": "later", "reason": "x"}, "notice_delay"),
        ("view", {"view": " "}, "view"),
        ("withdraw", {"reason": ""}, "reason"),
    ],
)
def test_a_move_with_bad_input_changes_nothing(
    personas: Personas, case: CaseFile, move: str, data: dict[str, Any], field: str
) -> None:
    request = agreed(personas, case)
    response = Api(personas.officer).post(requests_url(case, request.pk, move), data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    request.refresh_from_db()
    assert request.status == RequestStatus.AGREED
    assert request.notice_given_on is None
    assert request.notice_delay == ""
    assert request.complainant_view == ""


def test_a_request_cannot_be_sent_before_the_complainant_is_told(
    personas: Personas, case: CaseFile
) -> None:
    request = agreed(personas, case)
    today = timezone.localdate().isoformat()
    response = Api(personas.officer).post(
        requests_url(case, request.pk, "send"), {"sent_on": today, "reply_by": today}
    )
    assert response.status_code == 400
    assert "written notice" in response.json()["notice"][0]
    assert status_of(request.pk) == RequestStatus.AGREED
    assert not Deadline.objects.filter(kind=REPLY_DEADLINE_KIND).exists()


# -- a rule refuses: 403 with its reason ----------------------------------------------------


def _refusals(p: Personas, case: CaseFile) -> list[tuple[User, str, int | None, str, Any, str]]:
    """(who, method, request, move, body, the rule's reason)."""
    draft = drafted(p.officer, case)
    awaiting_approval = submitted(p, case, COUNSELLING)
    awaiting_cps = submitted(p, case)
    return [
        (
            p.supervisor,
            "post",
            None,
            "",
            body(case),
            "Only the officers of the case can ask for a complainant's information",
        ),
        (
            p.prosecutor,
            "post",
            draft.pk,
            "submit",
            {},
            "Only the officers of the case can submit the request",
        ),
        (
            p.officer,
            "post",
            awaiting_approval.pk,
            "approve",
            {"reasons": "I approve of myself."},
            "Only a police supervisor of the force can approve the request",
        ),
        (
            p.supervisor,
            "post",
            awaiting_approval.pk,
            "override",
            {"reasons": "Nothing to override."},
            "This request is not flagged: there is nothing to override",
        ),
        (
            p.supervisor,
            "post",
            awaiting_approval.pk,
            "cps-decision",
            {"cps_decision": "agreed"},
            "Only the prosecutor on the case can decide on the request",
        ),
        (
            p.officer,
            "patch",
            awaiting_cps.pk,
            "",
            {"necessity": "More so now."},
            "This request is awaiting the prosecutor: only a draft can be changed",
        ),
        (
            p.officer,
            "post",
            awaiting_cps.pk,
            "send",
            {"sent_on": "2026-03-20", "reply_by": "2026-04-03"},
            "This request is awaiting the prosecutor: it cannot be sent",
        ),
        (
            p.prosecutor,
            "post",
            awaiting_cps.pk,
            "withdraw",
            {"reason": "Not needed."},
            "Only the officers of the case can withdraw the request",
        ),
    ]


def test_a_rule_refuses_with_its_reason_and_nothing_changes(
    personas: Personas, case: CaseFile
) -> None:
    for who, method, pk, move, data, reason in _refusals(personas, case):
        before = {r.pk: (r.status, r.updated_at) for r in VictimInformationRequest.objects.all()}
        api = Api(who)
        call = api.post if method == "post" else api.patch
        response = call(requests_url(case, pk, move), data)
        assert response.status_code == 403, (move, response.content)
        assert response.json()["detail"] == reason
        after = {r.pk: (r.status, r.updated_at) for r in VictimInformationRequest.objects.all()}
        assert after == before, move


# -- who need not know: 404 everywhere -----------------------------------------------------


def every_endpoint(case: CaseFile, pk: int) -> list[tuple[str, str, dict[str, Any]]]:
    today = timezone.localdate().isoformat()
    moves: list[tuple[str, dict[str, Any]]] = [
        ("submit", {}),
        ("approve", {"reasons": "Fine."}),
        ("override", {"reasons": "Fine."}),
        ("return", {"reason": "No."}),
        ("cps-decision", {"cps_decision": "agreed"}),
        ("notice", {"given_at": timezone.now().isoformat(), "channel": "letter", "summary": "x"}),
        ("notice-delay", {"notice_delay": "delayed", "reason": "x"}),
        ("view", {"view": "x"}),
        ("send", {"sent_on": today, "reply_by": today}),
        ("receive", {"received_on": today, "material": "x"}),
        ("review", {"relevant": False}),
        ("withdraw", {"reason": "x"}),
    ]
    return [
        ("get", requests_url(case), {}),
        ("post", requests_url(case), body(case)),
        ("get", requests_url(case, pk), {}),
        ("patch", requests_url(case, pk), {"necessity": "x"}),
        *[("post", requests_url(case, pk, move), data) for move, data in moves],
    ]


def _call(api: Api, method: str, url: str, data: dict[str, Any]) -> Any:
    if method == "get":
        return api.get(url)
    if method == "patch":
        return api.patch(url, data)
    return api.post(url, data)


OUTSIDERS = [
    "officer of another force",
    "prosecutor of another Area",
    "CPS SPOC of another Area",
    "panel member",
    "manager",
    "administrator",
    "Kent colleague not granted the case",
]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_every_endpoint(personas: Personas, case: CaseFile, who: str) -> None:
    request = submitted(personas, case, FLAGGED_COUNSELLING)
    everyone = {**outsiders(personas), "Kent colleague not granted the case": personas.colleague}
    api = Api(everyone[who])
    for method, url, data in every_endpoint(case, request.pk):
        response = _call(api, method, url, data)
        assert response.status_code == 404, (method, url, response.content)
        assert "Jane" not in response.content.decode()
    assert VictimInformationRequest.objects.count() == 1
    assert status_of(request.pk) == RequestStatus.AWAITING_APPROVAL


def test_a_request_the_reader_may_not_see_on_a_case_they_may_is_404(
    personas: Personas, case: CaseFile
) -> None:
    """The supervisor sees the case, but not an officer's draft nor an
    ordinary request; and a request is found only under its own case."""
    draft = drafted(personas.officer, case)
    ordinary = submitted(personas, case)
    supervisor = Api(personas.supervisor)
    assert ok(supervisor.get(requests_url(case)))["count"] == 0
    for pk in (draft.pk, ordinary.pk):
        assert supervisor.get(requests_url(case, pk)).status_code == 404
        assert supervisor.post(requests_url(case, pk, "approve"), {"reasons": "x"}).status_code == (
            404
        )

    other = with_prosecutor(personas, complete_case(personas.officer))
    officer = Api(personas.officer)
    assert officer.get(requests_url(other, draft.pk)).status_code == 404
    assert officer.post(requests_url(other, draft.pk, "submit")).status_code == 404
    assert status_of(draft.pk) == RequestStatus.DRAFT


# -- the complainant by pseudonym only -------------------------------------------------------


def test_the_supervisor_reads_the_request_without_the_complainants_identity(
    personas: Personas, case: CaseFile
) -> None:
    request = submitted(personas, case, FLAGGED_COUNSELLING)
    supervisor = Api(personas.supervisor)

    one = ok(supervisor.get(requests_url(case, request.pk)))
    listed = ok(supervisor.get(requests_url(case)))["results"][0]
    for answer in (one, listed):
        assert not IDENTITY_KEYS & set(answer)
        assert answer["pseudonym"] == "C1"
        assert answer["holder_has_it"].startswith("C1 told the ABE interviewer")
        text = json.dumps(answer)
        assert "Jane" not in text
        assert "Complainant" not in text

    # Acting on it, they are not warned either (that would confirm a guess).
    approved = ok(
        supervisor.post(requests_url(case, request.pk, "approve"), {"reasons": "Jane asked."})
    )
    assert "warnings" not in approved
    assert "Jane" not in json.dumps({k: v for k, v in approved.items() if k != "approval_reasons"})

    # The officer reads it as written.
    officer = ok(Api(personas.officer).get(requests_url(case, request.pk)))
    assert officer["holder_has_it"] == NAMED
    assert not IDENTITY_KEYS & set(officer)


# -- the read audit ---------------------------------------------------------------------------


def test_every_read_of_a_request_is_audited(personas: Personas, case: CaseFile) -> None:
    request = drafted(personas.officer, case)
    ok(Api(personas.officer).get(requests_url(case, request.pk)))
    event = AuditEvent.objects.get(
        action="disclosure.victim_information_request_view", object_id=str(request.pk)
    )
    assert event.actor == personas.officer
    assert event.object_type == "disclosure.victiminformationrequest"
    # The case read first is a view of the case, as on every endpoint under it.
    assert AuditEvent.objects.filter(
        action="case.view", object_id=str(case.pk), actor=personas.officer
    ).exists()


# -- the list's queries ------------------------------------------------------------------------


def test_the_list_costs_the_same_for_few_requests_as_for_many(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    agreed(personas, case, COUNSELLING)  # approved, decided: every person named
    submitted(personas, case, CREDIBILITY)  # awaiting the supervisor, who sees it
    url = requests_url(case)
    readers = [Api(personas.officer), Api(personas.supervisor), Api(personas.prosecutor)]
    for api in readers:
        api.get(url)  # the token's "last used" is written once, on first use
    one = [queries(api, url) for api in readers]
    for _ in range(2):
        agreed(personas, case, COUNSELLING)
    for _ in range(2):
        submitted(personas, case, CREDIBILITY)
    # The supervisor sees only what awaits their decision.
    counts = {personas.officer: 6, personas.supervisor: 3, personas.prosecutor: 6}
    for api in readers:
        # 1 token and its user, 1 memberships, 1 case, 1 audit row (a view
        # of the case), 1 the cases with requests the reader may see with
        # the identity and 1 their grants (not for the OIC), 1 count, 1 the
        # page (each request with its case, force, Area, complainant and
        # every person named, joined), 1 the grants for the scrubber (not for
        # the OIC) and 1 the complainants it hides (the supervisor only),
        # 1 the read audit.
        with django_assert_max_num_queries(11):
            response = api.client.get(url)
        assert response.json()["count"] == counts[api.user]
    assert [queries(api, url) for api in readers] == one
