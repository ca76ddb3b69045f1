"""The contact log in the browser: newest first, paginated; logging a
contact meets the updates it gave (all ticked by default) and rolls the
regular update on; a correction is a new entry that refers to the old one;
nothing is ever edited or deleted. Only those entitled to the identity see it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import Deadline, DeadlineStatus
from cases.services import KeyEvent
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.support import client_for, html_of
from victims.deadlines import complainant_source
from victims.models import Complainant, Contact
from victims.services import complainant_add, complainants_tell, contact_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def complainant(personas: Personas) -> Complainant:
    case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=30))
    complainant = complainant_add(
        actor=personas.officer, case=case, first_names="Zephyrine", last_name="Quillfeather"
    )
    complainants_tell(case=case, actor=personas.officer, event=KeyEvent.ARREST)
    complainants_tell(case=case, actor=personas.officer, event=KeyEvent.INTERVIEW)
    return complainant


def url(name: str, complainant: Complainant, *more: Any) -> str:
    return reverse(f"victims:{name}", args=[complainant.case_id, complainant.pk, *more])


def an_hour_ago() -> datetime:
    return timezone.localtime() - timedelta(hours=1)


def call(**overrides: Any) -> dict[str, Any]:
    at = an_hour_ago()
    return {
        "contacted_on": f"{at:%d/%m/%Y}",
        "contacted_time": f"{at:%H:%M}",
        "channel": "phone",
        "direction": "out",
        "summary": "Told C1 of the arrest and the interview.",
        **overrides,
    }


def owed(complainant: Complainant, kind: str) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            source=complainant_source(complainant), kind=kind, status=DeadlineStatus.OPEN
        )
    )


def test_the_form_ticks_every_update_owed(personas: Personas, complainant: Complainant) -> None:
    html = html_of(client_for(personas.officer).get(url("contact-log", complainant)))
    for deadline in owed(complainant, DeadlineKind.TELL_COMPLAINANT_ENHANCED):
        assert f'value="{deadline.pk}" checked' in html
        assert deadline.description in html


def test_logging_a_call_meets_the_updates_it_gave_and_rolls_the_regular_update(
    personas: Personas, complainant: Complainant
) -> None:
    arrest, interview = owed(complainant, DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    (regular,) = owed(complainant, DeadlineKind.REGULAR_UPDATE)

    # Only the arrest was talked about: the interview stays owed.
    response = client_for(personas.officer).post(
        url("contact-log", complainant), call(communicated=[arrest.pk]), follow=True
    )

    html = html_of(response)
    assert "Contact with C1 logged" in html
    arrest.refresh_from_db()
    interview.refresh_from_db()
    regular.refresh_from_db()
    assert (arrest.status, interview.status) == (DeadlineStatus.MET, DeadlineStatus.OPEN)
    assert regular.status == DeadlineStatus.MET
    (next_update,) = owed(complainant, DeadlineKind.REGULAR_UPDATE)
    assert next_update.due_on == an_hour_ago().date() + timedelta(days=28)
    contact = Contact.objects.get()
    assert list(contact.communicated.all()) == [arrest]
    assert (contact.channel, contact.direction, contact.recorded_by) == (
        "phone",
        "out",
        personas.officer,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contacted_on": "1/1/2099"}, "of the contact cannot be in the future"),
        ({"contacted_on": "1/1/2001"}, "The contact cannot be before the case was"),
        # The ends of the calendar: a clear message, not a server error.
        (
            {"contacted_on": "31/12/9999", "contacted_time": "23:59"},
            "of the contact cannot be in the future",
        ),
        (
            {"contacted_on": "01/01/0001", "contacted_time": "00:00"},
            "The contact cannot be before the case was",
        ),
        ({"contacted_on": "30/2/2026"}, "Enter the date of the contact as a real date"),
        ({"contacted_time": "25:99"}, "Enter the time of the contact as a real time"),
        ({"summary": ""}, "Enter a summary of the contact"),
        ({"channel": "pigeon"}, "Choose how the contact was made from the list"),
        ({"through_isva": "on"}, "has not agreed to information being shared with an ISVA"),
    ],
)
def test_a_bad_contact_is_refused_and_nothing_is_saved(
    personas: Personas, complainant: Complainant, changes: dict[str, str], message: str
) -> None:
    html = html_of(
        client_for(personas.officer).post(url("contact-log", complainant), call(**changes))
    )
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert not Contact.objects.exists()
    assert len(owed(complainant, DeadlineKind.TELL_COMPLAINANT_ENHANCED)) == 2


def test_the_log_is_newest_first_and_paginated(
    personas: Personas, complainant: Complainant
) -> None:
    start = timezone.now() - timedelta(days=20)
    for n in range(27):
        contact_log(
            actor=personas.officer,
            complainant=complainant,
            contacted_at=start + timedelta(hours=n),
            channel="phone",
            direction="out",
            summary=f"Call number {n}",
        )
    client = client_for(personas.officer)

    first = html_of(client.get(url("contacts", complainant)))
    second = html_of(client.get(url("contacts", complainant) + "?page=2"))

    assert first.index("Call number 26") < first.index("Call number 25")
    assert "Call number 1<" not in first
    assert "Call number 1<" in second and "Call number 0<" in second
    assert "Showing <b>1</b> to <b>25</b> of <b>27</b> contacts" in first


def test_a_correction_refers_to_the_original_which_stays_as_it_was(
    personas: Personas, complainant: Complainant
) -> None:
    original = contact_log(
        actor=personas.officer,
        complainant=complainant,
        contacted_at=an_hour_ago(),
        channel="phone",
        direction="out",
        summary="Told C1 of the arrest.",
    )
    client = client_for(personas.officer)
    form = html_of(client.get(url("contact-correct", complainant, original.pk)))
    assert "Told C1 of the arrest." in form
    assert 'name="communicated"' not in form

    # The date and time are left as the form shows them: the original's.
    at = timezone.localtime(original.contacted_at)
    response = client.post(
        url("contact-correct", complainant, original.pk),
        call(
            contacted_on=f"{at:%d/%m/%Y}",
            contacted_time=f"{at:%H:%M}",
            channel="video",
            summary="It was a video call, not a phone call.",
        ),
        follow=True,
    )

    html = html_of(response)
    assert "Correction logged" in html
    correction = Contact.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original
    assert correction.communicated.count() == 0
    original.refresh_from_db()
    assert (original.channel, original.summary) == ("phone", "Told C1 of the arrest.")
    assert "Correction" in html and "Corrects the entry of" in html
    assert html.count("Correct this entry") == 1  # a correction is not corrected again


def test_nothing_in_the_log_can_be_edited_or_deleted_from_the_browser(
    personas: Personas, complainant: Complainant
) -> None:
    contact_log(
        actor=personas.officer,
        complainant=complainant,
        contacted_at=an_hour_ago(),
        channel="phone",
        direction="out",
        summary="Told C1.",
    )
    html = html_of(client_for(personas.officer).get(url("contacts", complainant)))
    assert "Correct this entry" in html
    for word in ("Edit", "Delete", "Remove"):
        assert f">{word}" not in html


@pytest.mark.parametrize("persona", ["supervisor", "cps_spoc"])
def test_those_not_entitled_to_the_identity_get_404(
    personas: Personas, complainant: Complainant, persona: str
) -> None:
    original = contact_log(
        actor=personas.officer,
        complainant=complainant,
        contacted_at=an_hour_ago(),
        channel="phone",
        direction="out",
        summary="Told C1.",
    )
    client = client_for(getattr(personas, persona))
    for page, extra in (("contacts", []), ("contact-log", []), ("contact-correct", [original.pk])):
        assert client.get(url(page, complainant, *extra)).status_code == 404
    assert client.post(url("contact-log", complainant), call()).status_code == 404
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member", "manager"],
)
@pytest.mark.parametrize("page", ["contacts", "contact-log"])
def test_outsiders_get_404(
    personas: Personas, complainant: Complainant, persona: str, page: str
) -> None:
    response = client_for(getattr(personas, persona)).get(url(page, complainant))
    assert response.status_code == 404
