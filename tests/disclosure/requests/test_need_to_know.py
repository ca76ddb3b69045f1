"""Need to know, in the review of issue 11: a request is as restricted as the
complainant's identity (DESIGN.md §3).

- A police supervisor of the force is not entitled to the identity: they see
  a request only while it awaits their decision (a counselling approval, a
  credibility override), through the identity scrubber, and once they have
  decided they see it no more (a second click is the first's success).
- Nothing anyone else reads says a request exists: not the case timeline,
  not the case's deadlines, not a reminder.
- A closed case asks nobody for anything more: no move takes a request
  towards the holder; it may still be withdrawn, and what arrives recorded.
- A repeated click saves once; every view of a request is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import deadline_kind_label
from cases.models import CaseEvent, CaseFile, CaseStatus, Deadline
from disclosure.requests import services
from disclosure.requests.models import (
    CpsDecision,
    NoticeDelay,
    RequestStatus,
    VictimInformationRequest,
)
from disclosure.requests.selectors import requests_visible_to
from rasso.accounts.models import Role
from rasso.audit.models import AuditEvent
from rasso.core.errors import Forbidden
from tests.cases.factories import complete_case
from tests.cases.test_api import Api
from tests.conftest import Personas, _member, org
from tests.disclosure.devices.factories import drafted as device_drafted
from tests.disclosure.requests.factories import (
    COUNSELLING,
    CREDIBILITY,
    GP,
    agreed,
    details,
    drafted,
    noticed,
    sent,
    submitted,
)
from tests.support import client_for, html_of, queries_for

pytestmark = pytest.mark.django_db

# Words that would tell a reader a request for the complainant's records exists.
TELLING = (
    "victim information",
    "information request",
    "the holder",
    "holder's",
    "counselling",
    "third part",
)


def seen_by_supervisor(personas: Personas) -> set[int]:
    return set(requests_visible_to(personas.supervisor).values_list("pk", flat=True))


def page_of(case: CaseFile, vir: VictimInformationRequest, step: str = "") -> str:
    if step:
        return reverse("disclosure:request-step", args=[case.pk, vir.pk, step])
    return reverse("disclosure:request", args=[case.pk, vir.pk])


def api_of(case: CaseFile, vir: VictimInformationRequest, move: str = "") -> str:
    url = f"/api/v1/cases/{case.pk}/victim-information-requests/{vir.pk}/"
    return url + (f"{move}/" if move else "")


def closed(case: CaseFile, status: str = CaseStatus.FINALISED) -> CaseFile:
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def audited(action: str, vir: VictimInformationRequest) -> int:
    return AuditEvent.objects.filter(
        action=f"disclosure.victim_information_request_{action}", object_id=str(vir.pk)
    ).count()


# -- the supervisor: while it awaits their decision, and no longer ---------------------------


def test_a_supervisor_sees_a_request_only_while_it_awaits_their_decision(
    personas: Personas, case: CaseFile
) -> None:
    """§3: a supervisor sees every case of the force but not who the
    complainant is, and a request is as restricted as that identity. Their
    need to know is the decision the Code of Practice gives them; once made,
    the request, its free text and the complainant are the case's officers'
    and prosecutor's again."""
    counselling = submitted(personas, case, COUNSELLING)
    flagged = submitted(personas, case, CREDIBILITY)
    returned = submitted(personas, case, COUNSELLING)
    withdrawn = submitted(personas, case, COUNSELLING)
    assert seen_by_supervisor(personas) == {counselling.pk, flagged.pk, returned.pk, withdrawn.pk}

    services.request_approve(actor=personas.supervisor, request=counselling, reasons="Sound.")
    services.request_override(actor=personas.supervisor, request=flagged, reasons="Sound.")
    services.request_return(actor=personas.supervisor, request=returned, reason="Narrow it.")
    services.request_withdraw(actor=personas.officer, request=withdrawn, reason="Not needed.")

    assert seen_by_supervisor(personas) == set()
    supervisor, api = client_for(personas.supervisor), Api(personas.supervisor)
    for vir in (counselling, flagged, returned, withdrawn):
        assert supervisor.get(page_of(case, vir)).status_code == 404
        assert api.get(api_of(case, vir)).status_code == 404
    tab = html_of(supervisor.get(reverse("disclosure:case-disclosure", args=[case.pk])))
    assert "Request " not in tab
    # The case's officers and its prosecutor still see them all.
    for user in (personas.officer, personas.prosecutor):
        assert set(requests_visible_to(user).values_list("pk", flat=True)) == {
            counselling.pk,
            flagged.pk,
            returned.pk,
            withdrawn.pk,
        }


