"""The case's life: who may make each move, and what a refusal leaves behind.

Every service that exists today is tried by every role. The roles the table
allows succeed; everyone else gets a ``DomainError`` that says why, and the case
is exactly as it was: same status, same version, same timeline, same deadlines,
same grants, same documents, no audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from cases import services
from cases.deadlines import DeadlineKind
from cases.models import (
    POLICE_EDITABLE,
    TRANSITIONS,
    CaseFile,
    CaseFileUserObjectPermission,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    Document,
    DocumentKind,
    Offence,
)
from rasso.accounts.models import Organisation, Role, User
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import PDF_BYTES, case_create, complete_case, submitted_case
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(role: str, organisation: str) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(
        user=user, organisation=Organisation.objects.get(name=organisation), role=role
    )
    return user


@pytest.fixture
def cast(personas: Personas) -> dict[str, User]:
    """Everyone who might try to move a Kent case, by the name the tables use."""
    return {
        "oic": personas.officer,
        "colleague_granted": personas.colleague,
        "colleague": member(Role.INVESTIGATOR, "Kent"),
        "supervisor": personas.supervisor,
        "police_spoc": member(Role.POLICE_SPOC, "Kent"),
        "other_force_officer": personas.other_force_officer,
        "cps_spoc": personas.cps_spoc,
        "other_area_spoc": member(Role.CPS_SPOC, "North East"),
        "prosecutor": personas.prosecutor,
        "other_area_prosecutor": personas.other_area_prosecutor,
        "panel_member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
        # Not an actor: the investigator a case is shared with or handed to.
        "spare_investigator": member(Role.INVESTIGATOR, "Kent"),
    }


ROLES = [
    "oic",
    "colleague_granted",
    "colleague",
    "supervisor",
    "police_spoc",
    "other_force_officer",
    "cps_spoc",
    "other_area_spoc",
    "prosecutor",
    "other_area_prosecutor",
    "panel_member",
    "manager",
    "administrator",
]


@dataclass(frozen=True)
class Move:
    """One service: the case it starts from, how it is called, and what a
    refusal says."""

    starts_from: str  # "draft", "investigation" (a complete file) or "with_cps"
    call: Callable[[User, CaseFile, dict[str, User]], Any]
    refusal: str
    event: str  # the timeline entry a success writes


def _upload(actor: User, case: CaseFile, cast: dict[str, User]) -> Any:
    return services.document_upload(
        actor=actor, case=case, kind=DocumentKind.MG11, upload=BytesIO(PDF_BYTES), name="s.pdf"
    )


def _offence(actor: User, case: CaseFile, cast: dict[str, User]) -> Any:
    rape = Offence.objects.get(act="Sexual Offences Act 2003", section="1")
    return services.offence_add(
        actor=actor, case=case, offence=rape, committed_from=date(2026, 1, 10)
    )


MOVES: dict[str, Move] = {
    "case_start_investigation": Move(
        "draft",
        lambda actor, case, cast: services.case_start_investigation(actor=actor, case=case),
        "You cannot change this case",
        "investigation_started",
    ),
    "case_submit_for_charging": Move(
        "investigation",
        lambda actor, case, cast: services.case_submit_for_charging(actor=actor, case=case),
        "You cannot submit this case",
        "submitted",
    ),
    "case_allocate_prosecutor": Move(
        "with_cps",
        lambda actor, case, cast: services.case_allocate_prosecutor(
            actor=actor, case=case, prosecutor=cast["prosecutor"]
        ),
        "Only a CPS SPOC of the case's Area can allocate it",
        "prosecutor_allocated",
    ),
    "case_reallocate_oic": Move(
        "draft",
        lambda actor, case, cast: services.case_reallocate_oic(
            actor=actor, case=case, new_oic=cast["spare_investigator"]
        ),
        "Only a supervisor or SPOC of the force can change the officer in the case",
        "oic_changed",
    ),
    "case_share": Move(
        "draft",
        lambda actor, case, cast: services.case_share(
            actor=actor, case=case, colleague=cast["spare_investigator"]
        ),
        "Only the officer in the case or a supervisor can share it",
        "shared",
    ),
    "case_update": Move(
        "draft",
        lambda actor, case, cast: services.case_update(
            actor=actor, case=case, version=case.version, dg6_category="red"
        ),
        "You cannot change this case",
        "updated",
    ),
    "offence_add": Move("draft", _offence, "You cannot change this case", "offence_added"),
    "suspect_add": Move(
        "draft",
        lambda actor, case, cast: services.suspect_add(
            actor=actor, case=case, first_names="Sam", last_name="Suspect"
        ),
        "You cannot change this case",
        "suspect_added",
    ),
    "document_upload": Move(
        "draft", _upload, "You cannot add documents to this case", "document_added"
    ),
}

# fmt: off
WHO_MAY: dict[str, set[str]] = {
    # service                     the roles allowed; every other role is refused
    "case_start_investigation":   {"oic", "colleague_granted"},
    "case_submit_for_charging":   {"oic", "colleague_granted"},
    "case_allocate_prosecutor":   {"cps_spoc"},
    "case_reallocate_oic":        {"supervisor", "police_spoc"},
    "case_share":                 {"oic", "supervisor", "police_spoc"},
    "case_update":                {"oic", "colleague_granted"},
    "offence_add":                {"oic", "colleague_granted"},
    "suspect_add":                {"oic", "colleague_granted"},
    "document_upload":            {"oic", "colleague_granted"},
}
# fmt: on


def a_case(starts_from: str, cast: dict[str, User]) -> CaseFile:
    """A Kent case of the named shape, whose OIC shared it with a colleague."""
    oic = cast["oic"]
    if starts_from == "draft":
        case = case_create(oic)
    elif starts_from == "investigation":
        case = complete_case(oic)
    else:
        case = submitted_case(oic)
    services.case_share(actor=oic, case=case, colleague=cast["colleague_granted"])
    case.refresh_from_db()
    return case


def files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(case: CaseFile) -> dict[str, Any]:
    """Everything a refused move must leave as it was."""
    fresh = CaseFile.objects.get(pk=case.pk)
    return {
        "status": fresh.status,
        "version": fresh.version,
        "oic": fresh.oic_id,
        "prosecutor": fresh.prosecutor_id,
        "dg6_category": fresh.dg6_category,
        "submitted_at": fresh.submitted_at,
        "events": list(fresh.events.values_list("kind", flat=True)),
        "deadlines": list(
            Deadline.objects.filter(case=fresh).values_list("kind", "status", "due_on", "owner")
        ),
        "grants": sorted(
            CaseFileUserObjectPermission.objects.filter(content_object=fresh).values_list(
                "user", flat=True
            )
        ),
        "offences": fresh.offences.count(),
        "suspects": fresh.suspects.count(),
        "documents": Document.objects.filter(case=fresh).count(),
        "files": files_on_disk(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize(
    ("service", "role"),
    [(service, role) for service in MOVES for role in ROLES],
)
def test_each_service_is_open_to_the_roles_the_table_allows_and_no_one_else(
    cast: dict[str, User], service: str, role: str
) -> None:
    move = MOVES[service]
    case = a_case(move.starts_from, cast)
    actor = cast[role]
    before = snapshot(case)

    if role in WHO_MAY[service]:
        move.call(actor, case, cast)
        after = snapshot(case)
        assert after["version"] > before["version"]
        assert move.event in after["events"]
        assert after["audit"] > before["audit"]
    else:
        with pytest.raises(DomainError) as refusal:
            move.call(actor, case, cast)
        assert str(refusal.value) == move.refusal
        assert snapshot(case) == before


def test_the_allowed_moves_are_the_ones_in_the_design() -> None:
    """The case's life, drawn as a table: from each status, where a case may go."""
    # fmt: off
    design = {
        # A supervisor closes a case opened by mistake (cases.retention).
        "draft":         {"investigation", "created_in_error"},
        "investigation": {"with_cps", "police_nfa", "created_in_error"},
        "with_cps":      {"action_plan", "charged", "cps_nfa"},
        "action_plan":   {"with_cps"},
        "charged":       {"finalised", "cps_nfa"},  # the Full Code Test not met
        "finalised":     set(),
        "police_nfa":    {"investigation"},  # reopened after a Victims' Right to Review
        "cps_nfa":       {"investigation", "with_cps"},  # the review decides which
        "created_in_error": set(),
    }
    # fmt: on
    assert set(TRANSITIONS) == set(CaseStatus.values)
    assert {status: set(moves) for status, moves in TRANSITIONS.items()} == design
    assert sorted(POLICE_EDITABLE) == ["action_plan", "draft", "investigation"]


