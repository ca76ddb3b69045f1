"""A complainant's page and their record in the browser, a section at a time.

The OIC (and officers granted the case) keep the record; the allocated
prosecutor reads it; everyone else who sees the case sees the pseudonym, the
updates owed and the reviews. A stale edit, an impossible date or a bad phone
number or postcode is refused with a clear message and saves nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.support import client_for, html_of
from tests.victims.test_views import ADDRESS, FIRST_NAMES, LAST_NAME
from victims.models import Complainant, SupportWithdrawal
from victims.services import complainant_add, support_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def complainant(personas: Personas) -> Complainant:
    case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=30))
    return complainant_add(
        actor=personas.officer,
        case=case,
        first_names=FIRST_NAMES,
        last_name=LAST_NAME,
        address=ADDRESS,
        postcode="ME14 1AA",
        phone="07700 900123",
    )


def url(name: str, complainant: Complainant, *more: Any) -> str:
    return reverse(f"victims:{name}", args=[complainant.case_id, complainant.pk, *more])


def edit_url(complainant: Complainant, section: str) -> str:
    return url("complainant-edit", complainant, section)


SECTIONS: dict[str, dict[str, Any]] = {
    "identity": {
        "first_names": FIRST_NAMES,
        "last_name": "Quillfeather-Brown",
        "date_of_birth": "4/7/1998",
        "address": "2 Mill Lane",
        "postcode": "ct1 2ab",
        "phone": "+44 7700 900 982",
        "email": "z.q@example.com",
    },
    "needs": {
        "enhanced_rights": "on",
        "vulnerable_or_intimidated": "on",
        "interpreter_needed": "on",
        "language": "Polish",
        "accessibility_needs": "Step-free access",
        "interviewer_sex": "female",
        "special_measures": ["screens", "intermediary"],
    },
    "support": {
        "isva_name": "Petra Isva",
        "isva_service": "Kent ISVA Service",
        "isva_contact": "01632 960 001",
        "isva_may_be_told": "on",
    },
    "contact": {
        "preferred_channel": "text",
        "safe_times": "Weekdays after 6pm",
        "no_voicemail": "on",
        "no_letters_home": "on",
        "update_every_days": "14",
        "updates_through_isva": "",
    },
    # Offered after the case was reported (30 days ago): nothing about her comes before it.
    "vps": {
        "vps_offered_on": f"{timezone.localdate() - timedelta(days=7):%d/%m/%Y}",
        "vps_made_on": "",
        "vps_read_in_court": "yes",
    },
}

SAVED: dict[str, dict[str, Any]] = {
    "identity": {
        "last_name": "Quillfeather-Brown",
        "postcode": "CT1 2AB",
        "phone": "+447700900982",
    },
    "needs": {"language": "Polish", "special_measures": ["intermediary", "screens"]},
    "support": {"isva_name": "Petra Isva", "isva_may_be_told": True},
    "contact": {"preferred_channel": "text", "update_every_days": 14, "no_letters_home": True},
    "vps": {"vps_read_in_court": True, "vps_made_on": None},
}


@pytest.mark.parametrize("section", SECTIONS)
def test_the_oic_changes_each_section_of_the_record(
    personas: Personas, complainant: Complainant, section: str
) -> None:
    client = client_for(personas.officer)
    form = html_of(client.get(edit_url(complainant, section)))
    assert 'name="version" value="1"' in form

    response = client.post(
        edit_url(complainant, section), {**SECTIONS[section], "version": "1"}, follow=True
    )

    html = html_of(response)
    assert "C1&#x27;s record saved" in html
    complainant.refresh_from_db()
    for name, value in SAVED[section].items():
        assert getattr(complainant, name) == value
    assert complainant.version == 2


def test_a_stale_edit_is_refused_and_nothing_is_saved(
    personas: Personas, complainant: Complainant
) -> None:
    client = client_for(personas.officer)
    client.post(edit_url(complainant, "support"), {**SECTIONS["support"], "version": "1"})

    # A colleague's form opened at version 1 is posted after the change.
    html = html_of(
        client.post(edit_url(complainant, "contact"), {**SECTIONS["contact"], "version": "1"})
    )

    assert "There is a problem" in html
    assert "has changed since you opened it" in html
    complainant.refresh_from_db()
    assert (complainant.version, complainant.update_every_days) == (2, 28)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12345"}, "Enter a UK phone number"),
        ({"postcode": "NOT A CODE"}, "Enter a real postcode, like SW1A 1AA"),
        ({"date_of_birth": "1/1/2099"}, "Date of birth must be in the past"),
        ({"date_of_birth": "31/2/1990"}, "Enter the date of birth as a real date"),
        ({"email": "nobody"}, "Enter an email address like name@example.com"),
    ],
)
def test_bad_identity_details_are_refused_with_a_clear_message(
    personas: Personas, complainant: Complainant, changes: dict[str, str], message: str
) -> None:
    html = html_of(
        client_for(personas.officer).post(
            edit_url(complainant, "identity"),
            {**SECTIONS["identity"], **changes, "version": "1"},
        )
    )

    assert 'class="govuk-error-summary"' in html
    assert message in html
    complainant.refresh_from_db()
    assert (complainant.version, complainant.last_name) == (1, LAST_NAME)


def test_a_future_vps_date_is_refused(personas: Personas, complainant: Complainant) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    html = html_of(
        client_for(personas.officer).post(
            edit_url(complainant, "vps"),
            {"vps_offered_on": f"{tomorrow:%d/%m/%Y}", "version": "1"},
        )
    )
    assert "cannot be in the future" in html
    complainant.refresh_from_db()
    assert complainant.vps_offered_on is None


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"vps_offered_on": "01/01/0001"}, "offered cannot be before the case was reported"),
        (
            {"vps_offered_on": f"{timezone.localdate():%d/%m/%Y}", "vps_made_on": "1/1/0001"},
            "made cannot be before the case was reported",
        ),
    ],
)
def test_a_vps_date_before_the_case_is_refused(
    personas: Personas, complainant: Complainant, posted: dict[str, str], message: str
) -> None:
    html = html_of(
        client_for(personas.officer).post(edit_url(complainant, "vps"), {**posted, "version": "1"})
    )
    assert 'class="govuk-error-summary"' in html
    assert message in html
    complainant.refresh_from_db()
    assert (complainant.vps_offered_on, complainant.vps_made_on, complainant.version) == (
        None,
        None,
        1,
    )


def test_opening_the_identity_form_is_audited_by_pseudonym(
    personas: Personas, complainant: Complainant
) -> None:
    html_of(client_for(personas.officer).get(edit_url(complainant, "identity")))
    event = AuditEvent.objects.get(action="complainant.view", object_id=str(complainant.pk))
    assert event.detail == {
        "complainants": ["C1"],
        "identity_shown": True,
        "page": "change:identity",
    }
    assert not AuditEvent.objects.filter(detail__icontains=LAST_NAME).exists()


def test_the_complainants_page_shows_the_record_by_section(
    personas: Personas, complainant: Complainant
) -> None:
    html = html_of(client_for(personas.officer).get(url("complainant", complainant)))

    assert f"Complainant C1: {FIRST_NAMES} {LAST_NAME}" in html
    assert "Regular update to C1" in html
    for section in ("identity", "needs", "support", "contact", "vps"):
        assert edit_url(complainant, section) in html
    assert "Record a withdrawal of support" in html
    assert AuditEvent.objects.filter(
        action="complainant.view", object_id=str(complainant.pk), actor=personas.officer
    ).exists()


def test_a_supervisor_sees_the_pseudonym_and_what_is_owed_only(
    personas: Personas, complainant: Complainant
) -> None:
    html = html_of(client_for(personas.supervisor).get(url("complainant", complainant)))

    assert "Complainant C1" in html
    assert "Regular update to C1" in html
    for private in (FIRST_NAMES, LAST_NAME, ADDRESS, "ME14", "7700"):
        assert private not in html
    assert "/change/" not in html
    assert "withdrawal" not in html.lower()


@pytest.mark.parametrize("persona", ["supervisor", "colleague", "other_force_officer", "manager"])
@pytest.mark.parametrize("section", ["identity", "vps"])
def test_only_the_officers_of_the_case_open_the_record_forms(
    personas: Personas, complainant: Complainant, persona: str, section: str
) -> None:
    client = client_for(getattr(personas, persona))
    assert client.get(edit_url(complainant, section)).status_code == 404
    response = client.post(edit_url(complainant, section), {**SECTIONS[section], "version": "1"})
    assert response.status_code == 404
    complainant.refresh_from_db()
    assert complainant.version == 1


@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member", "manager"],
)
@pytest.mark.parametrize(
    "page", ["complainant", "support-withdraw", "support-reinstate", "complainant-edit"]
)
def test_outsiders_get_404(
    personas: Personas, complainant: Complainant, persona: str, page: str
) -> None:
    extra = ["needs"] if page == "complainant-edit" else []
    response = client_for(getattr(personas, persona)).get(url(page, complainant, *extra))
    assert response.status_code == 404


def test_a_complainant_of_another_case_is_404(personas: Personas, complainant: Complainant) -> None:
    other: CaseFile = case_create(personas.officer)
    response = client_for(personas.officer).get(
        reverse("victims:complainant", args=[other.pk, complainant.pk])
    )
    assert response.status_code == 404
    unknown = client_for(personas.officer).get(edit_url(complainant, "secrets"))
    assert unknown.status_code == 404


def test_a_withdrawal_of_support_is_recorded_then_reinstated(
    personas: Personas, complainant: Complainant
) -> None:
    client = client_for(personas.officer)
    today = timezone.localdate()
    response = client.post(
        url("support-withdraw", complainant),
        {"withdrawn_on": f"{today:%d/%m/%Y}", "reason": "process", "support_offered": "yes"},
        follow=True,
    )
    html = html_of(response)
    assert "Withdrawal of support by C1 recorded" in html
    assert "No: withdrew support on" in html
    assert "Record a reinstatement of support" in html

    response = client.post(
        url("support-reinstate", complainant),
        {"reinstated_on": f"{today:%d/%m/%Y}"},
        follow=True,
    )
    html = html_of(response)
    assert "C1&#x27;s support reinstated" in html
    assert "Earlier withdrawal" in html
    withdrawal = SupportWithdrawal.objects.get(complainant=complainant)
    assert (withdrawal.reason, withdrawal.support_offered, withdrawal.reinstated_on) == (
        "process",
        True,
        today,
    )


def test_a_withdrawal_is_refused_with_a_clear_message(
    personas: Personas, complainant: Complainant
) -> None:
    client = client_for(personas.officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    html = html_of(
        client.post(
            url("support-withdraw", complainant),
            {"withdrawn_on": f"{tomorrow:%d/%m/%Y}", "reason": "fear", "support_offered": "no"},
        )
    )
    assert "The date of the withdrawal cannot be in the future" in html
    html = html_of(client.post(url("support-withdraw", complainant), {}))
    assert "Enter the date support was withdrawn" in html
    assert "Choose the reason" in html
    assert "Choose whether support was offered first" in html
    assert not SupportWithdrawal.objects.exists()

    support_withdraw(
        actor=personas.officer,
        complainant=complainant,
        withdrawn_on=timezone.localdate(),
        reason="fear",
        support_offered=False,
    )
    html = html_of(
        client.post(
            url("support-withdraw", complainant),
            {
                "withdrawn_on": f"{timezone.localdate():%d/%m/%Y}",
                "reason": "fear",
                "support_offered": "no",
            },
        )
    )
    assert "C1 has already withdrawn support" in html
    assert SupportWithdrawal.objects.count() == 1
