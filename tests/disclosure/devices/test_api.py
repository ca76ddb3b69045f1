"""Device extractions over the API: the same story, services and visibility
as the browser. Dana Officer asks to extract C1's messages; C1 is given the
written notice and agrees, confirming it in writing; the messages are
extracted and reviewed and the phone returned. A refusal is recorded without
prejudice; a withdrawal stops everything. Bad input saves nothing, a rule's
refusal is a 403 with its reason, and everyone who need not know the
extraction exists gets 404, whatever they ask for."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.models import CaseFile
from disclosure.devices import rules
from disclosure.devices.models import DeletionMark, DeviceExtraction, ExtractionStatus
from rasso.audit.models import AuditEvent
from tests.cases.factories import complete_case
from tests.cases.test_api import Api, queries
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.devices.factories import PHONE, agreed, drafted, extracted, reviewed
from tests.disclosure.requests.factories import complainant_of, with_prosecutor

pytestmark = pytest.mark.django_db

NAMED = "Jane Complainant sent screenshots, but they show no dates"
IDENTITY_KEYS = {"first_names", "last_name", "date_of_birth", "address", "postcode", "phone"}


def url_of(case: CaseFile, pk: int | None = None, move: str = "") -> str:
    url = f"/api/v1/cases/{case.pk}/device-extractions/"
    if pk is not None:
        url += f"{pk}/"
    return url + (f"{move}/" if move else "")


def body(case: CaseFile, **changes: Any) -> dict[str, Any]:
    """An extraction as a client sends it."""
    data = {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in asdict(PHONE).items()
    }
    data["complainant"] = complainant_of(case).pk
    data["data_categories"] = [str(c) for c in PHONE.data_categories]
    return {**data, **changes}


def ok(response: Any, code: int = 200) -> dict[str, Any]:
    assert response.status_code == code, response.content
    answer: dict[str, Any] = response.json()
    return answer


def today() -> str:
    return timezone.localdate().isoformat()


def status_of(pk: int) -> str:
    return DeviceExtraction.objects.get(pk=pk).status


def test_a_phone_from_draft_to_its_return(personas: Personas, case: CaseFile) -> None:
    officer = Api(personas.officer)

    made = ok(officer.post(url_of(case), body(case, less_intrusive_means=NAMED)), 201)
    pk = made["id"]
    assert made["status"] == ExtractionStatus.DRAFT
    assert made["owner"] == "C1"
    assert made["data_categories"] == ["messages", "social_media"]
    assert made["less_intrusive_means"] == NAMED  # the OIC reads it as written
    assert "C1" in made["warnings"][0]  # and is told how others would
    changed = ok(officer.patch(url_of(case, pk), {"applications": "WhatsApp only"}))
    assert changed["applications"] == "WhatsApp only"
    assert changed["device"] == PHONE.device

    noticed = ok(
        officer.post(url_of(case, pk, "notice"), {"given_on": today(), "in_writing": True})
    )
    assert noticed["status"] == ExtractionStatus.NOTICE_GIVEN
    assert noticed["notice_version"] == rules.NOTICE_VERSION
    agreed_ = ok(
        officer.post(
            url_of(case, pk, "agree"),
            {
                "agreed_on": today(),
                "agreement_confirmation": "signed_form",
                "no_undue_pressure": True,
            },
        )
    )
    assert agreed_["status"] == ExtractionStatus.AGREED
    assert agreed_["agreement_recorded_by"]["id"] == personas.officer.pk
    extracted_ = ok(
        officer.post(
            url_of(case, pk, "extract"), {"extracted_on": today(), "material": "312 messages"}
        )
    )
    assert extracted_["status"] == ExtractionStatus.EXTRACTED
    reviewed_ = ok(
        officer.post(
            url_of(case, pk, "review"),
            {
                "reviewed_on": today(),
                "material_reviewed": "All 312",
                "all_reviewed": True,
                "relevant": True,
                "relevant_summary": "Two messages of 8 March",
            },
        )
    )
    assert reviewed_["status"] == ExtractionStatus.REVIEWED
    returned = ok(officer.post(url_of(case, pk, "return"), {"returned_on": today()}))
    assert returned["status"] == ExtractionStatus.RETURNED
    assert status_of(pk) == ExtractionStatus.RETURNED

    # The prosecutor reads it, list and one, by pseudonym.
    prosecutor = Api(personas.prosecutor)
    assert [e["id"] for e in ok(prosecutor.get(url_of(case)))["results"]] == [pk]
    one = ok(prosecutor.get(url_of(case, pk)))
    assert one["owner"] == "C1" and not IDENTITY_KEYS & set(one)


def test_bad_input_is_400_and_saves_nothing(personas: Personas, case: CaseFile) -> None:
    officer = Api(personas.officer)
    no_scope = officer.post(url_of(case), body(case, data_categories=[], date_from=None))
    assert no_scope.status_code == 400
    assert set(no_scope.json()) >= {"detail", "data_categories", "date_from"}
    unknown = officer.post(url_of(case), body(case, status="agreed"))
    assert unknown.status_code == 400 and "status" in unknown.json()
    both = officer.post(url_of(case), body(case, witness="W1"))
    assert both.json()["witness"] == ["Choose a complainant or name a witness, not both"]
    assert not DeviceExtraction.objects.exists()

    witness = ok(officer.post(url_of(case), body(case, complainant=None, witness="W1")), 201)
    assert witness["owner"] == "W1" and witness["complainant"] is None


def test_no_agreement_no_extraction_and_no_undue_pressure_confirmation(
    personas: Personas, case: CaseFile
) -> None:
    officer = Api(personas.officer)
    extraction = drafted(personas.officer, case)
    early = officer.post(
        url_of(case, extraction.pk, "extract"), {"extracted_on": today(), "material": "x"}
    )
    assert early.status_code == 403
    assert early.json()["detail"] == "No extraction may start without the user's agreement"

    ok(
        officer.post(
            url_of(case, extraction.pk, "notice"), {"given_on": today(), "in_writing": True}
        )
    )
    pressed = officer.post(
        url_of(case, extraction.pk, "agree"),
        {"agreed_on": today(), "agreement_confirmation": "email", "no_undue_pressure": False},
    )
    assert pressed.status_code == 400
    assert pressed.json()["no_undue_pressure"] == [
        "Confirm that no undue pressure was applied to the user to agree"
    ]
    assert status_of(extraction.pk) == ExtractionStatus.NOTICE_GIVEN


def test_a_refusal_is_recorded_without_prejudice(personas: Personas, case: CaseFile) -> None:
    officer = Api(personas.officer)
    extraction = drafted(personas.officer, case)
    ok(
        officer.post(
            url_of(case, extraction.pk, "notice"), {"given_on": today(), "in_writing": True}
        )
    )
    refused = ok(officer.post(url_of(case, extraction.pk, "refuse"), {"refused_on": today()}))
    assert refused["status"] == ExtractionStatus.REFUSED
    assert refused["refusal_statement"] == rules.WITHOUT_PREJUDICE


def test_a_withdrawal_stops_processing_and_marks_the_unreviewed_for_deletion(
    personas: Personas, case: CaseFile
) -> None:
    officer = Api(personas.officer)
    extraction = reviewed(personas.officer, case, all_reviewed=False)
    withdrawn = ok(
        officer.post(
            url_of(case, extraction.pk, "withdraw"),
            {"withdrawn_on": today(), "details": "By email to the OIC"},
        )
    )
    assert withdrawn["status"] == ExtractionStatus.WITHDRAWN
    assert withdrawn["marked_for_deletion"] == DeletionMark.UNREVIEWED
    assert withdrawn["marked_for_deletion_at"] is not None
    again = officer.post(
        url_of(case, extraction.pk, "withdraw"), {"withdrawn_on": today(), "details": "x"}
    )
    assert again.status_code == 403
    returned = ok(officer.post(url_of(case, extraction.pk, "return"), {"returned_on": today()}))
    assert returned["status"] == ExtractionStatus.RETURNED


def test_the_prosecutor_reads_but_every_move_is_403(personas: Personas, case: CaseFile) -> None:
    extraction = agreed(personas.officer, case)
    prosecutor = Api(personas.prosecutor)
    ok(prosecutor.get(url_of(case, extraction.pk)))
    answer = prosecutor.post(
        url_of(case, extraction.pk, "extract"), {"extracted_on": today(), "material": "x"}
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Only the officers of the case can record the extraction"
    assert prosecutor.post(url_of(case), body(case)).status_code == 403
    assert status_of(extraction.pk) == ExtractionStatus.AGREED


# -- who need not know: 404 everywhere -----------------------------------------------------


def every_endpoint(case: CaseFile, pk: int) -> list[tuple[str, str, dict[str, Any]]]:
    moves: list[tuple[str, dict[str, Any]]] = [
        ("notice", {"given_on": today(), "in_writing": True}),
        (
            "agree",
            {"agreed_on": today(), "agreement_confirmation": "email", "no_undue_pressure": True},
        ),
        ("refuse", {"refused_on": today()}),
        ("extract", {"extracted_on": today(), "material": "x"}),
        (
            "review",
            {
                "reviewed_on": today(),
                "material_reviewed": "x",
                "all_reviewed": True,
                "relevant": False,
            },
        ),
        ("withdraw", {"withdrawn_on": today(), "details": "x"}),
        ("return", {"returned_on": today()}),
    ]
    return [
        ("get", url_of(case), {}),
        ("post", url_of(case), body(case)),
        ("get", url_of(case, pk), {}),
        ("patch", url_of(case, pk), {"purpose": "x"}),
        *[("post", url_of(case, pk, move), data) for move, data in moves],
    ]


def _call(api: Api, method: str, url: str, data: dict[str, Any]) -> Any:
    if method == "get":
        return api.get(url)
    if method == "patch":
        return api.patch(url, data)
    return api.post(url, data)


@pytest.mark.parametrize(
    "who",
    [
        "officer of another force",
        "prosecutor of another Area",
        "CPS SPOC of another Area",
        "panel member",
        "manager",
        "administrator",
    ],
)
def test_outsiders_get_404_on_every_endpoint(personas: Personas, case: CaseFile, who: str) -> None:
    extraction = extracted(personas.officer, case, less_intrusive_means=NAMED)
    api = Api(outsiders(personas)[who])
    for method, url, data in every_endpoint(case, extraction.pk):
        response = _call(api, method, url, data)
        assert response.status_code == 404, (method, url, response.content)
        assert "Jane" not in response.content.decode()
    assert DeviceExtraction.objects.count() == 1
    assert status_of(extraction.pk) == ExtractionStatus.EXTRACTED


@pytest.mark.parametrize("who", ["supervisor", "colleague"])
def test_those_who_see_the_case_but_not_the_identity_get_404(
    personas: Personas, case: CaseFile, who: str
) -> None:
    """The force's supervisor sees the case; an extraction is theirs to know
    of no more than the complainant's name. (The colleague, not granted the
    case, does not even see it.)"""
    extraction = extracted(personas.officer, case)
    api = Api(getattr(personas, who))
    listed = api.get(url_of(case))
    if who == "supervisor":
        assert ok(listed)["count"] == 0
    for method, url, data in every_endpoint(case, extraction.pk)[2:]:
        assert _call(api, method, url, data).status_code == 404, (method, url)
    assert status_of(extraction.pk) == ExtractionStatus.EXTRACTED


def test_an_extraction_is_found_only_under_its_own_case(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)
    other = with_prosecutor(personas, complete_case(personas.officer))
    officer = Api(personas.officer)
    assert officer.get(url_of(other, extraction.pk)).status_code == 404
    assert (
        officer.post(
            url_of(other, extraction.pk, "notice"), {"given_on": today(), "in_writing": True}
        )
    ).status_code == 404
    assert status_of(extraction.pk) == ExtractionStatus.DRAFT


def test_every_read_of_an_extraction_is_audited_without_identity(
    personas: Personas, case: CaseFile
) -> None:
    extraction = drafted(personas.officer, case)
    ok(Api(personas.officer).get(url_of(case, extraction.pk)))
    event = AuditEvent.objects.get(
        action="disclosure.device_extraction_view", object_id=str(extraction.pk)
    )
    assert event.actor == personas.officer
    assert "Jane" not in json.dumps(event.detail)


# -- the list's queries ------------------------------------------------------------------------


def test_the_list_costs_the_same_for_one_extraction_as_for_five(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    reviewed(personas.officer, case)  # every person named up to the review
    url = url_of(case)
    readers = [Api(personas.officer), Api(personas.prosecutor)]
    for api in readers:
        api.get(url)  # the token's "last used" is written once, on first use
    one = [queries(api, url) for api in readers]
    for _ in range(2):
        reviewed(personas.officer, case)
    for _ in range(2):
        drafted(personas.officer, case)
    for api in readers:
        # 1 token and its user, 1 memberships, 1 case, 1 audit row (a view
        # of the case), 1 the cases with extractions the reader may see with
        # the identity and 1 their grants (not for the OIC), 1 count, 1 the
        # page (each extraction with its case, force, Area, complainant and
        # every person named, joined), 1 the grants for the scrubber (not for
        # the OIC), 1 the read audit.
        with django_assert_max_num_queries(10):
            response = api.client.get(url)
        assert response.json()["count"] == 5
    assert [queries(api, url) for api in readers] == one