def test_a_supervisor_still_sees_what_still_awaits_them(personas: Personas, case: CaseFile) -> None:
    """A counselling request resting on credibility: approved, its flag still
    awaits the override, so the supervisor still reads it."""
    both = submitted(
        personas, case, details(COUNSELLING, line_of_enquiry=CREDIBILITY.line_of_enquiry)
    )
    services.request_approve(actor=personas.supervisor, request=both, reasons="Sound.")
    assert seen_by_supervisor(personas) == {both.pk}
    services.request_override(actor=personas.supervisor, request=both, reasons="Sound.")
    assert seen_by_supervisor(personas) == set()


def test_the_supervisor_s_approval_lands_on_the_tab_and_a_second_click_is_the_first(
    personas: Personas, case: CaseFile
) -> None:
    vir = submitted(personas, case, COUNSELLING)
    supervisor = client_for(personas.supervisor)
    tab = reverse("disclosure:case-disclosure", args=[case.pk])

    first = supervisor.post(page_of(case, vir, "approve"), {"reasons": "A first account."})
    second = supervisor.post(page_of(case, vir, "approve"), {"reasons": "A first account."})

    # Not back to a page they may no longer open (404), nor a refusal.
    assert (first.status_code, first["Location"]) == (302, tab)
    assert (second.status_code, second["Location"]) == (302, tab)
    vir.refresh_from_db()
    assert vir.status == RequestStatus.AWAITING_CPS
    assert audited("approved", vir) == 1
    # Asked for the form again, the request is one they may not see.
    assert supervisor.get(page_of(case, vir, "approve")).status_code == 404


def test_a_supervisor_s_second_return_is_the_first(personas: Personas, case: CaseFile) -> None:
    vir = submitted(personas, case, COUNSELLING)
    supervisor = client_for(personas.supervisor)
    tab = reverse("disclosure:case-disclosure", args=[case.pk])
    for _ in range(2):
        answer = supervisor.post(page_of(case, vir, "return"), {"reasons": "Narrow the dates."})
        assert (answer.status_code, answer["Location"]) == (302, tab)
    assert audited("returned", vir) == 1


def test_a_supervisor_s_second_approval_over_the_api_is_refused_not_hidden(
    personas: Personas, case: CaseFile
) -> None:
    vir = submitted(personas, case, COUNSELLING)
    api = Api(personas.supervisor)
    first = api.post(api_of(case, vir, "approve"), {"reasons": "A first account."})
    assert first.status_code == 200
    assert first.json()["status"] == RequestStatus.AWAITING_CPS
    again = api.post(api_of(case, vir, "approve"), {"reasons": "A first account."})
    assert again.status_code == 403
    assert "already decided" in again.json()["detail"]
    assert audited("approved", vir) == 1


def test_someone_who_never_decided_it_gets_404_for_a_move_on_it(
    personas: Personas, case: CaseFile
) -> None:
    vir = submitted(personas, case, COUNSELLING)
    services.request_approve(actor=personas.supervisor, request=vir, reasons="Sound.")
    another = _member(Role.POLICE_SUPERVISOR, org("Kent"))
    answer = client_for(another).post(page_of(case, vir, "approve"), {"reasons": "x"})
    assert answer.status_code == 404
    assert Api(another).post(api_of(case, vir, "approve"), {"reasons": "x"}).status_code == 404


# -- nothing else says a request exists -------------------------------------------------------


def test_the_timeline_and_the_deadlines_say_nothing_of_requests(
    personas: Personas, case: CaseFile
) -> None:
    """The timeline and the deadlines are read by everyone who sees the case
    (the force's supervisors and SPOCs, the Area's CPS SPOC); a reminder of an
    overdue deadline goes to the supervisors too. None of them may learn that
    the complainant's records were asked for."""
    vir = sent(personas, case, COUNSELLING)
    services.request_withdraw(actor=personas.officer, request=vir, reason="Not needed after all.")
    other = sent(personas, case)
    services.request_receive(
        actor=personas.officer, request=other, received_on=timezone.localdate(), material="Notes"
    )

    texts = [
        e.lower() for e in CaseEvent.objects.filter(case=case).values_list("description", flat=True)
    ]
    for deadline in Deadline.objects.filter(case=case):
        texts += [
            deadline.description.lower(),
            deadline.kind.replace("_", " "),
            deadline_kind_label(deadline.kind).lower(),
        ]
    for word in TELLING:
        assert not [t for t in texts if word in t], word

    supervisor = client_for(personas.supervisor)
    for url in (
        reverse("cases:timeline", args=[case.pk]),
        reverse("cases:deadlines", args=[case.pk]),
    ):
        page = html_of(supervisor.get(url)).lower()
        for word in TELLING:
            assert word not in page, (url, word)
    # The officer still finds the reply owed among the case's deadlines.
    assert Deadline.objects.filter(case=case, source=services.request_source(vir)).exists()


