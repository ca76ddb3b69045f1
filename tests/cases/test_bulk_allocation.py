"""Bulk allocation: a CPS SPOC allocates several cases to one prosecutor (or
re-allocates a leaver's), a police supervisor makes one investigator the OIC
of several; one service call and one transaction per batch, each case audited
and on its timeline; a case changed since the list was shown refuses the
batch and is named; a page to check before anything changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases import services
from cases.models import CaseEvent, CaseFile
from rasso.accounts.models import Role, User
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden, StaleVersion
from tests.cases.factories import case_create, submitted_case
from tests.conftest import Personas, _member, org
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db

URL = "/cases/allocate/"


def chosen(*cases: CaseFile) -> dict[int, int]:
    return {case.pk: CaseFile.objects.get(pk=case.pk).version for case in cases}


def posted(*cases: CaseFile, to: User, back: str = "queue") -> dict[str, Any]:
    return {"case": [f"{pk}:{v}" for pk, v in chosen(*cases).items()], "to": to.pk, "back": back}


@pytest.fixture
def second_prosecutor(personas: Personas) -> User:
    return _member(Role.PROSECUTOR, org("South East"), full_name="Priya Second")


class TestTheServices:
    def test_a_spoc_allocates_several_cases_in_one_go(self, personas: Personas) -> None:
        cases = [submitted_case(personas.officer) for _ in range(3)]
        done = services.cases_allocate_prosecutor(
            actor=personas.cps_spoc, chosen=chosen(*cases), prosecutor=personas.prosecutor
        )
        assert len(done) == 3
        for case in cases:
            case.refresh_from_db()
            assert case.prosecutor == personas.prosecutor
            assert case.deadlines.get(kind="charging_decision").owner == personas.prosecutor
            assert CaseEvent.objects.filter(case=case, kind="prosecutor_allocated").count() == 1
        assert (
            AuditEvent.objects.filter(
                action="case.prosecutor_allocated", actor=personas.cps_spoc
            ).count()
            == 3
        )

    def test_a_leavers_cases_go_to_another_prosecutor(
        self, personas: Personas, second_prosecutor: User
    ) -> None:
        cases = [submitted_case(personas.officer) for _ in range(2)]
        services.cases_allocate_prosecutor(
            actor=personas.cps_spoc, chosen=chosen(*cases), prosecutor=personas.prosecutor
        )
        services.cases_allocate_prosecutor(
            actor=personas.cps_spoc, chosen=chosen(*cases), prosecutor=second_prosecutor
        )
        assert set(CaseFile.objects.values_list("prosecutor", flat=True)) == {second_prosecutor.pk}

    def test_a_case_changed_since_the_list_refuses_the_batch_and_is_named(
        self, personas: Personas
    ) -> None:
        first, second = submitted_case(personas.officer), submitted_case(personas.officer)
        seen = chosen(first, second)
        services.case_allocate_prosecutor(
            actor=personas.cps_spoc, case=second, prosecutor=personas.prosecutor
        )  # someone else, meanwhile
        with pytest.raises(StaleVersion, match=second.urn):
            services.cases_allocate_prosecutor(
                actor=personas.cps_spoc, chosen=seen, prosecutor=personas.prosecutor
            )
        first.refresh_from_db()
        assert first.prosecutor is None  # nothing changed

    def test_a_case_the_spoc_may_not_allocate_refuses_the_batch(self, personas: Personas) -> None:
        ready = submitted_case(personas.officer)
        draft = case_create(personas.officer)  # never referred: the SPOC cannot see it
        with pytest.raises(DomainError):
            services.cases_allocate_prosecutor(
                actor=personas.cps_spoc, chosen=chosen(ready, draft), prosecutor=personas.prosecutor
            )
        ready.refresh_from_db()
        assert ready.prosecutor is None

    def test_only_a_prosecutor_of_the_area(self, personas: Personas) -> None:
        case = submitted_case(personas.officer)
        with pytest.raises(DomainError, match="choose a prosecutor of CPS South East"):
            services.cases_allocate_prosecutor(
                actor=personas.cps_spoc,
                chosen=chosen(case),
                prosecutor=personas.other_area_prosecutor,
            )

    def test_nobody_else_may(self, personas: Personas) -> None:
        case = submitted_case(personas.officer)
        with pytest.raises((Forbidden, DomainError)):
            services.cases_allocate_prosecutor(
                actor=personas.prosecutor, chosen=chosen(case), prosecutor=personas.prosecutor
            )
        with pytest.raises(DomainError, match="Select at least one case"):
            services.cases_allocate_prosecutor(
                actor=personas.cps_spoc, chosen={}, prosecutor=personas.prosecutor
            )

    def test_a_supervisor_gives_a_leavers_cases_to_another_officer(
        self, personas: Personas
    ) -> None:
        cases = [case_create(personas.colleague) for _ in range(3)]
        services.cases_reallocate_oic(
            actor=personas.supervisor, chosen=chosen(*cases), new_oic=personas.officer
        )
        assert set(CaseFile.objects.values_list("oic", flat=True)) == {personas.officer.pk}
        with pytest.raises(Forbidden):
            services.cases_reallocate_oic(
                actor=personas.officer, chosen=chosen(*cases), new_oic=personas.colleague
            )
        with pytest.raises(DomainError, match="choose an investigator of Kent"):
            services.cases_reallocate_oic(
                actor=personas.supervisor,
                chosen=chosen(*cases),
                new_oic=personas.other_force_officer,
            )


class TestThePages:
    def test_the_queue_offers_checkboxes_and_prosecutors_with_their_caseload(
        self, personas: Personas, second_prosecutor: User
    ) -> None:
        case = submitted_case(personas.officer)
        busy = submitted_case(personas.officer)
        services.case_allocate_prosecutor(
            actor=personas.cps_spoc, case=busy, prosecutor=personas.prosecutor
        )
        decision = busy.deadlines.get(kind="charging_decision")
        services.deadline_reschedule(
            deadline=decision, due_on=timezone.localdate() + timedelta(days=3)
        )
        page = html_of(client_for(personas.cps_spoc).get("/cases/queue/"))
        assert f'value="{case.pk}:{case.version}"' in page
        assert 'data-testid="bulk-controls"' in page
        assert "(1 open case, 1 due in 14 days)" in page  # the prosecutor's caseload
        assert "Priya Second (0 open cases, 0 due in 14 days)" in page

    def test_check_then_allocate(self, personas: Personas) -> None:
        cases = [submitted_case(personas.officer) for _ in range(2)]
        spoc = client_for(personas.cps_spoc)
        check = spoc.get(URL, posted(*cases, to=personas.prosecutor))
        html = html_of(check)
        assert "Check before you allocate these cases" in html
        assert all(case.urn in html for case in cases)
        assert "Allocate 2 cases" in html
        assert not CaseFile.objects.filter(prosecutor__isnull=False).exists()  # nothing yet

        done = spoc.post(URL, posted(*cases, to=personas.prosecutor), follow=True)
        assert done.redirect_chain[-1][0] == "/cases/queue/"
        assert escape(f"2 cases allocated to {personas.prosecutor.full_name}") in html_of(done)
        assert CaseFile.objects.filter(prosecutor=personas.prosecutor).count() == 2

    def test_a_case_changed_meanwhile_is_named_and_offered_again(self, personas: Personas) -> None:
        first, second = submitted_case(personas.officer), submitted_case(personas.officer)
        spoc = client_for(personas.cps_spoc)
        form = posted(first, second, to=personas.prosecutor)
        services.case_allocate_prosecutor(
            actor=personas.cps_spoc, case=second, prosecutor=personas.prosecutor
        )
        again = spoc.post(URL, form)
        html = html_of(again)
        assert "changed since the list was shown" in html and second.urn in html
        assert CaseFile.objects.get(pk=first.pk).prosecutor is None
        # The page offers the batch as it now is: confirming allocates both.
        second.refresh_from_db()
        assert f'value="{second.pk}:{second.version}"' in html
        assert spoc.post(URL, posted(first, second, to=personas.prosecutor)).status_code == 302
        assert CaseFile.objects.filter(prosecutor=personas.prosecutor).count() == 2

    def test_nothing_selected_says_so(self, personas: Personas) -> None:
        html = html_of(client_for(personas.cps_spoc).get(URL, {"to": personas.prosecutor.pk}))
        assert "Select at least one case" in html

    def test_a_supervisor_reallocates_from_the_case_list(self, personas: Personas) -> None:
        cases = [case_create(personas.colleague) for _ in range(2)]
        supervisor = client_for(personas.supervisor)
        page = html_of(supervisor.get(f"/cases/?oic={personas.colleague.pk}"))
        assert "Make the officer in the case of the selected cases" in page
        response = supervisor.post(URL, posted(*cases, to=personas.officer, back="list"))
        assert response.status_code == 302 and response["Location"] == reverse("cases:list")
        assert set(CaseFile.objects.values_list("oic", flat=True)) == {personas.officer.pk}

    @pytest.mark.parametrize("who", ["officer", "prosecutor", "manager", "panel_member"])
    def test_outsiders_get_404(self, personas: Personas, who: str) -> None:
        case = submitted_case(personas.officer)
        client = client_for(getattr(personas, who))
        assert client.get(URL, posted(case, to=personas.prosecutor)).status_code == 404
        assert client.post(URL, posted(case, to=personas.prosecutor)).status_code == 404
        assert CaseFile.objects.get(pk=case.pk).prosecutor is None

    def test_another_areas_spoc_cannot_touch_the_cases(self, personas: Personas) -> None:
        case = submitted_case(personas.officer)
        other_spoc = _member(Role.CPS_SPOC, org("North East"))
        response = client_for(other_spoc).post(URL, posted(case, to=personas.prosecutor))
        assert response.status_code == 200
        assert CaseFile.objects.get(pk=case.pk).prosecutor is None

    def test_a_double_click_allocates_once(self, personas: Personas) -> None:
        case = submitted_case(personas.officer)
        spoc = client_for(personas.cps_spoc)
        form = posted(case, to=personas.prosecutor)
        assert spoc.post(URL, form).status_code == 302
        again = spoc.post(URL, form)  # the same versions: the case moved on
        assert again.status_code == 200
        assert CaseEvent.objects.filter(case=case, kind="prosecutor_allocated").count() == 1
