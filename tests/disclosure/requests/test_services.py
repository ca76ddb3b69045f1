"""A victim information request from draft to material reviewed: each step
checked and recorded, nothing half-written, nothing applied twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import CaseEvent, CaseFile, Deadline, DeadlineStatus
from disclosure.requests import services
from disclosure.requests.models import (
    CpsDecision,
    HolderKind,
    NoticeDelay,
    RequestStatus,
    VictimInformationRequest,
)
from disclosure.requests.services import REPLY_DEADLINE_KIND, request_source
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.cases.factories import complete_case
from tests.conftest import Personas, _member, org
from tests.disclosure.requests.factories import (
    COUNSELLING,
    CREDIBILITY,
    GP,
    HOLDER_NAME,
    agreed,
    approved,
    complainant_of,
    details,
    drafted,
    noticed,
    sent,
    submitted,
    with_prosecutor,
)
from victims.models import Channel, Contact, Direction
from victims.services import complainant_add

pytestmark = pytest.mark.django_db


def request_events(case: CaseFile) -> list[str]:
    """What the case timeline, read by everyone who sees the case, says of
    requests: nothing (a request is as restricted as the identity)."""
    return list(
        CaseEvent.objects.filter(case=case)
        .filter(
            Q(kind__startswith="victim_information_request_")
            | Q(description__icontains="information request")
        )
        .order_by("id")
        .values_list("kind", flat=True)
    )


def request_actions(request: VictimInformationRequest) -> list[str]:
    return [
        a.removeprefix("disclosure.victim_information_request_")
        for a in AuditEvent.objects.filter(
            object_type="disclosure.victiminformationrequest", object_id=str(request.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    ]


def request_audit() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="disclosure.victiminformationrequest").order_by("id")
    )


# -- the draft -------------------------------------------------------------------


def test_a_draft_records_what_is_sought_and_each_statutory_test(
    personas: Personas, case: CaseFile
) -> None:
    request = drafted(personas.officer, case)

    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    assert request.complainant == complainant_of(case)
    assert request.holder_kind == HolderKind.GP_MEDICAL
    assert request.holder_name == HOLDER_NAME
    assert (request.date_from, request.date_to) == (date(2026, 3, 1), date(2026, 3, 14))
    assert request.holder_has_it == GP.holder_has_it
    assert request.relevance == GP.relevance
    assert request.necessity == GP.necessity
    assert request.less_intrusive_means.startswith(GP.less_intrusive_means)
    assert not request.credibility_flagged
    assert request.created_by == personas.officer
    assert request_actions(request) == ["drafted"]
    assert request_events(case) == []


# Each field left out, and what the officer reads against it.
MISSING = [
    ("date_from", None, "Enter the date the information sought starts from"),
    ("date_to", None, "Enter the date the information sought runs to"),
    ("information_sought", "  ", "Say what specific information is sought"),
    ("holder_name", "", "Enter who holds the information"),
    ("line_of_enquiry", "", "Say which reasonable line of enquiry the request serves"),
    ("issue_in_case", "", "Say which issue in the case the information bears on"),
    ("holder_has_it", "", "Say why there is reason to believe the holder has the information"),
    ("relevance", "", "Say why there is reason to believe the information is relevant"),
    ("necessity", "", "Say why the request is necessary and proportionate"),
    ("less_intrusive_means", "", "Say what less intrusive means were considered first"),
    ("holder_kind", "friend", "Choose the kind of holder"),
    ("date_to", date(2026, 2, 1), "must end on or after the day it starts"),
    ("date_to", date(2099, 1, 1), "cannot run past today"),
]


@pytest.mark.parametrize(("field", "value", "message"), MISSING)
def test_an_incomplete_request_is_refused_and_nothing_saved(
    personas: Personas, case: CaseFile, field: str, value: Any, message: str
) -> None:
    audited = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, **{field: value})

    assert not isinstance(refusal.value, Forbidden)  # bad input, not a refusal
    assert set(refusal.value.problems) == {field}
    assert message in refusal.value.problems[field]
    assert not VictimInformationRequest.objects.exists()
    assert request_events(case) == []
    assert AuditEvent.objects.count() == audited


def test_a_counselling_request_says_why_it_has_substantial_probative_value(
    personas: Personas, case: CaseFile
) -> None:
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, COUNSELLING, probative_value="")
    assert refusal.value.problems == {
        "probative_value": (
            "Say why counselling or therapy records are likely to have substantial probative value"
        )
    }
    assert not VictimInformationRequest.objects.exists()


def test_every_problem_is_told_at_once(personas: Personas, case: CaseFile) -> None:
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, date_from=None, date_to=None, relevance="", necessity="")
    assert set(refusal.value.problems) == {"date_from", "date_to", "relevance", "necessity"}


def test_the_complainant_must_be_of_the_case(personas: Personas, case: CaseFile) -> None:
    other = complainant_of(complete_case(personas.officer))
    with pytest.raises(DomainError) as refusal:
        services.request_create(
            actor=personas.officer, case=case, complainant=other, details=details()
        )
    assert refusal.value.problems == {"complainant": "Choose a complainant of this case"}
    assert not VictimInformationRequest.objects.exists()


def test_a_closed_case_asks_for_nothing(personas: Personas, case: CaseFile) -> None:
    CaseFile.objects.filter(pk=case.pk).update(status="police_nfa")
    case.refresh_from_db()
    with pytest.raises(Forbidden, match="The case is closed"):
        drafted(personas.officer, case)


def test_a_draft_is_changed_and_the_flag_worked_out_again(
    personas: Personas, case: CaseFile
) -> None:
    request = drafted(personas.officer, case)
    request = services.request_update(
        actor=personas.officer, request=request, details=details(CREDIBILITY)
    )
    assert request.credibility_flagged
    request = services.request_update(actor=personas.officer, request=request, details=GP)
    assert not request.credibility_flagged
    # Nothing changed: nothing written.
    before = request_actions(request)
    services.request_update(actor=personas.officer, request=request, details=GP)
    assert request_actions(request) == before
    # A bad change leaves the draft as it was.
    with pytest.raises(DomainError):
        services.request_update(
            actor=personas.officer, request=request, details=details(necessity="")
        )
    request.refresh_from_db()
    assert request.necessity == GP.necessity


# -- a straightforward request: the prosecutor decides -------------------------------


def test_an_ordinary_request_goes_straight_to_the_prosecutor(
    personas: Personas, case: CaseFile
) -> None:
    request = submitted(personas, case)
    assert request.status == RequestStatus.AWAITING_CPS

    request = services.request_cps_decide(
        actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
    )
    assert request.status == RequestStatus.AGREED
    assert request.cps_decided_by == personas.prosecutor


def test_the_prosecutor_asks_for_changes_and_the_officer_resubmits(
    personas: Personas, case: CaseFile
) -> None:
    request = submitted(personas, case)
    with pytest.raises(DomainError, match="Say what should change"):
        services.request_cps_decide(
            actor=personas.prosecutor, request=request, decision=CpsDecision.CHANGES
        )
    request = services.request_cps_decide(
        actor=personas.prosecutor,
        request=request,
        decision=CpsDecision.CHANGES,
        reasons="Limit it to the consultation of 2 March.",
    )
    assert request.status == RequestStatus.DRAFT
    assert request.returned_reason == "Limit it to the consultation of 2 March."
    assert request.returned_by == personas.prosecutor

    request = services.request_update(
        actor=personas.officer, request=request, details=details(date_to=date(2026, 3, 3))
    )
    request = services.request_submit(actor=personas.officer, request=request)
    assert request.status == RequestStatus.AWAITING_CPS


def test_a_rejected_request_goes_no_further(personas: Personas, case: CaseFile) -> None:
    request = submitted(personas, case)
    with pytest.raises(DomainError, match="Say why the request is rejected"):
        services.request_cps_decide(
            actor=personas.prosecutor, request=request, decision=CpsDecision.REJECTED
        )
    with pytest.raises(DomainError, match="Choose whether you agree"):
        services.request_cps_decide(actor=personas.prosecutor, request=request, decision="maybe")
    request = services.request_cps_decide(
        actor=personas.prosecutor,
        request=request,
        decision=CpsDecision.REJECTED,
        reasons="Not a reasonable line of enquiry.",
    )
    assert request.status == RequestStatus.REJECTED
    today = timezone.localdate()
    with pytest.raises(Forbidden, match="rejected by the prosecutor: it cannot be sent"):
        services.request_send(
            actor=personas.officer, request=request, sent_on=today, reply_by=today
        )
    with pytest.raises(Forbidden, match="cannot be withdrawn"):
        services.request_withdraw(actor=personas.officer, request=request, reason="x")


# -- counselling: a senior officer's approval first ----------------------------------


def test_a_counselling_request_waits_for_a_supervisor_before_the_prosecutor(
    personas: Personas, case: CaseFile
) -> None:
    request = submitted(personas, case, COUNSELLING)
    assert request.status == RequestStatus.AWAITING_APPROVAL
    # Not yet the prosecutor's, nor ready to send.
    with pytest.raises(Forbidden, match="not awaiting the prosecutor"):
        services.request_cps_decide(
            actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
        )
    today = timezone.localdate()
    with pytest.raises(Forbidden, match="cannot be sent"):
        services.request_send(
            actor=personas.officer, request=request, sent_on=today, reply_by=today
        )
    with pytest.raises(DomainError, match="Say why the request for counselling"):
        services.request_approve(actor=personas.supervisor, request=request, reasons=" ")
    request.refresh_from_db()
    assert request.approved_by is None

    request = services.request_approve(
        actor=personas.supervisor, request=request, reasons="The only first account."
    )

    assert request.status == RequestStatus.AWAITING_CPS
    assert request.approved_by == personas.supervisor
    assert request.approval_reasons == "The only first account."
    with pytest.raises(Forbidden, match="not awaiting a supervisor"):
        services.request_approve(actor=personas.supervisor, request=request, reasons="Again")


def test_the_database_keeps_an_unapproved_counselling_request_from_being_agreed(
    personas: Personas, case: CaseFile
) -> None:
    request = drafted(personas.officer, case, COUNSELLING)
    with pytest.raises(IntegrityError), transaction.atomic():
        VictimInformationRequest.objects.filter(pk=request.pk).update(status=RequestStatus.SENT)


def test_a_supervisor_returns_a_request_to_the_officer(personas: Personas, case: CaseFile) -> None:
    request = submitted(personas, case, COUNSELLING)
    with pytest.raises(DomainError, match="Say why the request is returned"):
        services.request_return(actor=personas.supervisor, request=request, reason="")
    request = services.request_return(
        actor=personas.supervisor, request=request, reason="Say what the sessions were about."
    )
    assert request.status == RequestStatus.DRAFT
    assert request.returned_by == personas.supervisor


def test_a_changed_request_needs_its_approval_again(personas: Personas, case: CaseFile) -> None:
    request = approved(personas, submitted(personas, case, COUNSELLING))
    request = services.request_cps_decide(
        actor=personas.prosecutor,
        request=request,
        decision=CpsDecision.CHANGES,
        reasons="Only the session of 5 March.",
    )
    # Resubmitted as it was, the approval stands.
    assert services.request_submit(actor=personas.officer, request=request).status == (
        RequestStatus.AWAITING_CPS
    )
    request = services.request_cps_decide(
        actor=personas.prosecutor, request=request, decision=CpsDecision.CHANGES, reasons="Dates"
    )
    request = services.request_update(
        actor=personas.officer,
        request=request,
        details=details(COUNSELLING, date_from=date(2026, 3, 5), date_to=date(2026, 3, 5)),
    )
    assert request.approved_by is None and request.approval_reasons == ""

    request = services.request_submit(actor=personas.officer, request=request)
    assert request.status == RequestStatus.AWAITING_APPROVAL


def test_a_supervisor_does_not_approve_a_request_they_drafted(personas: Personas) -> None:
    # A supervisor who is the officer in the case drafts the request.
    case = with_prosecutor(personas, complete_case(personas.supervisor))
    request = services.request_submit(
        actor=personas.supervisor, request=drafted(personas.supervisor, case, COUNSELLING)
    )
    with pytest.raises(Forbidden, match="Another supervisor must approve"):
        services.request_approve(actor=personas.supervisor, request=request, reasons="Fine")

    another = _member("police_supervisor", org("Kent"))
    request = services.request_approve(actor=another, request=request, reasons="Fine")
    assert request.status == RequestStatus.AWAITING_CPS


# -- the credibility flag ---------------------------------------------------------------


def test_a_rationale_resting_on_credibility_is_flagged_to_the_officer(
    personas: Personas, case: CaseFile
) -> None:
    request = drafted(personas.officer, case, CREDIBILITY)

    assert request.credibility_flagged
    assert request.credibility_terms == [
        "credib",
        "reliability of her",
        "previous allegation",
        "mental health",
    ]
    request = services.request_submit(actor=personas.officer, request=request)
    assert request.status == RequestStatus.AWAITING_APPROVAL


def test_a_flag_needs_a_supervisor_s_override_with_reasons(
    personas: Personas, case: CaseFile
) -> None:
    request = submitted(personas, case, CREDIBILITY)
    with pytest.raises(Forbidden, match="Only a request for counselling"):
        services.request_approve(actor=personas.supervisor, request=request, reasons="Fine")
    with pytest.raises(DomainError, match="Say why the request may go ahead"):
        services.request_override(actor=personas.supervisor, request=request, reasons="")

    request = services.request_override(
        actor=personas.supervisor, request=request, reasons="The notes record injuries."
    )

    assert request.status == RequestStatus.AWAITING_CPS
    assert request.override_by == personas.supervisor
    assert request.override_reasons == "The notes record injuries."
    with pytest.raises(IntegrityError), transaction.atomic():
        # The database too: a flagged request is never agreed without its override.
        VictimInformationRequest.objects.filter(pk=request.pk).update(
            override_by=None, status=RequestStatus.AGREED
        )


def test_a_flagged_counselling_request_needs_both_approval_and_override(
    personas: Personas, case: CaseFile
) -> None:
    request = submitted(personas, case, COUNSELLING, line_of_enquiry="Her credibility")
    request = services.request_approve(
        actor=personas.supervisor, request=request, reasons="First account."
    )
    assert request.status == RequestStatus.AWAITING_APPROVAL  # the flag still stands
    request = services.request_override(
        actor=personas.supervisor, request=request, reasons="Goes to the first account."
    )
    assert request.status == RequestStatus.AWAITING_CPS


def test_an_unflagged_request_has_nothing_to_override(personas: Personas, case: CaseFile) -> None:
    request = submitted(personas, case, COUNSELLING)
    with pytest.raises(Forbidden, match="not flagged"):
        services.request_override(actor=personas.supervisor, request=request, reasons="x")


# -- notice to the complainant ------------------------------------------------------------


def test_a_request_is_not_sent_before_the_complainant_is_told(
    personas: Personas, case: CaseFile
) -> None:
    request = agreed(personas, case)
    today = timezone.localdate()
    with pytest.raises(DomainError) as refusal:
        services.request_send(
            actor=personas.officer, request=request, sent_on=today, reply_by=today
        )
    assert set(refusal.value.problems) == {"notice"}
    request.refresh_from_db()
    assert request.status == RequestStatus.AGREED
    assert not Deadline.objects.filter(kind=REPLY_DEADLINE_KIND).exists()


def test_written_notice_is_an_entry_of_the_contact_log(personas: Personas, case: CaseFile) -> None:
    request = drafted(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        services.request_notice_give(
            actor=personas.officer,
            request=request,
            given_at=timezone.now(),
            channel=Channel.PHONE,
            summary="",
        )
    assert set(refusal.value.problems) == {"channel", "summary"}
    assert not Contact.objects.exists()

    request = noticed(personas.officer, request)

    contact = Contact.objects.get()
    assert request.notice_contact == contact
    assert request.notice_given_on == timezone.localdate()
    assert contact.complainant == complainant_of(case)
    assert (contact.channel, contact.direction) == (Channel.LETTER, Direction.TO_COMPLAINANT)
    assert contact.communicated.count() == 0  # it is not news of a key event
    with pytest.raises(Forbidden, match="already been recorded"):
        noticed(personas.officer, request)
    assert Contact.objects.count() == 1


def test_notice_given_after_the_request_is_refused(personas: Personas, case: CaseFile) -> None:
    request = noticed(personas.officer, agreed(personas, case))
    yesterday = timezone.localdate() - timedelta(days=1)
    # Agreed today, so it cannot be sent yesterday either; the notice is the point.
    with pytest.raises(DomainError) as refusal:
        services.request_send(
            actor=personas.officer, request=request, sent_on=yesterday, reply_by=yesterday
        )
    assert "sent_on" in refusal.value.problems and "notice" in refusal.value.problems


def test_notice_is_delayed_or_withheld_only_with_a_reason(
    personas: Personas, case: CaseFile
) -> None:
    request = agreed(personas, case)
    with pytest.raises(DomainError, match="Say why notice to the complainant is withheld"):
        services.request_notice_delay(
            actor=personas.officer, request=request, delay=NoticeDelay.WITHHELD, reason=" "
        )
    with pytest.raises(DomainError, match="Choose whether notice is delayed or withheld"):
        services.request_notice_delay(
            actor=personas.officer, request=request, delay="", reason="Because"
        )
    request = services.request_notice_delay(
        actor=personas.officer,
        request=request,
        delay=NoticeDelay.DELAYED,
        reason="She is in hospital this week; her ISVA will tell her on discharge.",
    )
    today = timezone.localdate()
    request = services.request_send(
        actor=personas.officer, request=request, sent_on=today, reply_by=today + timedelta(days=7)
    )
    assert request.status == RequestStatus.SENT
    # The delayed notice follows.
    request = noticed(personas.officer, request)
    assert request.notice_given_on == today


def test_the_complainant_s_view_is_recorded(personas: Personas, case: CaseFile) -> None:
    request = drafted(personas.officer, case)
    with pytest.raises(DomainError, match="Enter the complainant's view"):
        services.request_view_record(actor=personas.officer, request=request, view="")
    request = services.request_view_record(
        actor=personas.officer, request=request, view="Content for the GP notes to be seen."
    )
    assert request.complainant_view == "Content for the GP notes to be seen."
    assert request.complainant_view_recorded_at is not None


# -- to the holder and back: the reply deadline ------------------------------------------


def test_sending_opens_the_reply_deadline_owed_by_the_oic(
    personas: Personas, case: CaseFile
) -> None:
    request = sent(personas, case)

    assert request.status == RequestStatus.SENT
    deadline = Deadline.objects.get(kind=REPLY_DEADLINE_KIND)
    assert request.reply_deadline == deadline
    assert deadline.due_on == timezone.localdate() + timedelta(days=14) == request.reply_by
    assert deadline.owner == personas.officer
    assert deadline.owner_organisation == case.force
    assert deadline.source == request_source(request)
    assert deadline.status == DeadlineStatus.OPEN
    assert HOLDER_NAME not in deadline.description


def test_the_reply_date_is_not_before_sending(personas: Personas, case: CaseFile) -> None:
    request = noticed(personas.officer, agreed(personas, case))
    today = timezone.localdate()
    with pytest.raises(DomainError) as refusal:
        services.request_send(
            actor=personas.officer, request=request, sent_on=today, reply_by=today - timedelta(1)
        )
    assert set(refusal.value.problems) == {"reply_by"}
    with pytest.raises(DomainError) as refusal:
        services.request_send(actor=personas.officer, request=request, sent_on=None, reply_by=None)
    assert set(refusal.value.problems) == {"sent_on", "reply_by"}


def test_material_received_meets_the_deadline_and_is_reviewed_for_relevance(
    personas: Personas, case: CaseFile
) -> None:
    request = sent(personas, case)
    today = timezone.localdate()
    with pytest.raises(DomainError) as refusal:
        services.request_receive(
            actor=personas.officer, request=request, received_on=today + timedelta(1), material=""
        )
    assert set(refusal.value.problems) == {"received_on", "material"}

    request = services.request_receive(
        actor=personas.officer,
        request=request,
        received_on=today,
        material="Two pages of consultation notes, 2 March 2026",
    )

    assert request.status == RequestStatus.RECEIVED
    assert Deadline.objects.get(kind=REPLY_DEADLINE_KIND).status == DeadlineStatus.MET
    with pytest.raises(DomainError, match="Say whether any of the material is relevant"):
        services.request_review(
            actor=personas.officer, request=request, relevant=None, relevant_summary=""
        )
    with pytest.raises(DomainError, match="only that part is scheduled"):
        services.request_review(
            actor=personas.officer, request=request, relevant=True, relevant_summary=""
        )

    request = services.request_review(
        actor=personas.officer,
        request=request,
        relevant=True,
        relevant_summary="The entry of 2 March recording bruising to the wrists",
    )

    assert request.status == RequestStatus.REVIEWED
    assert request.relevant is True
    assert request.reviewed_by == personas.officer
    with pytest.raises(Forbidden, match="cannot be withdrawn"):
        services.request_withdraw(actor=personas.officer, request=request, reason="x")


# -- withdrawal --------------------------------------------------------------------------


def test_a_sent_request_withdrawn_cancels_its_reply_deadline(
    personas: Personas, case: CaseFile
) -> None:
    request = sent(personas, case)
    with pytest.raises(DomainError, match="Say why the request is withdrawn"):
        services.request_withdraw(actor=personas.officer, request=request, reason="")

    request = services.request_withdraw(
        actor=personas.officer, request=request, reason="The suspect has admitted the injuries."
    )

    assert request.status == RequestStatus.WITHDRAWN
    assert request.withdrawn_by == personas.officer
    assert Deadline.objects.get(kind=REPLY_DEADLINE_KIND).status == DeadlineStatus.CANCELLED
    today = timezone.localdate()
    with pytest.raises(Forbidden, match="withdrawn: it cannot be marked as received"):
        services.request_receive(
            actor=personas.officer, request=request, received_on=today, material="x"
        )


@pytest.mark.parametrize("stage", ["draft", "awaiting_approval", "awaiting_cps", "agreed"])
def test_a_request_is_withdrawn_at_any_stage_before_the_reply(
    personas: Personas, case: CaseFile, stage: str
) -> None:
    request = drafted(personas.officer, case, COUNSELLING)
    if stage != "draft":
        request = services.request_submit(actor=personas.officer, request=request)
    if stage in ("awaiting_cps", "agreed"):
        request = approved(personas, request)
    if stage == "agreed":
        request = services.request_cps_decide(
            actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
        )
    assert request.status == stage
    request = services.request_withdraw(actor=personas.officer, request=request, reason="No need")
    assert request.status == RequestStatus.WITHDRAWN


# -- a double submit applies once ------------------------------------------------------------


def test_a_second_click_is_refused_and_nothing_applies_twice(
    personas: Personas, case: CaseFile
) -> None:
    request = drafted(personas.officer, case)
    stale = VictimInformationRequest.objects.get(pk=request.pk)  # the page's copy
    services.request_submit(actor=personas.officer, request=request)
    with pytest.raises(Forbidden, match="awaiting the prosecutor: it has been submitted"):
        services.request_submit(actor=personas.officer, request=stale)

    services.request_cps_decide(
        actor=personas.prosecutor, request=stale, decision=CpsDecision.AGREED
    )
    with pytest.raises(Forbidden, match="not awaiting the prosecutor"):
        services.request_cps_decide(
            actor=personas.prosecutor, request=stale, decision=CpsDecision.REJECTED, reasons="x"
        )
    noticed(personas.officer, stale)
    today = timezone.localdate()
    services.request_send(
        actor=personas.officer, request=stale, sent_on=today, reply_by=today + timedelta(1)
    )
    with pytest.raises(Forbidden, match="sent to the holder: it cannot be sent"):
        services.request_send(
            actor=personas.officer, request=stale, sent_on=today, reply_by=today + timedelta(1)
        )

    assert Deadline.objects.filter(kind=REPLY_DEADLINE_KIND).count() == 1
    assert request_actions(request) == [
        "drafted",
        "submitted",
        "cps_agreed",
        "notice_given",
        "sent",
    ]
    assert request_events(case) == []
    request.refresh_from_db()
    assert request.cps_decision == CpsDecision.AGREED


# -- the audit log and the timeline name nobody ----------------------------------------------


def test_the_audit_log_and_timeline_hold_no_identity_and_no_free_text(
    personas: Personas, case: CaseFile
) -> None:
    named = complainant_add(
        actor=personas.officer,
        case=case,
        first_names="Zelda",
        last_name="Quaintance",
        date_of_birth=date(1990, 5, 17),
        address="12 Orchard Row",
        postcode="ME14 1AA",
        email="zelda@example.com",
    )
    note = "Zelda Quaintance told us she saw Dr Hollis on 2 March"
    request = services.request_create(
        actor=personas.officer,
        case=case,
        complainant=named,
        details=details(COUNSELLING, holder_has_it=note, line_of_enquiry=f"{note}: credibility"),
    )
    request = approved(personas, services.request_submit(actor=personas.officer, request=request))
    request = services.request_cps_decide(
        actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED, reasons=note
    )
    request = services.request_view_record(actor=personas.officer, request=request, view=note)
    request = noticed(personas.officer, request)
    today = timezone.localdate()
    request = services.request_send(
        actor=personas.officer, request=request, sent_on=today, reply_by=today
    )
    request = services.request_receive(
        actor=personas.officer, request=request, received_on=today, material=note
    )
    services.request_review(
        actor=personas.officer, request=request, relevant=True, relevant_summary=note
    )

    rows = request_audit()
    assert [r.action.removeprefix("disclosure.victim_information_request_") for r in rows] == [
        "drafted",
        "submitted",
        "approved",
        "flag_overridden",
        "cps_agreed",
        "view_recorded",
        "notice_given",
        "sent",
        "received",
        "reviewed",
    ]
    assert {r.detail["complainant"] for r in rows} == {named.pseudonym}
    written = [str(r.detail) for r in AuditEvent.objects.all()] + list(
        CaseEvent.objects.filter(case=case).values_list("description", flat=True)
    )
    for identifier in ("Zelda", "Quaintance", "1990", "Orchard", "ME14", "zelda@", "Hollis"):
        assert not [w for w in written if identifier in w], identifier
    assert not [w for w in written if "Safe Space" in w]  # nor the holder
