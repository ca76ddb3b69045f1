"""Demo complainant work: `seed_demo --cases N` gives the seeded cases'
complainants contacts, withdrawals of support and reviews.

The seeder bulk-writes around the services, so these tests check what the
services would otherwise guarantee: drama phone numbers in the stored form,
deadlines named as the services name them, a contact behind every update
the cases seeder marked as told, one regular update owed per complainant of
a live case and none on a closed one, reviews only of NFA decisions under the
right scheme, and rows that pass the models' own validation.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import CaseStatus, Deadline, DeadlineStatus
from victims.demo import LIVE
from victims.models import Complainant, Contact, Review, ReviewScheme, SupportWithdrawal
from victims.services import review_window

pytestmark = pytest.mark.django_db

SEEDED = 300
TELL_KINDS = (DeadlineKind.TELL_COMPLAINANT_ENHANCED, DeadlineKind.TELL_COMPLAINANT)


@pytest.fixture(autouse=True)
def development(settings: Any) -> None:
    # seed_demo refuses without DEBUG; Django's test runner turns it off.
    settings.DEBUG = True


@pytest.fixture
def seeded() -> str:
    out = StringIO()
    call_command("seed_demo", cases=SEEDED, stdout=out)
    return out.getvalue()


def test_it_says_what_it_added(seeded: str) -> None:
    assert re.search(r"Complainants: added [\d,]+ contacts, \d+ withdrawals of support", seeded)


def test_phone_numbers_are_drama_numbers_in_the_stored_form(seeded: str) -> None:
    phones = set(Complainant.objects.values_list("phone", flat=True))
    assert phones - {""}
    assert all(re.fullmatch(r"\+447700900\d{3}", p) for p in phones - {""}), phones


def test_the_complainants_deadlines_are_named_as_the_services_name_them(seeded: str) -> None:
    owed = Deadline.objects.filter(kind__in=(*TELL_KINDS, DeadlineKind.REGULAR_UPDATE))
    assert owed.exists()
    sources = dict(Complainant.objects.values_list("id", "case_id"))
    for case_id, source in owed.values_list("case_id", "source"):
        pk = int(source.removeprefix("victims.complainant:"))
        assert sources[pk] == case_id


def test_every_update_told_has_the_contact_that_told_it(seeded: str) -> None:
    told = Deadline.objects.filter(kind__in=TELL_KINDS).exclude(status=DeadlineStatus.OPEN)
    assert told.exists()
    communicated = set(Contact.communicated.through.objects.values_list("deadline_id", flat=True))
    assert set(told.values_list("id", flat=True)) <= communicated
    for contact in Contact.objects.select_related("case", "complainant")[:200]:
        contact.full_clean()
        assert contact.complainant.case_id == contact.case_id
        assert contact.case.created_at <= contact.contacted_at <= timezone.now()


def test_a_live_case_owes_each_complainant_one_regular_update_and_a_closed_one_none(
    seeded: str,
) -> None:
    regular = Deadline.objects.filter(
        kind=DeadlineKind.REGULAR_UPDATE, status=DeadlineStatus.OPEN
    ).values_list("source", flat=True)
    owed: dict[str, int] = {}
    for source in regular:
        owed[source] = owed.get(source, 0) + 1
    for complainant in Complainant.objects.select_related("case"):
        expected = 1 if complainant.case.status in LIVE else 0
        assert owed.get(f"victims.complainant:{complainant.pk}", 0) == expected, (
            complainant.case.status
        )


def test_withdrawals_are_of_live_or_police_nfa_cases_and_one_in_force_at_most(
    seeded: str,
) -> None:
    withdrawals = list(SupportWithdrawal.objects.select_related("complainant__case"))
    assert withdrawals
    statuses = {w.complainant.case.status for w in withdrawals}
    assert CaseStatus.POLICE_NFA in statuses
    assert statuses <= {*LIVE, CaseStatus.POLICE_NFA}
    for withdrawal in withdrawals:
        withdrawal.full_clean()
        assert withdrawal.withdrawn_on <= timezone.localdate()
        if withdrawal.reinstated_on:
            assert withdrawal.reinstated_on >= withdrawal.withdrawn_on


def test_reviews_are_of_nfa_decisions_under_the_deciders_scheme(seeded: str) -> None:
    reviews = list(Review.objects.select_related("case"))
    assert reviews
    for review in reviews:
        review.full_clean()
        scheme, in_time_until, _late = review_window(review.case, review.told_on)
        assert review.scheme == scheme
        assert review.case.status == (
            CaseStatus.POLICE_NFA if scheme == ReviewScheme.POLICE else CaseStatus.CPS_NFA
        )
        assert review.in_time == (review.requested_on <= in_time_until)
        assert review.requested_on <= timezone.localdate()
        kinds = set(
            Deadline.objects.filter(source=f"victims.review:{review.pk}").values_list(
                "kind", flat=True
            )
        )
        expected = {DeadlineKind.REVIEW_COMPLETE}
        if scheme == ReviewScheme.POLICE:
            expected.add(DeadlineKind.REVIEW_ACKNOWLEDGE)
        assert kinds == expected


def test_seeding_again_adds_to_what_is_there(seeded: str) -> None:
    contacts, complainants = Contact.objects.count(), Complainant.objects.count()
    call_command("seed_demo", cases=50, stdout=StringIO())
    assert Complainant.objects.count() > complainants
    assert Contact.objects.count() > contacts