def test_starting_an_investigation_moves_a_draft_once(cast: dict[str, User]) -> None:
    case = a_case("draft", cast)
    case = services.case_start_investigation(actor=cast["oic"], case=case)
    assert case.status == CaseStatus.INVESTIGATION
    before = snapshot(case)
    with pytest.raises(
        DomainError,
        match="A case that is under investigation cannot become under investigation",
    ):
        services.case_start_investigation(actor=cast["oic"], case=case)
    assert snapshot(case) == before


def test_a_draft_cannot_be_submitted(cast: dict[str, User]) -> None:
    case = a_case("draft", cast)
    before = snapshot(case)
    with pytest.raises(
        DomainError, match="A case that is draft cannot become with CPS for a charging"
    ):
        services.case_submit_for_charging(actor=cast["oic"], case=case)
    assert snapshot(case) == before


def test_submitting_twice_is_refused_and_opens_one_deadline(cast: dict[str, User]) -> None:
    case = a_case("investigation", cast)
    services.case_submit_for_charging(actor=cast["oic"], case=case)
    before = snapshot(case)
    with pytest.raises(DomainError, match="cannot become with CPS"):
        services.case_submit_for_charging(actor=cast["colleague_granted"], case=case)
    assert snapshot(case) == before
    assert Deadline.objects.filter(case=case, kind=DeadlineKind.CHARGING_DECISION).count() == 1


