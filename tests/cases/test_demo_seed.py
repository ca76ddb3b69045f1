"""Demo cases: `seed_demo --cases N` gives every demo account realistic cases to work.

The seeder writes by COPY, around the services, so these tests check what the
services would otherwise guarantee: URNs, visibility, pseudonyms, statuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cases.demo import allocate_status_counts
from cases.models import (
    CaseEvent,
    CaseFile,
    CaseFileUserObjectPermission,
    CaseOffence,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    Document,
    Suspect,
    validate_urn,
)
from rasso.accounts.models import User
from victims.models import Complainant

pytestmark = pytest.mark.django_db

SEEDED = 200


@pytest.fixture(autouse=True)
def development(settings: Any) -> None:
    # seed_demo refuses without DEBUG; Django's test runner turns it off.
    settings.DEBUG = True


def seed_demo(**options: Any) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def demo_user(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@demo.example")


def row_counts() -> dict[str, int]:
    models = (
        CaseFile,
        CaseOffence,
        Suspect,
        Complainant,
        Document,
        CaseEvent,
        Deadline,
        CaseFileUserObjectPermission,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def seeded_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # Seeded once for the module, in a transaction rolled back at its end;
    # each test runs in a savepoint inside it, so none sees another's changes.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        output = seed_demo(cases=SEEDED)
        assert f"Added {SEEDED} demo cases" in output
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once: None, db: None) -> list[CaseFile]:
    return list(CaseFile.objects.select_related("force", "cps_area", "oic", "prosecutor"))


def test_seeds_the_number_of_cases_asked_for_across_the_six_demo_forces(
    seeded: list[CaseFile],
) -> None:
    assert len(seeded) == SEEDED
    assert {case.force.name for case in seeded} == {
        "Kent",
        "Surrey",
        "Sussex",
        "Cleveland",
        "Durham",
        "Northumbria",
    }


def test_every_status_appears_in_its_share(seeded: list[CaseFile]) -> None:
    by_status: dict[str, int] = defaultdict(int)
    for case in seeded:
        by_status[case.status] += 1
    # Every status but created in error (a mistake, not a case's life).
    assert set(by_status) == set(CaseStatus.values) - {CaseStatus.CREATED_IN_ERROR}
    assert by_status == allocate_status_counts(SEEDED)


def test_the_closed_cases_have_their_retention_review_dates(seeded: list[CaseFile]) -> None:
    for case in seeded:
        closed = case.status in ("police_nfa", "cps_nfa", "finalised")
        assert (case.retention_review_on is not None) == closed, case.status
        if case.status == "finalised":
            assert case.retention_category == "group_1"  # no result recorded: kept longest
        elif closed:
            assert case.retention_category == "group_2"


def test_every_case_is_visible_to_its_oic_a_demo_investigator(seeded: list[CaseFile]) -> None:
    by_oic: dict[User, set[int]] = defaultdict(set)
    for case in seeded:
        by_oic[case.oic].add(case.pk)
    for oic, case_ids in by_oic.items():
        assert oic.email.startswith(("investigator.", "investigator2."))
        assert oic.email.endswith(f".{oic.memberships.get().organisation.slug}@demo.example")
        visible = set(CaseFile.objects.visible_to(oic).values_list("pk", flat=True))
        assert case_ids <= visible


def test_the_oics_colleague_sees_the_cases_shared_with_them(seeded: list[CaseFile]) -> None:
    # Charging's seeder also grants early-advice prosecutors their cases: only
    # the police grants are this seeder's.
    grants = CaseFileUserObjectPermission.objects.filter(
        user__email__startswith="investigator"
    ).select_related("user", "content_object")
    assert grants.exists()
    for grant in grants:
        case = grant.content_object
        assert grant.permission.codename == "view_casefile"
        assert grant.user.email == f"investigator2.{case.force.slug}@demo.example"
        assert grant.user != case.oic
        assert CaseFile.objects.visible_to(grant.user).filter(pk=case.pk).exists()


def test_urns_are_valid_unique_and_carry_the_force_code(seeded: list[CaseFile]) -> None:
    for case in seeded:
        validate_urn(case.urn)
        assert case.urn[:2] == case.force.code
    assert len({case.urn for case in seeded}) == SEEDED


def test_complainants_are_c1_to_cn_within_each_case(seeded: list[CaseFile]) -> None:
    pseudonyms: dict[int, list[str]] = defaultdict(list)
    for case_id, pseudonym in Complainant.objects.order_by("case", "id").values_list(
        "case", "pseudonym"
    ):
        pseudonyms[case_id].append(pseudonym)
    assert set(pseudonyms) == {case.pk for case in seeded}
    for names in pseudonyms.values():
        assert names == [f"C{n}" for n in range(1, len(names) + 1)]
        assert 1 <= len(names) <= 2


def test_cases_that_reached_cps_carry_their_dates_and_prosecutor(seeded: list[CaseFile]) -> None:
    reached_cps = {"with_cps", "action_plan", "charged", "finalised", "cps_nfa"}
    for case in seeded:
        if case.status in reached_cps:
            assert case.referred_at is not None
            assert case.submitted_at is not None
            assert case.referred_at <= case.submitted_at
        if case.status in reached_cps - {"with_cps"}:
            assert case.prosecutor is not None
        if case.status == "draft":
            assert case.referred_at is None
        assert case.created_at <= case.updated_at


def test_some_open_deadlines_are_overdue(seeded: list[CaseFile]) -> None:
    today = timezone.localdate()
    open_deadlines = Deadline.objects.filter(status=DeadlineStatus.OPEN)
    assert open_deadlines.filter(due_on__lt=today).exists()
    assert open_deadlines.filter(due_on__gte=today).exists()


def test_seeded_rows_pass_model_validation(seeded: list[CaseFile]) -> None:
    # A sample: every row of the first twenty cases, each model's own checks.
    for case in seeded[:20]:
        case.full_clean()
        for related in (
            *case.offences.all(),
            *case.suspects.all(),
            *case.complainants.all(),
            *case.documents.all(),
            *case.deadlines.all(),
        ):
            related.full_clean()


def test_the_demo_cps_spoc_sees_only_referred_cases_of_their_area(
    seeded: list[CaseFile],
) -> None:
    spoc = demo_user("cps-spoc.south-east")
    visible = list(CaseFile.objects.visible_to(spoc))
    assert visible
    assert all(case.cps_area.name == "South East" for case in visible)
    assert all(case.referred_at is not None for case in visible)
    expected = {
        case.pk for case in seeded if case.cps_area.name == "South East" and case.referred_at
    }
    assert {case.pk for case in visible} == expected


def test_the_areas_prosecutors_see_the_cases_allocated_to_them(seeded: list[CaseFile]) -> None:
    allocated = [case for case in seeded if case.prosecutor_id is not None]
    assert allocated
    for case in allocated:
        assert case.prosecutor is not None
        assert case.prosecutor.email.endswith(f".{case.cps_area.slug}@demo.example")
        assert CaseFile.objects.visible_to(case.prosecutor).filter(pk=case.pk).exists()


def test_seed_demo_without_cases_changes_nothing(seeded: list[CaseFile]) -> None:
    before = row_counts()
    seed_demo()
    assert row_counts() == before


def test_each_run_with_cases_adds_that_many_more_with_fresh_urns(
    seeded: list[CaseFile],
) -> None:
    seed_demo(cases=10)
    assert CaseFile.objects.count() == SEEDED + 10
    assert CaseFile.objects.values("urn").distinct().count() == SEEDED + 10
