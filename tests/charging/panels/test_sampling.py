"""A meeting's sample: random, stratified, reproducible, and audited.

The chair (or the Area's CPS SPOC) draws N decisions of the panel's forces in
a period; the frame, the seed and the draw are stored, and drawing again with
the same seed gives the same cases. Cases with a review open, reopened cases
and cases the panel has reviewed are left out.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from charging.panels import sampling, services
from charging.panels.models import Panel, PanelMeeting, PanelMember, ReviewPack, Standing
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_propose
from rasso.accounts.models import Role, User
from rasso.accounts.services import membership_create
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.cases.factories import complete_case
from tests.charging.panels.conftest import police_nfa
from tests.conftest import Personas, org

pytestmark = pytest.mark.django_db

EVIDENTIAL = HomeOfficeOutcome.EVIDENTIAL_WITH_SUPPORT
NO_SUPPORT = HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT


def seat(personas: Personas, panel: Panel, user: User, standing: str) -> PanelMember:
    """The administrator's grant of the role, then the SPOC's seat."""
    membership_create(
        actor=personas.administrator,
        user=user,
        organisation=panel.organisation,
        role=Role.PANEL_MEMBER,
    )
    return services.panel_member_add(
        actor=personas.cps_spoc, panel=panel, user=user, standing=standing
    )


def draw(meeting: PanelMeeting, actor: User, size: int, seed: int | None = None) -> list[int]:
    today = timezone.localdate()
    record = services.sample_draw(
        actor=actor,
        meeting=meeting,
        date_from=today - timedelta(days=30),
        date_to=today,
        size=size,
        seed=seed,
    )
    return [row["case"] for row in record.drawn]


def test_the_same_seed_draws_the_same_cases(personas: Personas, panel: Panel) -> None:
    for code in [EVIDENTIAL] * 6 + [NO_SUPPORT] * 3:
        police_nfa(personas, code)
    frame = sampling.Frame(
        date_from=timezone.localdate() - timedelta(days=1),
        date_to=timezone.localdate(),
        force_ids=(org("Kent").pk,),
        include_charged=False,
    )
    pool = sampling.candidates(panel, frame)
    assert len(pool) == 9
    first = sampling.draw(pool, 3, seed=42)
    assert sampling.draw(list(reversed(pool)), 3, seed=42) == first
    # Other seeds give other samples (of the 36 possible, some differ).
    assert any(sampling.draw(pool, 3, seed=seed) != first for seed in range(1, 20))


def test_the_sample_is_shared_between_strata_in_proportion() -> None:
    pool = [sampling.Candidate("police:15", i, "police_nfa") for i in range(60)] + [
        sampling.Candidate("cps:nfa_evidential", 100 + i, "cps_nfa") for i in range(30)
    ]
    pool += [sampling.Candidate("cps:nfa_public_interest", 200 + i, "cps_nfa") for i in range(10)]
    drawn = sampling.draw(pool, 10, seed=7)
    assert Counter(c.stratum for c in drawn) == {
        "police:15": 6,
        "cps:nfa_evidential": 3,
        "cps:nfa_public_interest": 1,
    }
    assert len({c.case_id for c in drawn}) == 10
    # Never more than there are; a small stratum keeps its share.
    assert sampling.shares({"a": 1, "b": 99}, 200) == {"a": 1, "b": 99}
    assert sampling.shares({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}


def test_a_draw_is_stored_audited_and_opens_a_draft_pack_a_case(
    personas: Personas, meeting: PanelMeeting
) -> None:
    cases = [police_nfa(personas, code) for code in [EVIDENTIAL] * 3 + [NO_SUPPORT] * 2]
    drawn = draw(meeting, personas.cps_spoc, 3, seed=2026)
    assert len(drawn) == 3 and set(drawn) <= {c.pk for c in cases}
    stored = meeting.draws.get()
    assert stored.seed == 2026
    assert stored.frame["strata"] == {f"police:{EVIDENTIAL}": 3, f"police:{NO_SUPPORT}": 2}
    assert stored.frame["forces"] == [org("Kent").pk]
    packs = list(ReviewPack.objects.filter(meeting=meeting).order_by("number"))
    assert [p.case_id for p in packs] == drawn
    assert [p.number for p in packs] == [1, 2, 3]
    assert {p.status for p in packs} == {"draft"}
    event = AuditEvent.objects.get(action="panel.sample_drawn")
    assert event.detail["drawn"] == drawn and event.detail["seed"] == 2026
    # One draw a meeting: pressed twice, it draws once.
    with pytest.raises(DomainError, match="drawn already"):
        draw(meeting, personas.cps_spoc, 3, seed=2026)
    assert meeting.draws.count() == 1 and meeting.packs.count() == 3
    # At the next meeting, a case reviewed by the panel is not drawn again.
    following = services.meeting_create(
        actor=personas.cps_spoc, panel=meeting.panel, held_on=meeting.held_on + timedelta(days=90)
    )
    again = draw(following, personas.cps_spoc, 5, seed=2026)
    assert set(again).isdisjoint(drawn)
    assert len(again) == 2


def test_other_forces_and_open_investigations_are_not_in_the_frame(
    personas: Personas, meeting: PanelMeeting
) -> None:
    complete_case(personas.officer)  # still under investigation
    durham = complete_case(personas.other_force_officer, "Durham")
    proposal = police_nfa_propose(
        actor=personas.other_force_officer, case=durham, outcome_code=EVIDENTIAL, rationale="R."
    )
    assert proposal.pk
    with pytest.raises(DomainError, match="No decision"):
        draw(meeting, personas.cps_spoc, 3)
    assert not meeting.draws.exists()


def test_only_the_chair_or_the_areas_cps_spoc_draws(
    personas: Personas, panel: Panel, meeting: PanelMeeting
) -> None:
    police_nfa(personas, EVIDENTIAL)
    for outsider in (personas.panel_member, personas.prosecutor, personas.supervisor):
        with pytest.raises(Forbidden):
            draw(meeting, outsider, 1)
    seat(personas, panel, personas.panel_member, Standing.VOLUNTARY)
    panel.chair = personas.panel_member
    panel.save()
    meeting.refresh_from_db()
    assert len(draw(meeting, personas.panel_member, 1)) == 1


def test_bad_input_changes_nothing(personas: Personas, meeting: PanelMeeting) -> None:
    police_nfa(personas, EVIDENTIAL)
    today = timezone.localdate()
    for size in (0, 21):
        with pytest.raises(DomainError, match="between 1 and 20"):
            draw(meeting, personas.cps_spoc, size)
    with pytest.raises(DomainError, match="ends before it starts"):
        services.sample_draw(
            actor=personas.cps_spoc,
            meeting=meeting,
            date_from=today,
            date_to=today - timedelta(days=1),
            size=1,
        )
    assert not meeting.draws.exists() and not meeting.packs.exists()


def test_a_seat_lasts_as_long_as_the_membership(personas: Personas, panel: Panel) -> None:
    from charging.panels import rules
    from rasso.accounts.models import Membership
    from rasso.accounts.services import membership_remove

    outsider = personas.prosecutor
    with pytest.raises(DomainError, match="An administrator first"):
        services.panel_member_add(
            actor=personas.cps_spoc, panel=panel, user=outsider, standing=Standing.CPS
        )
    member = seat(personas, panel, outsider, Standing.CPS)
    assert member.reference == "M1"
    outsider = User.objects.get(pk=outsider.pk)  # memberships are cached per request
    assert rules.seat_of(outsider, panel) == member
    assert not rules.has_undertaken(member)
    services.undertaking_accept(actor=outsider, panel=panel)
    assert rules.has_undertaken(member)
    membership = Membership.objects.get(user=outsider, organisation=panel.organisation)
    membership_remove(actor=personas.administrator, membership=membership)
    outsider = User.objects.get(pk=outsider.pk)
    assert rules.seat_of(outsider, panel) is None
    with pytest.raises(Forbidden):
        services.undertaking_accept(actor=outsider, panel=panel)


def test_a_case_with_a_review_open_is_left_out(personas: Personas, meeting: PanelMeeting) -> None:
    from victims.services import review_request

    reviewed, kept = police_nfa(personas, EVIDENTIAL), police_nfa(personas, EVIDENTIAL)
    review_request(
        actor=personas.officer,
        complainant=reviewed.complainants.get(),
        told_on=timezone.localdate(),
        requested_on=timezone.localdate(),
    )
    assert draw(meeting, personas.cps_spoc, 2, seed=1) == [kept.pk]


def test_a_member_sees_released_packs_of_their_panel_after_the_undertaking(
    personas: Personas, panel: Panel, meeting: PanelMeeting
) -> None:
    from charging.panels.models import PackStatus
    from charging.panels.selectors import packs_visible_to, panels_visible_to

    police_nfa(personas, EVIDENTIAL)
    police_nfa(personas, NO_SUPPORT)
    draw(meeting, personas.cps_spoc, 2, seed=3)
    first, second = meeting.packs.order_by("number")
    ReviewPack.objects.filter(pk=first.pk).update(status=PackStatus.RELEASED)
    member = personas.panel_member
    # The role alone, without a seat and the undertaking, shows nothing.
    assert list(packs_visible_to(member)) == []
    services.panel_member_add(
        actor=personas.cps_spoc, panel=panel, user=member, standing=Standing.INDEPENDENT
    )
    member = User.objects.get(pk=member.pk)
    assert list(packs_visible_to(member)) == [] and panels_visible_to(member) == []
    services.undertaking_accept(actor=member, panel=panel)
    # Released only: the draft stays with its preparers.
    assert list(packs_visible_to(member)) == [first]
    assert panels_visible_to(member) == [panel.pk]
    # A police NFA's draft is the force's to prepare: the Area's CPS SPOC
    # sees it once released.
    assert set(packs_visible_to(personas.cps_spoc)) == {first}
    assert set(packs_visible_to(personas.supervisor)) == {first, second}
    for outsider in (
        personas.officer,
        personas.prosecutor,
        personas.other_area_prosecutor,
        personas.manager,
        personas.administrator,
    ):
        assert list(packs_visible_to(outsider)) == [], outsider