def test_a_file_sent_back_with_an_action_plan_can_be_submitted_again(
    cast: dict[str, User],
) -> None:
    case = submitted_case(cast["oic"])
    # No service issues action plans yet (the charging issue brings them):
    # put the case where one would leave it.
    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.ACTION_PLAN)
    case.refresh_from_db()

    case = services.case_submit_for_charging(actor=cast["oic"], case=case)

    assert case.status == CaseStatus.WITH_CPS
    assert Deadline.objects.filter(case=case, kind=DeadlineKind.CHARGING_DECISION).count() == 2


@pytest.mark.parametrize(
    "status",
    [
        CaseStatus.WITH_CPS,
        CaseStatus.CHARGED,
        CaseStatus.FINALISED,
        CaseStatus.POLICE_NFA,
        CaseStatus.CPS_NFA,
    ],
)
@pytest.mark.parametrize(
    "service",
    [
        "case_start_investigation",
        "case_submit_for_charging",
        "case_update",
        "offence_add",
        "suspect_add",
        "document_upload",
    ],
)
def test_police_cannot_edit_a_case_outside_the_police_editable_statuses(
    cast: dict[str, User], status: str, service: str
) -> None:
    case = a_case("investigation", cast)
    # Charging decisions and NFA come with later issues: set the status as they will.
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    before = snapshot(case)
    # Submission says why (the status); the edits say the case is closed to
    # them (on a charged case, all but the date of charge: test_charge_date).
    refusal = "cannot become with CPS" if service == "case_submit_for_charging" else "You cannot"
    if service == "case_update" and status == CaseStatus.CHARGED:
        refusal = "Only the date of charge can be changed"
    for actor in (cast["oic"], cast["colleague_granted"]):
        with pytest.raises(DomainError, match=refusal):
            MOVES[service].call(actor, case, cast)
    assert snapshot(case) == before


@pytest.mark.parametrize("status", sorted(POLICE_EDITABLE))
def test_police_can_edit_in_the_police_editable_statuses(
    cast: dict[str, User], status: str
) -> None:
    case = a_case("draft", cast)
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    services.case_update(actor=cast["oic"], case=case, version=case.version, dg6_category="red")
    _upload(cast["colleague_granted"], case, cast)
    case.refresh_from_db()
    assert case.dg6_category == "red"
    assert case.documents.count() == 1


def test_allocation_before_submission_is_refused(cast: dict[str, User]) -> None:
    case = a_case("investigation", cast)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Only a case with CPS can be allocated"):
        services.case_allocate_prosecutor(
            actor=cast["cps_spoc"], case=case, prosecutor=cast["prosecutor"]
        )
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("other_area_prosecutor", "Choose a prosecutor of CPS South East"),
        ("cps_spoc", "Choose a prosecutor of CPS South East"),  # a SPOC, not a prosecutor
        ("oic", "Choose a prosecutor of CPS South East"),
    ],
)
def test_only_a_prosecutor_of_the_cases_area_can_be_allocated(
    cast: dict[str, User], who: str, message: str
) -> None:
    case = a_case("with_cps", cast)
    before = snapshot(case)
    with pytest.raises(DomainError, match=message):
        services.case_allocate_prosecutor(actor=cast["cps_spoc"], case=case, prosecutor=cast[who])
    assert snapshot(case) == before


