"""Free text that names the complainant reaches only those entitled to her
identity as written: the force's supervisor and the Area's CPS SPOC, who
rightly read the case's questions, rationales and reasons, read them with
"C1" and category markers in place of what identifies her, in the browser and
over the API alike; the OIC and the allocated prosecutor read them as
written."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.reminders import reminders_send
from cases.services import case_event_record, deadline_open
from charging.clinics import services as clinic_services
from charging.police_nfa.services import police_nfa_propose
from rasso.accounts.models import User
from rasso.notifications.models import EmailOutbox, Notification
from tests.cases.test_api import Api
from tests.charging.decisions.test_services import decide
from tests.charging.factories import ask, raise_query
from tests.conftest import Personas, org
from tests.support import client_for, html_of, queries_for
from tests.victims.factories import investigated, with_prosecutor

pytestmark = pytest.mark.django_db

# The complainant of the factories is Zephyrine Ottoline Quillfeather, born
# 23 July 1991, of 27 Marlpit Lane, TN12 6QX, 07700 900417.
NAMING = (
    "Zephyrine Quillfeather (born 23/07/1991) of 27 Marlpit Lane, TN12 6QX, "
    "says Quillfeather's phone, 07700 900 417, was taken"
)
SCRUBBED = "C1 (born [date of birth]) of [address], [postcode], says C1's phone, [phone], was taken"
GIVEAWAYS = ("Zephyrine", "Quillfeather", "Marlpit", "TN12", "900 417", "23/07/1991")


def shows_as_written(text: str) -> bool:
    return NAMING in text and SCRUBBED not in text


def shows_scrubbed(text: str) -> bool:
    return SCRUBBED in text and not any(word in text for word in GIVEAWAYS)


def _reads(user: User, page: str, api: str) -> tuple[str, str]:
    html = unescape(html_of(client_for(user).get(page)))
    response = Api(user).get(api)
    assert response.status_code == 200, response.status_code
    return html, response.content.decode()


def _check(readers: dict[str, tuple[User, bool]], page: str, api: str) -> None:
    for who, (user, entitled) in readers.items():
        html, answer = _reads(user, page, api)
        check = shows_as_written if entitled else shows_scrubbed
        assert check(html), f"{who} on the page"
        assert check(answer), f"{who} over the API"


def readers(personas: Personas, *, prosecutor: bool) -> dict[str, tuple[User, bool]]:
    found: dict[str, tuple[User, bool]] = {
        "the OIC": (personas.officer, True),
        "the force's supervisor": (personas.supervisor, False),
    }
    if prosecutor:
        found["the allocated prosecutor"] = (personas.prosecutor, True)
        found["the Area's CPS SPOC"] = (personas.cps_spoc, False)
    return found


def test_an_early_advice_question(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    ask(personas.officer, case, lines_of_enquiry=NAMING)
    _check(
        readers(personas, prosecutor=True),
        reverse("charging:case-early-advice", args=[case.pk]),
        f"/api/v1/early-advice/?case={case.pk}",
    )


def test_a_police_nfa_rationale(personas: Personas) -> None:
    case, _ = investigated(personas.officer)
    police_nfa_propose(actor=personas.officer, case=case, outcome_code="15", rationale=NAMING)
    _check(
        readers(personas, prosecutor=False),
        reverse("charging:case-police-nfa", args=[case.pk]),
        f"/api/v1/police-nfa/?case={case.pk}",
    )


def test_a_file_quality_query(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    raise_query(personas.prosecutor, case, description=NAMING)
    _check(
        readers(personas, prosecutor=True),
        reverse("charging:case-queries", args=[case.pk]),
        f"/api/v1/file-quality-queries/?case={case.pk}",
    )


def test_the_reasons_of_a_decision(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    fields: dict[str, Any] = {
        "test": "full",
        "outcome": "nfa_evidential",
        "evidential_met": False,
        "evidential_reasons": NAMING,
    }
    decide(personas.prosecutor, case, **fields)
    _check(
        readers(personas, prosecutor=True),
        reverse("charging:case-decisions", args=[case.pk]),
        f"/api/v1/cps-decisions/?case={case.pk}",
    )


def test_the_scrubber_knows_the_latest_record(personas: Personas) -> None:
    """A name recorded after the text was written is still found."""
    case, complainant = investigated(personas.officer)
    police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Ms Aldwinkle withdrew."
    )
    page = reverse("charging:case-police-nfa", args=[case.pk])
    assert "Ms Aldwinkle" in html_of(client_for(personas.supervisor).get(page))
    type(complainant).objects.filter(pk=complainant.pk).update(last_name="Aldwinkle")
    html = html_of(client_for(personas.supervisor).get(page))
    assert "Aldwinkle" not in html
    assert "C1 withdrew." in html


def test_a_clinic_agenda_item_its_minutes_and_actions(personas: Personas) -> None:
    """The clinic's CPS SPOC reads the item's question, minutes and action
    with C1; the OIC as written. (Who may see an item at all is the clinic's
    own rule.)"""
    case, _ = with_prosecutor(personas)
    clinic = clinic_services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Kent")],
        attendees=[personas.officer, personas.cps_spoc, personas.prosecutor],
    )
    item = clinic_services.clinic_agenda_add(
        actor=personas.officer, clinic=clinic, case=case, question=f"Question: {NAMING}"
    )
    clinic_services.clinic_hold(actor=personas.cps_spoc, clinic=clinic)
    clinic_services.clinic_outcome_record(
        actor=personas.cps_spoc, item=item, outcome="advice_given", minutes=f"Minutes: {NAMING}"
    )
    clinic_services.clinic_action_add(
        actor=personas.cps_spoc,
        item=item,
        description="Call Zephyrine on 07700 900417",
        owner=personas.officer,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    page = reverse("charging:clinic", args=[clinic.pk])
    api = f"/api/v1/clinics/{clinic.pk}/agenda/"
    for user in (personas.cps_spoc,):
        html, answer = _reads(user, page, api)
        for text in (html, answer):
            assert f"Question: {SCRUBBED}" in text
            assert f"Minutes: {SCRUBBED}" in text
            assert "Call C1 on [phone]" in text
            assert not any(word in text for word in GIVEAWAYS)
    html, answer = _reads(personas.officer, page, api)
    for text in (html, answer):
        assert f"Question: {NAMING}" in text
        assert "Call Zephyrine on 07700 900417" in text

    # The action's deadline, and the timeline's "met" line, are free text too.
    deadlines = reverse("cases:deadlines", args=[case.pk])
    html, answer = _reads(personas.cps_spoc, deadlines, f"/api/v1/cases/{case.pk}/deadlines/")
    for text in (html, answer):
        assert "Clinic action: Call C1 on [phone]" in text
        assert "Zephyrine" not in text
    html, answer = _reads(personas.officer, deadlines, f"/api/v1/cases/{case.pk}/deadlines/")
    assert "Clinic action: Call Zephyrine on 07700 900417" in html
    action = item.actions.get()
    clinic_services.clinic_action_complete(actor=personas.officer, action=action)
    timeline = reverse("cases:timeline", args=[case.pk])
    html, answer = _reads(personas.supervisor, timeline, f"/api/v1/cases/{case.pk}/events/")
    for text in (html, answer):
        assert "Clinic action: Call C1 on [phone]: met" in text
        assert "Zephyrine" not in text
    html, _ = _reads(personas.officer, timeline, f"/api/v1/cases/{case.pk}/events/")
    assert "Clinic action: Call Zephyrine on 07700 900417: met" in html


def test_a_reminder_names_nobody(personas: Personas) -> None:
    """A reminder's text carries the deadline's description, which for a
    clinic action is free text: in-app notifications are pseudonymous for
    everyone (the OIC follows the link to read it as written), and e-mails
    never carry a description."""
    case, _ = with_prosecutor(personas)
    deadline_open(
        case=case,
        kind="clinic_action",
        description="Clinic action: Call Zephyrine Quillfeather on 07700 900417",
        due_on=timezone.localdate(),
        owner=personas.officer,
        owner_organisation=org("Kent"),
        source="test",
        actor=personas.cps_spoc,
    )
    reminders_send()
    texts = list(Notification.objects.filter(case_id=case.pk).values_list("text", flat=True))
    assert texts
    for text in texts:
        assert "Call C1 on [phone]" in text
        assert not any(word in text for word in ("Zephyrine", "Quillfeather", "900417"))
    for body in EmailOutbox.objects.values_list("body", flat=True):
        assert "Zephyrine" not in body


# -- saying so when it is saved ---------------------------------------------------------


def test_the_officer_is_told_how_others_will_read_what_names_her(personas: Personas) -> None:
    case, _ = investigated(personas.officer)
    officer = client_for(personas.officer)
    response = officer.post(
        reverse("charging:nfa-propose", args=[case.pk]),
        {"outcome_code": "15", "rationale": NAMING},
        follow=True,
    )
    page = unescape(html_of(response))
    assert "govuk-notification-banner" in page
    assert "What you wrote identifies the complainant" in page
    assert "read it with C1, [date of birth], [address], [postcode] and [phone] in its place" in (
        page
    )
    # Saved as written all the same.
    assert NAMING in page


def test_text_that_names_nobody_brings_no_notice(personas: Personas) -> None:
    case, _ = investigated(personas.officer)
    response = client_for(personas.officer).post(
        reverse("charging:nfa-propose", args=[case.pk]),
        {"outcome_code": "15", "rationale": "The evidence does not meet the threshold."},
        follow=True,
    )
    assert "identifies the complainant" not in html_of(response)


def test_one_not_entitled_learns_nothing_from_a_guess(personas: Personas) -> None:
    """A supervisor who types a name is not told it is hers: that would
    confirm the guess."""
    case, _ = investigated(personas.officer)
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Evidence is weak."
    )
    response = client_for(personas.supervisor).post(
        reverse("charging:nfa-send-back", args=[case.pk, proposal.pk]),
        {"reason": "Is the complainant Zephyrine Quillfeather?"},
        follow=True,
    )
    assert "identifies the complainant" not in html_of(response)
    answer = Api(personas.supervisor).post(
        f"/api/v1/police-nfa/{proposal.pk}/send-back/", {"reason": "Quillfeather?"}
    )
    assert "warnings" not in answer.json()


def test_the_api_answers_with_a_warning(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    response = Api(personas.officer).post(
        "/api/v1/early-advice/", {"case": case.pk, "likely_charges": NAMING}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["likely_charges"] == NAMING
    (warning,) = body["warnings"]
    assert "read it with C1" in warning
    plain = Api(personas.officer).post(
        "/api/v1/early-advice/", {"case": case.pk, "likely_charges": "s.1 or s.2?"}
    )
    assert "warnings" not in plain.json()


# -- what it costs -----------------------------------------------------------------------


def test_the_timeline_costs_the_same_for_50_events_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case, _ = investigated(personas.officer)

    def events(n: int) -> None:
        for i in range(n):
            case_event_record(
                case=case, actor=personas.officer, kind="note", description=f"{i}: {NAMING}"
            )

    url = reverse("cases:timeline", args=[case.pk])
    api = f"/api/v1/cases/{case.pk}/events/"
    supervisor, rest = client_for(personas.supervisor), Api(personas.supervisor)
    rest.get(api)  # the token's first use is recorded once
    events(5)
    # session, user, memberships, the case, COUNT(*), the page of events with
    # their actors, the case.view audit row; whether a grant entitles the
    # reader, and the case's complainants (the identity scrubber).
    few = queries_for(supervisor, url, django_assert_max_num_queries, 9)
    few_api = queries_for(rest.client, api, django_assert_max_num_queries, 9)
    events(45)
    assert queries_for(supervisor, url, django_assert_max_num_queries, 9) == few
    assert queries_for(rest.client, api, django_assert_max_num_queries, 9) == few_api
    page = unescape(html_of(supervisor.get(url)))
    assert f"1: {SCRUBBED}" in page
    assert not any(word in page for word in GIVEAWAYS)


def test_a_charging_list_across_cases_costs_the_same_for_many_cases(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    """The supervisor's police NFA list over the API, each proposal on a case
    of its own with its own complainant: the readers of every row's case are
    readied at once."""
    rest = Api(personas.supervisor)
    rest.get("/api/v1/police-nfa/")  # the token's first use is recorded once

    def proposals(n: int) -> None:
        for _ in range(n):
            case, _ = investigated(personas.officer)
            police_nfa_propose(
                actor=personas.officer, case=case, outcome_code="15", rationale=NAMING
            )

    proposals(2)
    # token with its user, memberships, COUNT(*), the page of proposals with
    # their cases and people; the grants of the page's cases, their
    # complainants; the read's audit row.
    few = queries_for(rest.client, "/api/v1/police-nfa/", django_assert_max_num_queries, 7)
    proposals(6)
    assert queries_for(rest.client, "/api/v1/police-nfa/", django_assert_max_num_queries, 7) == few
    rows = rest.get("/api/v1/police-nfa/").json()["results"]
    assert len(rows) == 8
    assert all(row["rationale"] == SCRUBBED for row in rows)


def test_clinic_writes_over_the_api_warn_the_entitled_only(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    clinic = clinic_services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Kent")],
        attendees=[personas.officer, personas.cps_spoc, personas.prosecutor],
    )
    added = Api(personas.officer).post(
        f"/api/v1/clinics/{clinic.pk}/agenda/", {"case": case.pk, "question": NAMING}
    )
    assert added.status_code == 201, added.json()
    assert "read it with C1" in added.json()["warnings"][0]
    clinic_services.clinic_hold(actor=personas.cps_spoc, clinic=clinic)
    recorded = Api(personas.cps_spoc).post(
        f"/api/v1/clinics/{clinic.pk}/outcome/",
        {"item": added.json()["id"], "outcome": "advice_given", "minutes": NAMING},
    )
    assert recorded.status_code == 200, recorded.json()
    assert "warnings" not in recorded.json()
    assert recorded.json()["minutes"] == SCRUBBED
