"""The cases API: the same journeys, services and visibility as the browser.

An investigator opens, edits, shares and submits a case over the API; a
supervisor re-allocates it; the CPS SPOC allocates it; and everyone who need
not know about it gets 404, whatever they ask for.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from pytest_django.fixtures import DjangoAssertNumQueries

from cases import services
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Offence
from rasso.accounts.models import Organisation, User
from rasso.accounts.services import api_token_issue
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create, complete_case, submitted_case
from tests.conftest import Personas
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"

# A complainant whose identity must never reach anyone not entitled to it.
IDENTITY = {
    "first_names": "Zephyrine",
    "last_name": "Quillfeather",
    "date_of_birth": date(1990, 7, 14),
    "address": "12 Lantern Row, Maidstone",
    "phone": "07700 900123",
    "email": "zq@example.org",
}
IDENTITY_STRINGS = [str(v) for v in IDENTITY.values()] + ["1990-07-14"]


class Api:
    """A client signed in with an API token, as an API user would be."""

    def __init__(self, user: User) -> None:
        _, key = api_token_issue(actor=None, user=user)
        self.user = user
        self.client = Client(headers={"Authorization": f"Token {key}"})

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params)

    def post(self, url: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(url, data or {}, content_type="application/json")

    def patch(self, url: str, data: dict[str, Any], **headers: str) -> Any:
        return self.client.patch(url, data, content_type="application/json", headers=headers)


def case_url(case: CaseFile, suffix: str = "") -> str:
    return f"{CASES}{case.pk}/{suffix}"


def kent() -> Organisation:
    return Organisation.objects.get(name="Kent")


def rape() -> Offence:
    return Offence.objects.get(act="Sexual Offences Act 2003", section="1")


# -- who sees what --------------------------------------------------------------


def outsiders(personas: Personas) -> dict[str, User]:
    """Everyone who must not know a submitted, unallocated Kent case exists."""
    return {
        "officer of another force": personas.other_force_officer,
        "Kent colleague not granted the case": personas.colleague,
        "prosecutor of another Area": personas.other_area_prosecutor,
        "unallocated prosecutor of the same Area": personas.prosecutor,
        "scrutiny panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }


def every_endpoint(case: CaseFile, personas: Personas) -> list[tuple[str, str, dict[str, Any]]]:
    document = case.documents.first()
    assert document is not None
    return [
        ("get", case_url(case), {}),
        ("patch", case_url(case), {"version": case.version, "dg6_category": "red"}),
        ("get", case_url(case, "checklist/"), {}),
        ("post", case_url(case, "start-investigation/"), {}),
        ("post", case_url(case, "submit/"), {}),
        ("post", case_url(case, "share/"), {"colleague": personas.colleague.pk}),
        ("post", case_url(case, "reallocate-oic/"), {"oic": personas.colleague.pk}),
        ("post", case_url(case, "allocate/"), {"prosecutor": personas.prosecutor.pk}),
        ("get", case_url(case, "offences/"), {}),
        (
            "post",
            case_url(case, "offences/"),
            {"offence": rape().pk, "committed_from": "2026-01-01"},
        ),
        ("get", case_url(case, "suspects/"), {}),
        ("post", case_url(case, "suspects/"), {"first_names": "A", "last_name": "B"}),
        ("get", case_url(case, "documents/"), {}),
        ("get", case_url(case, f"documents/{document.pk}/download/"), {}),
        ("get", case_url(case, "events/"), {}),
        ("get", case_url(case, "deadlines/"), {}),
    ]


def call(api: Api, method: str, url: str, data: dict[str, Any]) -> Any:
    if method == "get":
        return api.get(url)
    if method == "patch":
        return api.patch(url, data)
    return api.post(url, data)


def test_outsiders_get_404_from_every_endpoint_and_change_nothing(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    before = (case.version, case.events.count(), AuditEvent.objects.count())
    for who, user in outsiders(personas).items():
        api = Api(user)
        audits = AuditEvent.objects.count()
        for method, url, data in every_endpoint(case, personas):
            response = call(api, method, url, data)
            assert response.status_code == 404, (who, method, url, response.content)
            assert case.urn not in response.content.decode(), (who, url)
        # Nothing but the refusals themselves is on record: one each.
        written = AuditEvent.objects.order_by("id")[audits:]
        assert [event.action for event in written] == ["read.refused"] * len(
            every_endpoint(case, personas)
        ), who
        listed = api.get(CASES).json()
        assert case.pk not in [c["id"] for c in listed["results"]], who
    case.refresh_from_db()
    assert case.version == before[0]
    assert case.events.count() == before[1]
    assert not AuditEvent.objects.filter(action="case.view").exists()
    # Besides the refusals and the list reads, only the tokens' issue.
    changes = AuditEvent.objects.exclude(action__in=["read.refused", "list.view"])
    assert changes.count() == before[2] + len(outsiders(personas))


def test_cps_spoc_does_not_see_a_police_draft(personas: Personas) -> None:
    draft = complete_case(personas.officer)
    api = Api(personas.cps_spoc)
    assert api.get(case_url(draft)).status_code == 404
    assert api.get(case_url(draft, "documents/")).status_code == 404
    assert api.get(CASES).json()["count"] == 0


def test_those_who_need_to_know_see_the_case(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    for user in (personas.officer, personas.supervisor, personas.cps_spoc):
        api = Api(user)
        assert api.get(case_url(case)).status_code == 200
        assert [c["urn"] for c in api.get(CASES).json()["results"]] == [case.urn]


def test_every_endpoint_needs_authentication(client: Client, personas: Personas) -> None:
    case = submitted_case(personas.officer)
    for method, url, data in [("get", CASES, {}), *every_endpoint(case, personas)]:
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data, content_type="application/json")
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == "Token"
    assert client.get("/api/v1/offences/").status_code == 401


def test_session_authentication_works_and_checks_csrf(personas: Personas) -> None:
    case = case_create(personas.officer)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.officer)
    assert browser.get(case_url(case)).status_code == 200
    # A signed-in browser cannot be made to act by another site's form.
    refused = browser.post(case_url(case, "start-investigation/"))
    assert refused.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


# -- complainants: identity only for those entitled ---------------------------------


@pytest.fixture
def case_with_complainant(personas: Personas) -> CaseFile:
    case = complete_case(personas.officer)
    complainant_add(actor=personas.officer, case=case, **IDENTITY)
    return services.case_submit_for_charging(actor=personas.officer, case=case)


def complainant(body: dict[str, Any], pseudonym: str) -> dict[str, Any]:
    return next(c for c in body["complainants"] if c["pseudonym"] == pseudonym)


def test_the_oic_sees_the_complainant_s_identity(
    personas: Personas, case_with_complainant: CaseFile
) -> None:
    body = Api(personas.officer).get(case_url(case_with_complainant)).json()
    c2 = complainant(body, "C2")
    assert c2["identity_withheld"] is False
    assert (c2["first_names"], c2["last_name"]) == ("Zephyrine", "Quillfeather")
    assert c2["date_of_birth"] == "1990-07-14"
    assert c2["address"] == IDENTITY["address"]


def test_the_allocated_prosecutor_sees_the_identity(
    personas: Personas, case_with_complainant: CaseFile
) -> None:
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case_with_complainant, prosecutor=personas.prosecutor
    )
    body = Api(personas.prosecutor).get(case_url(case_with_complainant)).json()
    assert complainant(body, "C2")["last_name"] == "Quillfeather"


@pytest.mark.parametrize("persona", ["supervisor", "cps_spoc"])
def test_supervisor_and_cps_spoc_see_only_pseudonyms(
    personas: Personas, case_with_complainant: CaseFile, persona: str
) -> None:
    api = Api(getattr(personas, persona))
    response = api.get(case_url(case_with_complainant))
    assert response.status_code == 200
    body = response.json()
    assert [c["pseudonym"] for c in body["complainants"]] == ["C1", "C2"]
    c2 = complainant(body, "C2")
    assert c2["identity_withheld"] is True
    # Absent, not null: a client cannot even tell which fields are withheld.
    assert not {"first_names", "last_name", "date_of_birth", "address", "phone", "email"} & set(c2)
    # Not anywhere in the answer, nor in the timeline.
    for url in (case_url(case_with_complainant), case_url(case_with_complainant, "events/")):
        text = api.get(url).content.decode()
        for secret in IDENTITY_STRINGS:
            assert secret not in text, (persona, url, secret)


# -- reading a case ----------------------------------------------------------------------


def test_reading_a_case_is_audited_and_gives_its_version(
    personas: Personas, case_with_complainant: CaseFile
) -> None:
    case = case_with_complainant
    response = Api(personas.supervisor).get(case_url(case))
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == case.version
    assert response["ETag"] == f'"{case.version}"'
    assert body["urn"] == case.urn
    assert body["force"]["name"] == "Kent"
    assert body["oic"]["id"] == personas.officer.pk
    assert [o["offence"]["title"] for o in body["offences"]] == ["Rape"]
    assert [s["last_name"] for s in body["suspects"]] == ["Suspectson"]
    view = AuditEvent.objects.get(action="case.view")
    assert view.actor == personas.supervisor
    assert (view.object_type, view.object_id) == ("cases.casefile", str(case.pk))
    assert view.ip_address == "127.0.0.1"


def test_a_case_id_that_is_not_a_number_is_404(personas: Personas) -> None:
    assert Api(personas.officer).get(f"{CASES}abc/").status_code == 404


# -- creating and editing --------------------------------------------------------------


def test_officer_creates_a_case_in_their_own_force(personas: Personas) -> None:
    api = Api(personas.officer)
    response = api.post(CASES, {"urn": "46 KA 00042/26", "reported_on": "2026-03-01"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["urn"] == "46KA0004226"
    assert body["status"] == "draft"
    assert body["force"]["name"] == "Kent"
    assert body["cps_area"]["name"] == "South East"
    assert body["oic"]["id"] == personas.officer.pk
    assert body["version"] == 1
    assert CaseFile.objects.get(pk=body["id"]).events.filter(kind="created").exists()


def test_create_refusals_are_clear_400s(personas: Personas) -> None:
    api = Api(personas.officer)
    bad_urn = api.post(CASES, {"urn": "46KA01"})
    assert bad_urn.status_code == 400
    assert "format" in bad_urn.json()["detail"]
    wrong_force = api.post(CASES, {"urn": "11KA0000126"})
    assert wrong_force.json() == {"detail": "A Kent URN starts with its force code, 46"}
    api.post(CASES, {"urn": "46KA0000126"})
    duplicate = api.post(CASES, {"urn": "46KA0000126"})
    assert duplicate.status_code == 400
    assert "already a case" in duplicate.json()["detail"]
    bad_date = api.post(CASES, {"urn": "46KA0000226", "reported_on": "yesterday"})
    assert bad_date.status_code == 400
    assert "reported_on" in bad_date.json()
    status_set = api.post(CASES, {"urn": "46KA0000326", "status": "charged"})
    assert status_set.json() == {"status": ["This field cannot be set here"]}
    assert CaseFile.objects.count() == 1


def test_only_officers_of_a_force_create_its_cases(personas: Personas) -> None:
    durham = Api(personas.other_force_officer).post(
        CASES, {"urn": "46KA0000126", "force": kent().pk}
    )
    assert durham.status_code == 403
    assert durham.json() == {"detail": "Only officers of Kent can create its cases"}
    prosecutor = Api(personas.prosecutor).post(CASES, {"urn": "46KA0000126"})
    assert prosecutor.json() == {"force": ["Choose the force this case is for"]}
    assert not CaseFile.objects.exists()


def test_edit_names_its_version_and_returns_the_next(personas: Personas) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)
    response = api.patch(case_url(case), {"version": case.version, "dg6_category": "red"})
    assert response.status_code == 200, response.content
    assert response.json()["dg6_category"] == "red"
    assert response.json()["version"] == case.version + 1
    assert response["ETag"] == f'"{case.version + 1}"'
    missing = api.patch(case_url(case), {"dg6_category": "green"})
    assert missing.status_code == 400
    assert "version" in missing.json()
    urn = api.patch(case_url(case), {"version": case.version + 1, "urn": "46KA9999926"})
    assert urn.json() == {"urn": ["This field cannot be set here"]}
    case.refresh_from_db()
    assert (case.dg6_category, case.version) == ("red", 2)


def test_two_officers_edit_from_the_same_version_the_second_is_refused(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    case.refresh_from_db()
    read = case.version
    first = Api(personas.officer).patch(case_url(case), {"version": read, "dg6_category": "red"})
    assert first.status_code == 200
    second = Api(personas.colleague).patch(
        case_url(case), {"version": read, "forensic_report_expected": True}
    )
    assert second.status_code == 409
    assert "Someone else changed this case" in second.json()["detail"]
    case.refresh_from_db()
    assert case.dg6_category == "red"
    assert case.forensic_report_expected is False
    assert case.version == read + 1


def test_a_stale_if_match_is_412_and_saves_nothing(personas: Personas) -> None:
    case = case_create(personas.officer)
    services.case_update(actor=personas.officer, case=case, version=1, dg6_category="red")
    api = Api(personas.officer)
    stale = api.patch(
        case_url(case), {"version": 2, "dg6_category": "green_priority"}, **{"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert "version 2" in stale.json()["detail"]
    case.refresh_from_db()
    assert (case.dg6_category, case.version) == ("red", 2)
    current = api.patch(
        case_url(case), {"version": 2, "dg6_category": "green_priority"}, **{"If-Match": '"2"'}
    )
    assert current.status_code == 200
    assert current["ETag"] == '"3"'


def test_those_who_may_see_but_not_edit_are_refused_with_a_reason(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = Api(personas.supervisor).patch(
        case_url(case), {"version": case.version, "dg6_category": "red"}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot change this case"}
    case.refresh_from_db()
    assert case.dg6_category == "green"


def test_form_encoded_edits_are_refused(personas: Personas) -> None:
    # JSON only: a form would read the missing tick boxes as "no".
    case = case_create(personas.officer, forensic_report_expected=True)
    response = Api(personas.officer).client.patch(
        case_url(case), "version=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    case.refresh_from_db()
    assert case.forensic_report_expected is True


# -- the case's life ---------------------------------------------------------------


def test_investigator_builds_and_submits_a_file_over_the_api(personas: Personas) -> None:
    api = Api(personas.officer)
    case = complete_case(personas.officer)
    checklist = api.get(case_url(case, "checklist/")).json()
    assert checklist["complete"] is True
    submitted = api.post(case_url(case, "submit/"))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "with_cps"
    deadlines = api.get(case_url(case, "deadlines/")).json()["results"]
    # (Each complainant's regular update runs alongside from when they were added.)
    deadlines = [d for d in deadlines if d["kind"] != DeadlineKind.REGULAR_UPDATE]
    assert [d["kind"] for d in deadlines] == [DeadlineKind.CHARGING_DECISION]
    assert deadlines[0]["owner_organisation"]["name"] == "South East"


def test_an_incomplete_file_lists_what_is_missing_and_submits_nothing(
    personas: Personas,
) -> None:
    api = Api(personas.officer)
    created = api.post(CASES, {"urn": "46KA0000126"}).json()
    url = f"{CASES}{created['id']}/"
    started = api.post(url + "start-investigation/")
    assert started.json()["status"] == "investigation"
    again = api.post(url + "start-investigation/")
    assert again.status_code == 403
    assert "cannot become" in again.json()["detail"]

    refused = api.post(url + "submit/")
    assert refused.status_code == 400
    body = refused.json()
    assert body["detail"].startswith("The file is not complete")
    assert "MG3 report to CPS for a charging decision" in body["missing"]
    assert "At least one complainant" in body["missing"]
    checklist = api.get(url + "checklist/").json()
    assert checklist["complete"] is False
    assert body["missing"] == [i["label"] for i in checklist["items"] if not i["done"]]
    case = CaseFile.objects.get(pk=created["id"])
    assert case.status == CaseStatus.INVESTIGATION
    assert case.submitted_at is None
    assert not case.deadlines.exists()


def test_sharing_gives_a_colleague_the_case(personas: Personas) -> None:
    case = case_create(personas.officer)
    colleague = Api(personas.colleague)
    assert colleague.get(case_url(case)).status_code == 404
    shared = Api(personas.officer).post(
        case_url(case, "share/"), {"colleague": personas.colleague.pk}
    )
    assert shared.status_code == 200
    assert colleague.get(case_url(case)).status_code == 200
    other_force = Api(personas.officer).post(
        case_url(case, "share/"), {"colleague": personas.other_force_officer.pk}
    )
    assert other_force.json() == {"detail": "You can only share a case with investigators of Kent"}
    nobody = Api(personas.officer).post(case_url(case, "share/"), {"colleague": 999_999})
    assert nobody.json() == {"colleague": ["Choose an officer of the case's force"]}


def test_supervisor_reallocates_the_oic(personas: Personas) -> None:
    case = case_create(personas.officer)
    by_officer = Api(personas.officer).post(
        case_url(case, "reallocate-oic/"), {"oic": personas.colleague.pk}
    )
    assert by_officer.status_code == 403
    assert "supervisor" in by_officer.json()["detail"]
    response = Api(personas.supervisor).post(
        case_url(case, "reallocate-oic/"), {"oic": personas.colleague.pk}
    )
    assert response.status_code == 200
    assert response.json()["oic"]["id"] == personas.colleague.pk
    # The complainant's identity goes with the case: the previous OIC keeps
    # no access of their own.
    assert Api(personas.officer).get(case_url(case)).status_code == 404


def test_cps_spoc_allocates_and_the_prosecutor_then_sees_the_case(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    prosecutor = Api(personas.prosecutor)
    assert prosecutor.get(case_url(case)).status_code == 404
    by_supervisor = Api(personas.supervisor).post(
        case_url(case, "allocate/"), {"prosecutor": personas.prosecutor.pk}
    )
    assert by_supervisor.status_code == 403
    wrong_area = Api(personas.cps_spoc).post(
        case_url(case, "allocate/"), {"prosecutor": personas.other_area_prosecutor.pk}
    )
    assert wrong_area.json() == {"detail": "Choose a prosecutor of CPS South East"}
    response = Api(personas.cps_spoc).post(
        case_url(case, "allocate/"), {"prosecutor": personas.prosecutor.pk}
    )
    assert response.status_code == 200
    assert response.json()["prosecutor"]["id"] == personas.prosecutor.pk
    assert prosecutor.get(case_url(case)).status_code == 200
    assert [c["id"] for c in prosecutor.get(CASES).json()["results"]] == [case.pk]


# -- offences and suspects ---------------------------------------------------------


def test_offences_are_listed_and_added(personas: Personas) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)
    url = case_url(case, "offences/")
    added = api.post(url, {"offence": rape().pk, "committed_from": "2026-01-02"})
    assert added.status_code == 201, added.content
    assert added.json()["offence"]["title"] == "Rape"
    listed = api.get(url).json()
    assert [o["committed_from"] for o in listed["results"]] == ["2026-01-02"]
    backwards = api.post(
        url, {"offence": rape().pk, "committed_from": "2026-01-02", "committed_to": "2026-01-01"}
    )
    assert backwards.json() == {
        "committed_to": ["The last date must be on or after the first date"]
    }
    unknown = api.post(url, {"offence": 999_999, "committed_from": "2026-01-02"})
    assert unknown.json() == {"offence": ["Choose an offence from /api/v1/offences/"]}
    assert case.offences.count() == 1


def test_suspects_are_listed_and_added_by_those_on_the_case(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    url = case_url(case, "suspects/")
    spoc = Api(personas.cps_spoc)
    assert [s["last_name"] for s in spoc.get(url).json()["results"]] == ["Suspectson"]
    refused = spoc.post(url, {"first_names": "Sam", "last_name": "Other"})
    assert refused.json() == {"detail": "You cannot change this case"}

    draft = case_create(personas.officer)
    api = Api(personas.officer)
    review = (timezone.localdate() + timedelta(days=30)).isoformat()
    added = api.post(
        case_url(draft, "suspects/"),
        {"first_names": "Sam", "last_name": "Other", "state": "rui", "review_on": review},
    )
    assert added.status_code == 201, added.content
    assert added.json()["state"] == "rui"
    deadlines = api.get(case_url(draft, "deadlines/")).json()["results"]
    assert [d["kind"] for d in deadlines] == [DeadlineKind.BAIL_REVIEW]
    bad_state = api.post(
        case_url(draft, "suspects/"), {"first_names": "A", "last_name": "B", "state": "fled"}
    )
    assert bad_state.status_code == 400
    assert "state" in bad_state.json()


def test_offence_reference_list(personas: Personas) -> None:
    api = Api(personas.prosecutor)
    everything = api.get("/api/v1/offences/", page_size=100).json()
    titles = [o["title"] for o in everything["results"]]
    assert "Rape" in titles
    non_recent = api.get("/api/v1/offences/", non_recent="true").json()
    assert non_recent["count"] > 0
    assert all(o["non_recent"] for o in non_recent["results"])


# -- the list: filters, sorting, pagination ------------------------------------------


def test_list_filters(personas: Personas) -> None:
    draft = case_create(personas.officer, urn="46KA0000126", reported_on=date(2026, 1, 10))
    other = case_create(personas.officer, urn="46KB0000226", reported_on=date(2026, 2, 10))
    services.suspect_add(actor=personas.officer, case=other, first_names="X", last_name="Marlow")
    submitted = submitted_case(personas.officer)
    services.deadline_open(
        case=other,
        kind=DeadlineKind.BAIL_REVIEW,
        description="Bail return",
        due_on=timezone.localdate() - timedelta(days=1),
        owner=personas.officer,
    )
    api = Api(personas.officer)

    def ids(**params: Any) -> set[int]:
        response = api.get(CASES, **params)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    assert ids() == {draft.pk, other.pk, submitted.pk}
    assert ids(status="draft") == {draft.pk, other.pk}
    assert ids(status="with_cps") == {submitted.pk}
    assert ids(offence=rape().pk) == {submitted.pk}
    assert ids(q="46KB") == {other.pk}
    assert ids(q="marl") == {other.pk}
    assert ids(overdue="true") == {other.pk}
    assert ids(reported_from="2026-02-01", reported_to="2026-02-28") == {other.pk}
    assert ids(oic=personas.officer.pk, unallocated="true", force=kent().pk) == {
        draft.pk,
        other.pk,
        submitted.pk,
    }
    urns = [c["urn"] for c in api.get(CASES, sort="urn").json()["results"]]
    assert urns == sorted(urns)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": "lost"}, "status", "Choose a status from: draft, investigation"),
        ({"offence": "rape"}, "offence", "A valid integer is required."),
        ({"reported_from": "last week"}, "reported_from", "Date has wrong format"),
        ({"overdue": "perhaps"}, "overdue", "Must be a valid boolean."),
        ({"sort": "name"}, "sort", "Sort by one of: -updated"),
        (
            {"reported_from": "2026-02-01", "reported_to": "2026-01-01"},
            "reported_to",
            "The end date must be on or after the start date",
        ),
    ],
)
def test_bad_filters_are_a_clear_400(
    personas: Personas, params: dict[str, str], field: str, message: str
) -> None:
    response = Api(personas.officer).get(CASES, **params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_the_list_is_paginated(personas: Personas) -> None:
    for _ in range(3):
        case_create(personas.officer)
    api = Api(personas.officer)
    first = api.get(CASES, page_size=2).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"] is not None
    assert len(api.get(CASES, page_size=2, page=2).json()["results"]) == 1
    assert api.get(CASES, page=9).status_code == 404


# -- query counts -------------------------------------------------------------


def queries(api: Api, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_list_costs_the_same_queries_for_50_rows_as_for_5(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(5):
        case_create(personas.officer)
    api = Api(personas.officer)
    api.get(CASES)  # the token's "last used" is written once, on first use
    five = queries(api, CASES)
    for _ in range(45):
        case_create(personas.officer)
    # 1 token and its user, 1 memberships, 1 count (a UNION of the visibility
    # branches), 1 the page's ids (each branch in list order, merged), 1 those
    # cases joined with force, Area, OIC and prosecutor.
    with django_assert_max_num_queries(6):
        response = api.get(CASES)
    assert len(response.json()["results"]) == 50
    assert queries(api, CASES) == five


def test_the_case_page_costs_the_same_queries_however_much_it_holds(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = complete_case(personas.officer)
    api = Api(personas.supervisor)
    api.get(case_url(case))
    small = queries(api, case_url(case))
    for n in range(5):
        services.suspect_add(actor=personas.officer, case=case, first_names="S", last_name=str(n))
        complainant_add(actor=personas.officer, case=case, first_names="C", last_name=str(n))
    # 1 token, 1 memberships, 1 case joined with force, Area, OIC and
    # prosecutor, 1 grant check for the audit row (was the identity shown?),
    # 1 audit insert, 1 offences with their titles, 1 suspects, 1 grant check
    # (is the supervisor granted the case?), 1 complainants.
    with django_assert_max_num_queries(10):
        api.get(case_url(case))
    assert queries(api, case_url(case)) == small


def test_the_timeline_costs_the_same_queries_for_50_events_as_for_5(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)
    url = case_url(case, "events/")
    api.get(url)
    few = queries(api, url)
    for n in range(50):
        services.case_event_record(
            case=case, actor=personas.officer, kind="note", description=str(n)
        )
    # 1 token, 1 memberships, 1 case, 1 audit row (a view of the case),
    # 1 count, 1 page of events with actors.
    with django_assert_max_num_queries(7):
        response = api.get(url)
    assert len(response.json()["results"]) == 50
    assert queries(api, url) == few


def test_the_deadlines_cost_the_same_queries_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = case_create(personas.officer)

    def open_deadlines(n: int) -> None:
        for day in range(n):
            services.deadline_open(
                case=case,
                kind="bail_review",
                description="Review",
                due_on=date(2026, 1, 1) + timedelta(days=day),
                owner=personas.officer,
                owner_organisation=kent(),
            )

    open_deadlines(5)
    api = Api(personas.officer)
    url = case_url(case, "deadlines/")
    api.get(url)
    five = queries(api, url)
    open_deadlines(45)
    # 1 token, 1 memberships, 1 case, 1 audit row (a view of the case),
    # 1 count, 1 page with owners.
    with django_assert_max_num_queries(7):
        response = api.get(url)
    assert response.json()["count"] == 50
    assert queries(api, url) == five


# -- the schema ---------------------------------------------------------------


def test_the_schema_documents_the_cases_api(client: Client, personas: Personas) -> None:
    client.force_login(personas.officer)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/cases/", "get"),
        ("/api/v1/cases/", "post"),
        ("/api/v1/cases/{id}/", "get"),
        ("/api/v1/cases/{id}/", "patch"),
        ("/api/v1/cases/{id}/start-investigation/", "post"),
        ("/api/v1/cases/{id}/submit/", "post"),
        ("/api/v1/cases/{id}/share/", "post"),
        ("/api/v1/cases/{id}/reallocate-oic/", "post"),
        ("/api/v1/cases/{id}/allocate/", "post"),
        ("/api/v1/cases/{id}/checklist/", "get"),
        ("/api/v1/cases/{case_pk}/offences/", "post"),
        ("/api/v1/cases/{case_pk}/suspects/", "post"),
        ("/api/v1/cases/{case_pk}/documents/", "post"),
        ("/api/v1/cases/{case_pk}/documents/{id}/download/", "get"),
        ("/api/v1/cases/{case_pk}/events/", "get"),
        ("/api/v1/cases/{case_pk}/deadlines/", "get"),
        ("/api/v1/offences/", "get"),
    ]:
        assert method in paths.get(path, {}), (path, method)
    assert "put" not in paths["/api/v1/cases/{id}/"]
    assert "delete" not in paths["/api/v1/cases/{id}/"]
    patch = paths["/api/v1/cases/{id}/"]["patch"]
    assert {"200", "400", "404", "409", "412"} <= set(patch["responses"])
    components = schema["components"]["schemas"]
    assert components["PatchedCaseUpdate"]["required"] == ["version"]
    assert "missing" in components["FileIncomplete"]["properties"]
    assert "complainants" in components["CaseDetail"]["properties"]


def test_the_schema_generates_without_warnings() -> None:
    GENERATOR_STATS.reset()
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    validate_schema(schema)  # type: ignore[no-untyped-call]
    assert not GENERATOR_STATS, "drf-spectacular warned: see the captured output"