# -- a closed case asks nobody for anything more ----------------------------------------------


@pytest.mark.parametrize(
    "status", [CaseStatus.FINALISED, CaseStatus.POLICE_NFA, CaseStatus.CPS_NFA]
)
def test_on_a_closed_case_no_request_moves_towards_the_holder(
    personas: Personas, case: CaseFile, status: str
) -> None:
    draft = drafted(personas.officer, case)
    awaiting_approval = submitted(personas, case, COUNSELLING)
    flagged = submitted(personas, case, CREDIBILITY)
    awaiting_cps = submitted(personas, case)
    ready = noticed(personas.officer, agreed(personas, case))
    case = closed(case, status)
    today = timezone.localdate()

    refused: list[Callable[[], object]] = [
        lambda: services.request_update(
            actor=personas.officer, request=draft, details=details(GP, holder_name="Another")
        ),
        lambda: services.request_approve(
            actor=personas.supervisor, request=awaiting_approval, reasons="x"
        ),
        lambda: services.request_override(actor=personas.supervisor, request=flagged, reasons="x"),
        lambda: services.request_return(
            actor=personas.supervisor, request=awaiting_approval, reason="x"
        ),
        lambda: services.request_cps_decide(
            actor=personas.prosecutor, request=awaiting_cps, decision=CpsDecision.AGREED
        ),
        lambda: services.request_send(
            actor=personas.officer, request=ready, sent_on=today, reply_by=today + timedelta(7)
        ),
    ]
    before = list(VictimInformationRequest.objects.order_by("pk").values_list("pk", "status"))
    for move in refused:
        with pytest.raises(Forbidden, match="The case is closed"):
            move()
    assert list(VictimInformationRequest.objects.order_by("pk").values_list("pk", "status")) == (
        before
    )
    assert not Deadline.objects.filter(source=services.request_source(ready)).exists()

    # Nor does a page offer it, or the API do it.
    page = html_of(client_for(personas.officer).get(page_of(case, ready)))
    assert page_of(case, ready, "send") not in page
    assert client_for(personas.officer).get(page_of(case, ready, "send")).status_code == 403
    answer = Api(personas.prosecutor).post(
        api_of(case, awaiting_cps, "cps-decision"), {"cps_decision": "agreed"}
    )
    assert answer.status_code == 403 and answer.json()["detail"].startswith("The case is closed")

    # It may still be withdrawn, and what was sent before it closed recorded.
    services.request_withdraw(actor=personas.officer, request=ready, reason="The case closed.")


def test_material_sent_for_before_the_case_closed_is_still_recorded(
    personas: Personas, case: CaseFile
) -> None:
    vir = sent(personas, case)
    closed(case, CaseStatus.POLICE_NFA)
    today = timezone.localdate()
    vir = services.request_receive(
        actor=personas.officer, request=vir, received_on=today, material="Notes"
    )
    vir = services.request_review(
        actor=personas.officer, request=vir, relevant=False, relevant_summary=""
    )
    assert vir.status == RequestStatus.REVIEWED


# -- a repeated click saves once ---------------------------------------------------------------


def test_a_repeated_delay_of_the_notice_or_the_same_view_saves_once(
    personas: Personas, case: CaseFile
) -> None:
    vir = drafted(personas.officer, case)
    for _ in range(2):
        services.request_notice_delay(
            actor=personas.officer, request=vir, delay=NoticeDelay.DELAYED, reason="Risk to her."
        )
        services.request_view_record(actor=personas.officer, request=vir, view="She agrees.")
    assert audited("notice_delayed", vir) == 1
    assert audited("view_recorded", vir) == 1
    # A different answer is a change, and on the record.
    services.request_notice_delay(
        actor=personas.officer, request=vir, delay=NoticeDelay.WITHHELD, reason="Risk to her."
    )
    assert audited("notice_withheld", vir) == 1


