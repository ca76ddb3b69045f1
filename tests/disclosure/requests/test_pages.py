"""Victim information requests in the browser: the officer drafts a
counselling request on the case's Disclosure tab, submits it, a supervisor
(who reads the complainant as C1) approves it, the prosecutor agrees, the
officer records the notice to the complainant, sends it, records the reply
and its review; bad input saves nothing; everyone else gets 404."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from rasso.audit.models import AuditEvent
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.requests.factories import COUNSELLING, complainant_of, drafted
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db


def _form_of(case: CaseFile, **changes: Any) -> dict[str, Any]:
    data = dict(asdict(COUNSELLING))
    data["date_from"] = COUNSELLING.date_from.isoformat()  # type: ignore[union-attr]
    data["date_to"] = COUNSELLING.date_to.isoformat()  # type: ignore[union-attr]
    data["complainant"] = complainant_of(case).pk
    data["information_sought"] = "Jane Complainant's first account at the session of 5 March"
    return {**data, **changes}


def _step(case: CaseFile, vir: VictimInformationRequest, step: str) -> str:
    return reverse("disclosure:request-step", args=[case.pk, vir.pk, step])


def test_a_counselling_request_from_draft_to_review(personas: Personas, case: CaseFile) -> None:
    officer = client_for(personas.officer)
    tab = html_of(officer.get(reverse("disclosure:case-disclosure", args=[case.pk])))
    assert reverse("disclosure:request-create", args=[case.pk]) in tab

    officer.post(reverse("disclosure:request-create", args=[case.pk]), _form_of(case))
    vir = VictimInformationRequest.objects.get()
    page = reverse("disclosure:request", args=[case.pk, vir.pk])
    assert "Jane Complainant" in html_of(officer.get(page))  # the OIC is entitled
    officer.post(_step(case, vir, "submit"))
    again = officer.post(_step(case, vir, "submit"))  # a double click submits once
    vir.refresh_from_db()
    assert vir.status == RequestStatus.AWAITING_APPROVAL and again.status_code == 403
    assert (
        AuditEvent.objects.filter(action="disclosure.victim_information_request_submitted").count()
        == 1
    )

    supervisor = client_for(personas.supervisor)
    read = html_of(supervisor.get(page))
    assert "Jane" not in read and "C1" in read  # the supervisor reads pseudonyms
    empty = supervisor.post(_step(case, vir, "approve"), {"reasons": " "})
    assert "Say why you approve it" in html_of(empty)
    supervisor.post(_step(case, vir, "approve"), {"reasons": "A first account, two days after."})
    vir.refresh_from_db()
    assert vir.status == RequestStatus.AWAITING_CPS

    prosecutor = client_for(personas.prosecutor)
    prosecutor.post(_step(case, vir, "decide"), {"decision": "agreed"})
    now = timezone.localtime()
    officer.post(
        _step(case, vir, "notice"),
        {
            "given_on": now.date().isoformat(),
            "given_time": f"{now:%H:%M}",
            "channel": "letter",
            "summary": "What is sought, why, and how it will be handled.",
        },
    )
    today = timezone.localdate().isoformat()
    officer.post(_step(case, vir, "send"), {"sent_on": today, "reply_by": "2099-01-01"})
    officer.post(_step(case, vir, "receive"), {"received_on": today, "material": "Session notes"})
    officer.post(
        _step(case, vir, "review"), {"relevant": "yes", "relevant_summary": "The first account"}
    )

    vir.refresh_from_db()
    assert vir.status == RequestStatus.REVIEWED
    assert vir.notice_contact is not None and vir.relevant is True
    assert AuditEvent.objects.filter(
        action="disclosure.victim_information_request_viewed", actor=personas.supervisor
    ).exists()


def test_a_draft_missing_its_tests_saves_nothing(personas: Personas, case: CaseFile) -> None:
    officer = client_for(personas.officer)

    answer = officer.post(
        reverse("disclosure:request-create", args=[case.pk]),
        _form_of(case, necessity="", date_from=""),
    )

    page = html_of(answer)
    assert "Say why the request is necessary and proportionate" in page
    assert "Enter the date the information sought starts from" in page
    assert not VictimInformationRequest.objects.exists()


def test_a_step_out_of_turn_is_refused_and_unknown_steps_are_404(
    personas: Personas, case: CaseFile
) -> None:
    vir = drafted(personas.officer, case)
    officer = client_for(personas.officer)

    assert officer.get(_step(case, vir, "send")).status_code == 403
    assert officer.post(_step(case, vir, "approve"), {"reasons": "x"}).status_code == 403
    assert officer.get(_step(case, vir, "teleport")).status_code == 404
    vir.refresh_from_db()
    assert vir.status == RequestStatus.DRAFT


def test_everyone_outside_need_to_know_gets_404(personas: Personas, case: CaseFile) -> None:
    vir = drafted(personas.officer, case)
    urls = [
        reverse("disclosure:request", args=[case.pk, vir.pk]),
        reverse("disclosure:request-edit", args=[case.pk, vir.pk]),
        *(_step(case, vir, step) for step in ("submit", "approve", "decide", "withdraw")),
    ]
    # A draft is the officers' own: even the force's supervisor does not see it.
    for user in [*outsiders(personas).values(), personas.supervisor, personas.colleague]:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"reasons": "x"}).status_code in (404, 405), (user, url)
    tab = reverse("disclosure:case-disclosure", args=[case.pk])
    assert "Request " not in html_of(client_for(personas.supervisor).get(tab))
    vir.refresh_from_db()
    assert vir.status == RequestStatus.DRAFT
