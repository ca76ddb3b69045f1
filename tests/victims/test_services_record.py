"""The complainant's record: what the police enter is checked, with a clear
message for each problem and nothing saved when anything is wrong; two
officers editing at once cannot overwrite each other; a withdrawal of support
and its reinstatement are dated and counted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.forms.models import model_to_dict

from cases.models import CaseEvent, Deadline
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, StaleVersion
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.victims.factories import IDENTITY, draft_with_complainant, freeze, with_prosecutor
from victims.models import Complainant, SupportWithdrawal, WithdrawalReason
from victims.services import (
    RecordInvalid,
    complainant_add,
    complainant_update,
    support_reinstate,
    support_withdraw,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 3)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze(monkeypatch, TODAY)


def counts() -> tuple[int, ...]:
    """Everything a service writes: nothing may change when one refuses."""
    return (
        Complainant.objects.count(),
        SupportWithdrawal.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        Deadline.objects.count(),
    )


# -- bad input --------------------------------------------------------------------

BAD_INPUT = [
    ("date_of_birth", date(2026, 6, 4), "Date of birth must be in the past"),
    ("date_of_birth", TODAY, "Date of birth must be in the past"),
    ("date_of_birth", date(1900, 1, 1), "Date of birth must be within the last 120 years"),
    ("phone", "12345", "Enter a UK phone number, like 01632 960 001"),
    ("phone", "+33 1 42 68 53 00", "Enter a UK phone number"),
    ("phone", "07700 900 98", "Enter a UK phone number"),  # a digit short of a drama number
    ("phone", "07700 900 9812", "Enter a UK phone number"),  # a digit too many
    ("postcode", "ZZ1", "Enter a real postcode, like SW1A 1AA"),
    ("postcode", "SW1A 1A", "Enter a real postcode"),
    ("email", "harriet@", "Enter an email address like name@example.com"),
    ("email", "not an email", "Enter an email address like name@example.com"),
    ("first_names", "  ", "Enter the complainant's first names"),
    ("vps_offered_on", date(2026, 6, 10), "Victim Personal Statement was offered cannot be"),
    # Nothing about her happens on the case before it was reported (1 March 2026).
    (
        "vps_offered_on",
        date(1, 1, 1),
        r"offered cannot be before the case was reported \(1 March 2026\)",
    ),
    ("vps_made_on", date(2026, 2, 28), "made cannot be before the case was reported"),
    ("update_every_days", 0, "Regular updates must be every 1 to 365 days"),
    ("update_every_days", 400, "Regular updates must be every 1 to 365 days"),
    ("special_measures", ["screens", "a moat"], "Choose special measures from the list"),
]
IDS = [f"{field}={value!s}" for field, value, _ in BAD_INPUT]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT, ids=IDS)
def test_a_bad_detail_on_a_new_record_is_refused_and_nothing_saved(
    personas: Personas, field: str, value: Any, message: str
) -> None:
    case = case_create(personas.officer, reported_on=date(2026, 3, 1))
    case.refresh_from_db()
    version, before = case.version, counts()

    with pytest.raises(RecordInvalid, match=message) as refused:
        complainant_add(actor=personas.officer, case=case, **{**IDENTITY, field: value})

    assert set(refused.value.problems) == {field}
    assert counts() == before
    case.refresh_from_db()
    assert case.version == version


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT, ids=IDS)
def test_a_bad_change_to_a_record_is_refused_and_nothing_changes(
    personas: Personas, field: str, value: Any, message: str
) -> None:
    case, complainant = draft_with_complainant(personas.officer)
    stored, before, case_version = model_to_dict(complainant), counts(), case.version

    with pytest.raises(RecordInvalid, match=message):
        complainant_update(
            actor=personas.officer,
            complainant=complainant,
            version=complainant.version,
            **{field: value},
        )

    complainant.refresh_from_db()
    assert model_to_dict(complainant) == stored
    assert complainant.version == 1
    assert counts() == before
    case.refresh_from_db()
    assert case.version == case_version


def test_a_victim_personal_statement_is_not_made_before_it_was_offered(
    personas: Personas,
) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    made_first = "cannot have been made before it was offered"
    with pytest.raises(RecordInvalid, match=made_first) as refused:
        complainant_update(
            actor=personas.officer,
            complainant=complainant,
            version=1,
            vps_offered_on=date(2026, 5, 2),
            vps_made_on=date(2026, 5, 1),
        )
    assert set(refused.value.problems) == {"vps_made_on"}
    complainant = complainant_update(
        actor=personas.officer, complainant=complainant, version=1, vps_offered_on=date(2026, 5, 2)
    )
    # A later change to one date is checked against the other as stored.
    with pytest.raises(RecordInvalid, match=made_first):
        complainant_update(
            actor=personas.officer,
            complainant=complainant,
            version=2,
            vps_made_on=date(2026, 5, 1),
        )
    complainant = complainant_update(
        actor=personas.officer, complainant=complainant, version=2, vps_made_on=date(2026, 5, 2)
    )
    complainant.refresh_from_db()
    assert (complainant.vps_offered_on, complainant.vps_made_on, complainant.version) == (
        date(2026, 5, 2),
        date(2026, 5, 2),
        3,
    )


def test_every_problem_is_named_at_once_for_the_error_summary(personas: Personas) -> None:
    case = case_create(personas.officer)
    with pytest.raises(RecordInvalid) as refused:
        complainant_add(
            actor=personas.officer,
            case=case,
            first_names="",
            last_name="",
            phone="999",
            postcode="nowhere",
            email="x@",
        )
    assert refused.value.problems == {
        "first_names": "Enter the complainant's first names",
        "last_name": "Enter the complainant's last name",
        "phone": "Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 7700 900 982",
        "postcode": "Enter a real postcode, like SW1A 1AA",
        "email": "Enter an email address like name@example.com",
    }
    # One sentence each, for a view that shows the message whole.
    assert str(refused.value).startswith(
        "Enter the complainant's first names. Enter the complainant's last name. Enter a UK"
    )
    assert not Complainant.objects.exists()


def test_a_new_record_needs_a_name(personas: Personas) -> None:
    case = case_create(personas.officer)
    with pytest.raises(RecordInvalid, match="Enter the complainant's last name"):
        complainant_add(actor=personas.officer, case=case, first_names="Only")
    assert not Complainant.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"interpreter_needed": True}, "language", "Enter the language an interpreter is needed"),
        (
            {"updates_through_isva": True},
            "updates_through_isva",
            "only if the complainant agrees to information being shared",
        ),
        ({"interviewer_sex": "any"}, "interviewer_sex", "Choose a preferred sex of interviewer"),
        ({"preferred_channel": "fax"}, "preferred_channel", "Choose how they prefer"),
    ],
)
def test_details_that_do_not_fit_together_are_refused(
    personas: Personas, fields: dict[str, Any], field: str, message: str
) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    with pytest.raises(RecordInvalid, match=message) as refused:
        complainant_update(
            actor=personas.officer, complainant=complainant, version=complainant.version, **fields
        )
    assert field in refused.value.problems
    complainant.refresh_from_db()
    assert complainant.version == 1


def test_a_change_is_checked_against_the_rest_of_the_record(personas: Personas) -> None:
    """The language recorded earlier satisfies a later "interpreter needed";
    blanking it while an interpreter is needed is refused."""
    _case, complainant = draft_with_complainant(personas.officer, language="Polish")
    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        interpreter_needed=True,
    )
    with pytest.raises(RecordInvalid, match="Enter the language an interpreter is needed for"):
        complainant_update(
            actor=personas.officer,
            complainant=complainant,
            version=complainant.version,
            language="",
        )


def test_contact_details_are_stored_in_one_form(personas: Personas) -> None:
    case = case_create(personas.officer)
    complainant = complainant_add(
        actor=personas.officer,
        case=case,
        first_names="  Ana  ",
        last_name="Lind ",
        phone="07700 900 982",
        postcode="sw1a1aa",
        email=" ana@example.com ",
    )
    assert (complainant.first_names, complainant.last_name) == ("Ana", "Lind")
    assert complainant.phone == "+447700900982"
    assert complainant.postcode == "SW1A 1AA"
    assert complainant.email == "ana@example.com"


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("01632 960 001", "+441632960001"),  # Ofcom's drama range, a landline
        ("020 7946 0123", "+442079460123"),  # Ofcom's drama range, London
        ("+44 7700 900 123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
    ],
)
def test_uk_numbers_including_ofcom_drama_ranges_are_accepted(
    personas: Personas, entered: str, stored: str
) -> None:
    case = case_create(personas.officer)
    complainant = complainant_add(
        actor=personas.officer, case=case, first_names="A", last_name="B", phone=entered
    )
    assert complainant.phone == stored


# -- concurrent edits ---------------------------------------------------------------


def test_a_stale_version_is_refused_and_the_first_change_stands(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    mine = Complainant.objects.get(pk=complainant.pk)
    theirs = Complainant.objects.get(pk=complainant.pk)

    complainant_update(
        actor=personas.officer, complainant=theirs, version=theirs.version, safe_times="Evenings"
    )
    with pytest.raises(StaleVersion, match="C1's record has changed since you opened it"):
        complainant_update(
            actor=personas.officer, complainant=mine, version=mine.version, safe_times="Mornings"
        )

    complainant.refresh_from_db()
    assert (complainant.safe_times, complainant.version) == ("Evenings", 2)


def test_a_change_moves_the_version_on_and_says_what_changed_without_values(
    personas: Personas,
) -> None:
    case, complainant = draft_with_complainant(personas.officer)
    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=1,
        address="1 New Street, Tonbridge",
        no_letters_home=True,
    )
    assert complainant.version == 2
    event = case.events.get(kind="complainant_updated")
    assert event.description == "C1's record changed: address, No letters to the home address"
    assert "New Street" not in event.description


def test_saving_the_same_details_changes_nothing(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    before = counts()
    same = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=1,
        first_names=IDENTITY["first_names"],
        phone=IDENTITY["phone"],  # entered as before, stored as before
    )
    assert same.version == 1
    assert counts() == before


def test_opting_out_of_enhanced_rights_is_dated_and_opting_back_in_clears_it(
    personas: Personas,
) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    complainant = complainant_update(
        actor=personas.officer, complainant=complainant, version=1, enhanced_rights=False
    )
    assert complainant.enhanced_rights_opted_out_on == TODAY
    complainant = complainant_update(
        actor=personas.officer, complainant=complainant, version=2, enhanced_rights=True
    )
    assert complainant.enhanced_rights_opted_out_on is None


def test_opting_out_when_first_recorded_is_dated_too(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer, enhanced_rights=False)
    assert complainant.enhanced_rights_opted_out_on == TODAY


@pytest.mark.parametrize(
    "who", ["supervisor", "colleague", "other_force_officer", "prosecutor", "cps_spoc"]
)
def test_only_the_officers_of_the_case_change_the_record(personas: Personas, who: str) -> None:
    _case, complainant = with_prosecutor(personas)
    with pytest.raises(DomainError, match="Only the officers of the case can change"):
        complainant_update(
            actor=getattr(personas, who),
            complainant=complainant,
            version=complainant.version,
            safe_times="Any time",
        )
    complainant.refresh_from_db()
    assert complainant.safe_times == ""


def test_the_record_stays_the_polices_to_keep_once_the_file_is_with_cps(
    personas: Personas,
) -> None:
    _case, complainant = with_prosecutor(personas)
    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        special_measures=["screens", "live_link", "screens"],
    )
    assert complainant.special_measures == ["live_link", "screens"]


def test_unknown_details_are_refused(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    with pytest.raises(DomainError, match="Unknown complainant details: pseudonym"):
        complainant_update(
            actor=personas.officer, complainant=complainant, version=1, pseudonym="C9"
        )


# -- withdrawal of support and reinstatement ------------------------------------------


def withdraw(personas: Personas, complainant: Complainant, on: date, **kw: Any) -> Any:
    return support_withdraw(
        actor=kw.pop("actor", personas.officer),
        complainant=complainant,
        withdrawn_on=on,
        reason=kw.pop("reason", WithdrawalReason.PROCESS),
        support_offered=kw.pop("support_offered", True),
    )


def test_a_withdrawal_is_dated_with_its_reason_and_reinstatement_closes_it(
    personas: Personas,
) -> None:
    case, complainant = draft_with_complainant(personas.officer)

    withdrawal = withdraw(personas, complainant, date(2026, 5, 20), reason=WithdrawalReason.FEAR)

    assert (withdrawal.withdrawn_on, withdrawal.reason, withdrawal.support_offered) == (
        date(2026, 5, 20),
        WithdrawalReason.FEAR,
        True,
    )
    assert withdrawal.reinstated_on is None
    assert case.events.filter(description="C1 withdrew support on 20 May 2026").exists()
    assert AuditEvent.objects.get(action="complainant.support_withdrawn").detail == {
        "case": case.pk,
        "pseudonym": "C1",
        "reason": "fear",
    }

    reinstated = support_reinstate(
        actor=personas.officer, complainant=complainant, reinstated_on=date(2026, 6, 1)
    )
    assert reinstated.pk == withdrawal.pk
    assert reinstated.reinstated_on == date(2026, 6, 1)
    assert case.events.filter(description="C1 reinstated support on 1 June 2026").exists()

    # Withdrawing again, later, is a second withdrawal (the first is history).
    withdraw(personas, complainant, date(2026, 6, 2))
    assert SupportWithdrawal.objects.filter(complainant=complainant).count() == 2


@pytest.mark.parametrize(
    ("on", "fields", "message"),
    [
        (date(2026, 6, 4), {}, "The date of the withdrawal cannot be in the future"),
        (
            date(2026, 2, 28),
            {},
            r"cannot be before the case was reported \(1 March 2026\)",
        ),
        (date(2026, 6, 1), {"reason": "bored"}, "Choose the reason for the withdrawal"),
    ],
    ids=["future", "before the report", "no reason"],
)
def test_an_impossible_withdrawal_is_refused(
    personas: Personas, on: date, fields: dict[str, Any], message: str
) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    before = counts()
    with pytest.raises(DomainError, match=message):
        withdraw(personas, complainant, on, **fields)
    assert counts() == before


def test_support_cannot_be_withdrawn_twice(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    withdraw(personas, complainant, date(2026, 6, 1))
    with pytest.raises(DomainError, match="C1 has already withdrawn support"):
        withdraw(personas, complainant, date(2026, 6, 2))
    assert SupportWithdrawal.objects.count() == 1


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2026, 5, 31), "Support cannot be reinstated before it was withdrawn"),
        (date(2026, 6, 4), "The date support was reinstated cannot be in the future"),
    ],
)
def test_an_impossible_reinstatement_is_refused(personas: Personas, on: date, message: str) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    withdrawal = withdraw(personas, complainant, date(2026, 6, 1))
    with pytest.raises(DomainError, match=message):
        support_reinstate(actor=personas.officer, complainant=complainant, reinstated_on=on)
    withdrawal.refresh_from_db()
    assert withdrawal.reinstated_on is None


def test_no_reinstatement_without_a_withdrawal(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    with pytest.raises(DomainError, match="C1 has not withdrawn support"):
        support_reinstate(actor=personas.officer, complainant=complainant, reinstated_on=TODAY)


@pytest.mark.parametrize("who", ["supervisor", "prosecutor", "cps_spoc", "other_force_officer"])
def test_only_the_officers_of_the_case_record_a_withdrawal_or_reinstatement(
    personas: Personas, who: str
) -> None:
    _case, complainant = with_prosecutor(personas)
    with pytest.raises(DomainError, match="Only the officers of the case can record a withdrawal"):
        withdraw(personas, complainant, date(2026, 6, 1), actor=getattr(personas, who))
    withdraw(personas, complainant, date(2026, 6, 1))
    with pytest.raises(DomainError, match="Only the officers of the case can record a reinstate"):
        support_reinstate(
            actor=getattr(personas, who), complainant=complainant, reinstated_on=TODAY
        )
    assert SupportWithdrawal.objects.get().reinstated_on is None