def test_a_double_clicked_agreement_agrees_once(personas: Personas, case: CaseFile) -> None:
    vir = submitted(personas, case)
    prosecutor = client_for(personas.prosecutor)
    first = prosecutor.post(page_of(case, vir, "decide"), {"decision": "agreed"})
    second = prosecutor.post(page_of(case, vir, "decide"), {"decision": "agreed"})
    assert first.status_code == 302
    assert second.status_code == 403  # refused with its reason: it is agreed already
    assert audited("cps_agreed", vir) == 1


# -- every view is audited ---------------------------------------------------------------------


def test_every_page_showing_a_request_is_audited_with_it(
    personas: Personas, case: CaseFile
) -> None:
    """The draft's form and a step's form show what the request asks: each is
    a view of the request, on the record with its id."""
    vir = drafted(personas.officer, case)
    officer = client_for(personas.officer)
    for url in (
        reverse("disclosure:request-edit", args=[case.pk, vir.pk]),
        page_of(case, vir, "notice"),
    ):
        before = audited("viewed", vir)
        html_of(officer.get(url))
        assert audited("viewed", vir) == before + 1, url


def test_the_tab_s_view_records_which_requests_it_showed(
    personas: Personas, case: CaseFile
) -> None:
    shown = [drafted(personas.officer, case) for _ in range(2)]
    html_of(client_for(personas.officer).get(reverse("disclosure:case-disclosure", args=[case.pk])))
    event = AuditEvent.objects.get(action="disclosure.listed", object_id=str(case.pk))
    assert sorted(event.detail["victim_information_requests"]) == sorted(v.pk for v in shown)
    assert event.actor == personas.officer


def test_the_tab_s_queries_do_not_grow_with_its_requests_and_extractions(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any
) -> None:
    def add() -> None:
        submitted(personas, case, COUNSELLING)  # seen by the supervisor too
        device_drafted(personas.officer, case)

    url = reverse("disclosure:case-disclosure", args=[case.pk])
    readers = [client_for(personas.officer), client_for(personas.supervisor)]
    add()
    for reader in readers:
        reader.get(url)  # the session's first use
    # The session and user, the memberships, the case, its grants, the audit
    # rows, the requests (with their case, complainant and author) and their
    # count, the entitlements, the extractions, the unused material, the
    # tabs: the same for one request and extraction as for four.
    one = [queries_for(r, url, django_assert_max_num_queries, 40) for r in readers]
    for _ in range(3):
        add()
    assert [queries_for(r, url, django_assert_max_num_queries, 40) for r in readers] == one


def test_a_request_of_another_case_is_404_under_this_one_s_pages(
    personas: Personas, case: CaseFile
) -> None:
    """The officer sees both cases; a request's id under the wrong case's
    address finds nothing, whatever the step, and nothing moves."""
    other = complete_case(personas.officer)
    vir = drafted(personas.officer, other)
    officer = client_for(personas.officer)
    for url in (
        page_of(case, vir),
        reverse("disclosure:request-edit", args=[case.pk, vir.pk]),
        page_of(case, vir, "submit"),
        page_of(case, vir, "withdraw"),
    ):
        assert officer.get(url).status_code == 404, url
        assert officer.post(url, {"reasons": "x"}).status_code in (404, 405), url
    vir.refresh_from_db()
    assert vir.status == RequestStatus.DRAFT


def test_a_double_clicked_draft_is_saved_once(personas: Personas, case: CaseFile) -> None:
    """The same draft posted twice by the same officer a moment apart (a
    double click, a retried request) is one draft; a different one is not."""

    def draft(**changes: Any) -> VictimInformationRequest:
        return services.request_create(
            actor=personas.officer,
            case=case,
            complainant=case.complainants.get(),
            details=details(GP, **changes),
        )

    first = draft()
    assert draft().pk == first.pk
    assert audited("drafted", first) == 1
    assert draft(information_sought="The notes of 9 March only").pk != first.pk

    form = {
        "complainant": first.complainant_id,
        "holder_kind": "education",
        "holder_name": "Maidstone Grammar",
        "information_sought": "The attendance record for 2 March",
        "date_from": "1/3/2026",
        "date_to": "3/3/2026",
        "line_of_enquiry": GP.line_of_enquiry,
        "issue_in_case": GP.issue_in_case,
        "holder_has_it": GP.holder_has_it,
        "relevance": GP.relevance,
        "necessity": GP.necessity,
        "less_intrusive_means": GP.less_intrusive_means,
    }
    officer = client_for(personas.officer)
    url = reverse("disclosure:request-create", args=[case.pk])
    for _ in range(2):
        assert officer.post(url, form).status_code == 302
    assert VictimInformationRequest.objects.filter(holder_kind="education").count() == 1