def test_allocation_hands_the_charging_deadline_to_the_prosecutor(
    cast: dict[str, User],
) -> None:
    case = a_case("with_cps", cast)
    services.case_allocate_prosecutor(
        actor=cast["cps_spoc"], case=case, prosecutor=cast["prosecutor"]
    )
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.CHARGING_DECISION)
    assert deadline.owner == cast["prosecutor"]
    assert deadline.owner_organisation == case.cps_area
    # Allocating the same prosecutor again changes nothing.
    before = snapshot(case)
    services.case_allocate_prosecutor(
        actor=cast["cps_spoc"], case=case, prosecutor=cast["prosecutor"]
    )
    assert snapshot(case) == before


@pytest.mark.parametrize(
    "who", ["other_force_officer", "prosecutor", "cps_spoc", "panel_member", "administrator"]
)
def test_a_case_is_shared_only_with_officers_of_its_force(cast: dict[str, User], who: str) -> None:
    case = a_case("draft", cast)
    before = snapshot(case)
    with pytest.raises(DomainError, match="only share a case with investigators of Kent"):
        services.case_share(actor=cast["oic"], case=case, colleague=cast[who])
    assert snapshot(case) == before


def test_sharing_with_the_oic_is_refused(cast: dict[str, User]) -> None:
    case = a_case("draft", cast)
    with pytest.raises(DomainError, match="already the officer in the case"):
        services.case_share(actor=cast["supervisor"], case=case, colleague=cast["oic"])


@pytest.mark.parametrize("who", ["other_force_officer", "supervisor", "prosecutor"])
def test_the_oic_can_only_be_handed_to_an_investigator_of_the_force(
    cast: dict[str, User], who: str
) -> None:
    case = a_case("draft", cast)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Choose an investigator of Kent"):
        services.case_reallocate_oic(actor=cast["supervisor"], case=case, new_oic=cast[who])
    assert snapshot(case) == before


def test_the_previous_oic_hands_over_the_case_and_their_deadlines(
    cast: dict[str, User],
) -> None:
    case = a_case("draft", cast)
    services.suspect_add(
        actor=cast["oic"],
        case=case,
        first_names="Sam",
        last_name="Suspect",
        state="bail",
        review_on=date(2026, 9, 1),
    )
    services.case_reallocate_oic(
        actor=cast["police_spoc"], case=case, new_oic=cast["spare_investigator"]
    )
    case.refresh_from_db()
    assert case.oic == cast["spare_investigator"]
    # The complainant's identity goes with the case: the previous OIC keeps
    # nothing unless a supervisor shares the case with them.
    assert not CaseFile.objects.visible_to(cast["oic"]).filter(pk=case.pk).exists()
    review = Deadline.objects.get(case=case, kind=DeadlineKind.BAIL_REVIEW)
    assert review.owner == cast["spare_investigator"]
    assert review.status == DeadlineStatus.OPEN


def test_unknown_or_invalid_details_are_refused_with_a_message(cast: dict[str, User]) -> None:
    case = a_case("draft", cast)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Unknown case details: urn"):
        # An untyped caller (a script, the shell) is refused at run time too.
        services.case_update(actor=cast["oic"], case=case, version=case.version, urn="x")  # type: ignore[call-arg]
    with pytest.raises(DomainError, match="not a valid choice"):
        services.case_update(
            actor=cast["oic"], case=case, version=case.version, dg6_category="purple"
        )
    assert snapshot(case) == before


def test_a_case_cannot_be_created_with_invalid_details(cast: dict[str, User]) -> None:
    with pytest.raises(DomainError, match="not a valid choice"):
        case_create(cast["oic"], dg6_category="purple")
    assert not CaseFile.objects.exists()


@pytest.mark.parametrize("who", ["other_force_officer", "cps_spoc", "prosecutor", "manager"])
def test_only_officers_of_the_force_create_its_cases(cast: dict[str, User], who: str) -> None:
    with pytest.raises(DomainError, match="Only officers of Kent can create its cases"):
        case_create(cast[who])
    assert not CaseFile.objects.exists()


def test_an_edit_that_changes_nothing_leaves_the_version_alone(cast: dict[str, User]) -> None:
    case = a_case("draft", cast)
    before = snapshot(case)
    services.case_update(
        actor=cast["oic"], case=case, version=case.version, dg6_category=case.dg6_category
    )
    assert snapshot(case) == before
