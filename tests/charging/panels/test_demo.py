"""Demo scrutiny panels: `seed_demo --cases N` gives each demo Area a panel
whose demo member has work to do: the undertaking to give, a held meeting's
packs and findings to read, and the next meeting's packs to record views on.

The seeder goes through the panel services, so the rows are what the pages
would have made; these tests check what a person signing in would find.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from charging.panels import rules
from charging.panels.demo import SEATS
from charging.panels.models import (
    Finding,
    MeetingStatus,
    MemberView,
    PackStatus,
    Panel,
    PanelMeeting,
    PanelMember,
    Recommendation,
    ReviewPack,
    Standing,
)
from charging.panels.selectors import packs_visible_to
from charging.panels.services import undertaking_accept
from rasso.accounts.management.commands.seed_demo import DEMO_AREAS
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# Enough decisions that each Area can draw both meetings (about 4 in 10 demo
# cases end in a decision a panel reviews).
SEEDED = 60
FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo(**options: Any) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    # Seeded once for the class of tests below, in a transaction rolled back
    # at its end; each test runs in a savepoint inside it, so none sees
    # another's changes (and the last test of the file starts from nothing).
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=FAST),
        transaction.atomic(),
    ):
        yield seed_demo(cases=SEEDED)
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once: str, db: None, settings: Any) -> str:
    # seed_demo refuses without DEBUG; Django's test runner turns it off.
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = FAST
    return seeded_once


def panels() -> list[Panel]:
    return list(Panel.objects.select_related("organisation", "cps_area", "chair"))


def demo_member(panel: Panel) -> User:
    return User.objects.get(email=f"panel.{panel.cps_area.slug}@demo.example")


def meeting(panel: Panel, status: str) -> PanelMeeting:
    return PanelMeeting.objects.get(panel=panel, status=status)


class TestSeeded:
    """One `seed_demo --cases 60`, as a person signing in finds it."""

    def test_a_panel_per_demo_area_with_its_forces_and_a_chair(self, seeded: str) -> None:
        assert "Scrutiny panels: added 2 panels" in seeded
        by_name = {p.organisation.name: p for p in panels()}
        assert set(by_name) == {name for _, _, name in DEMO_AREAS}
        for area, forces, name in DEMO_AREAS:
            panel = by_name[name]
            assert panel.cps_area.name == area
            assert {f.name for f in panel.forces.all()} == set(forces)
            assert panel.terms_of_reference
            # The chair sits on the panel and has given the undertaking, so may
            # record the findings.
            assert panel.chair is not None
            chair = rules.seat_of(panel.chair, panel)
            assert chair is not None and rules.has_undertaken(chair)

    def test_the_members_have_standings_and_all_but_the_demo_member_undertook(
        self, seeded: str
    ) -> None:
        for panel in panels():
            members = list(PanelMember.objects.filter(panel=panel).select_related("user"))
            assert len(members) == len(SEATS) + 1
            assert {m.standing for m in members} == set(Standing.values)
            assert [m.reference for m in members] == [f"M{n}" for n in range(1, len(members) + 1)]
            user = demo_member(panel)
            seat = rules.seat_of(user, panel)
            assert seat is not None
            # The demo member sees the undertaking first when they sign in.
            assert not rules.has_undertaken(seat)
            assert all(rules.has_undertaken(m) for m in members if m.user_id != user.pk)
            # Every seat came through the service, audited.
            assert AuditEvent.objects.filter(
                action="panel.member_added", object_id=str(panel.pk)
            ).count() == len(members)

    def test_a_held_meeting_with_released_packs_views_and_findings(self, seeded: str) -> None:
        for panel in panels():
            held = meeting(panel, MeetingStatus.HELD)
            assert held.minutes and held.key_messages
            packs = list(held.packs.all())
            assert packs and {p.status for p in packs} == {PackStatus.RELEASED}
            findings = list(Finding.objects.filter(pack__meeting=held))
            assert len(findings) == len(packs)
            assert {f.recorded_by_id for f in findings} == {panel.chair_id}
            assert MemberView.objects.filter(pack__meeting=held).exists()
            # At least one referral, which owes the force or the Area a response.
            referrals = [f for f in findings if f.recommendation == Recommendation.REFER]
            assert referrals and all(f.response_deadline_id for f in referrals)
            if len(findings) > 2:
                assert len({f.reasonable for f in findings}) > 1
                assert len({f.recommendation for f in findings}) > 1

    def test_the_demo_member_has_the_next_meetings_packs_to_read(self, seeded: str) -> None:
        for panel in panels():
            upcoming = meeting(panel, MeetingStatus.PREPARING)
            released = list(upcoming.packs.released())
            assert released
            # The last drawn pack is still with its preparer.
            assert upcoming.packs.filter(status=PackStatus.DRAFT).count() <= 1
            user = demo_member(panel)
            assert not packs_visible_to(user).exists()
            undertaking_accept(actor=user, panel=panel)
            user = User.objects.get(pk=user.pk)
            visible = set(packs_visible_to(user))
            assert set(released) <= visible
            assert set(meeting(panel, MeetingStatus.HELD).packs.all()) <= visible
            assert rules.member_view_refusal(user, released[0]) is None

    def test_running_it_again_adds_nothing(self, seeded: str) -> None:
        models = (User, Panel, PanelMember, PanelMeeting, ReviewPack, MemberView, Finding)

        def counts() -> dict[str, int]:
            found = {model.__name__: model.objects.count() for model in models}
            found["panel audit"] = AuditEvent.objects.filter(action__startswith="panel.").count()
            return found

        before = counts()
        assert "Scrutiny panels: added nothing" in seed_demo(cases=5)
        assert counts() == before


def test_with_too_few_decisions_it_seeds_what_it_can(settings: Any) -> None:
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = FAST
    # Two cases: one police NFA at most, so one held meeting of one pack at most.
    output = seed_demo(cases=2)
    assert "Scrutiny panels: added 2 panels" in output
    assert output.count("next meeting (no decision left to draw)") == 2
    assert PanelMeeting.objects.filter(status=MeetingStatus.HELD).count() <= 1
    assert not PanelMeeting.objects.filter(status=MeetingStatus.PREPARING).exists()
    for panel in panels():
        assert panel.members.count() == len(SEATS) + 1
        # A meeting it made is whole: drawn, released, held, and with findings.
        for held in panel.meetings.all():
            assert held.packs.count() == 1
            assert not held.packs.exclude(status=PackStatus.RELEASED).exists()
            assert Finding.objects.get(pack__meeting=held).recommendation == Recommendation.REFER
