"""Members' views, the panel's finding, its feedback and the referral loop."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import DeadlineStatus
from cases.workdays import add_working_days
from charging.panels import finding_services, pack_services, services
from charging.panels.models import Criterion, ReviewPack, Standing
from rasso.accounts.models import Role, User
from rasso.accounts.services import membership_create
from rasso.core.errors import DomainError, Forbidden
from rasso.notifications.models import Notification
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

SCORES = dict.fromkeys(Criterion.values, 4)


@pytest.fixture
def released(personas: Personas, pack: ReviewPack) -> ReviewPack:
    pack = pack_services.pack_prepare(actor=personas.supervisor, pack=pack)
    key = pack.passages[0]["key"]
    pack_services.pack_passage_accept(
        actor=personas.supervisor, pack=pack, key=key, text="C1 no longer supports action."
    )
    return pack_services.pack_release(actor=personas.supervisor, pack=pack)


def seated_chair(personas: Personas, pack: ReviewPack) -> User:
    panel = pack.meeting.panel
    membership_create(
        actor=personas.administrator,
        user=personas.panel_member,
        organisation=panel.organisation,
        role=Role.PANEL_MEMBER,
    )
    services.panel_member_add(
        actor=personas.cps_spoc,
        panel=panel,
        user=personas.panel_member,
        standing=Standing.VOLUNTARY,
    )
    panel.chair = personas.panel_member
    panel.save()
    chair = User.objects.get(pk=personas.panel_member.pk)
    services.undertaking_accept(actor=chair, panel=panel)
    return User.objects.get(pk=chair.pk)


def test_a_referral_tells_without_identity_and_owes_a_response(
    personas: Personas, released: ReviewPack
) -> None:
    chair = seated_chair(personas, released)
    finding_services.member_view_record(actor=chair, pack=released, view="Thorough file.")
    finding = finding_services.finding_record(
        actor=chair,
        pack=released,
        reasonable="no",
        scores=SCORES,
        themes=["victim_communication", "timeliness"],
        learning_points="Tell the complainant sooner.",
        recommendation="refer",
    )
    told = Notification.objects.filter(kind="panel_feedback")
    assert {n.recipient_id for n in told} == {personas.officer.pk, personas.supervisor.pk}
    for note in told:
        for identifier in ("Jane", "Jane Complainant", "Suspectson", released.case.urn):
            assert identifier not in note.text
    deadline = finding.response_deadline
    assert deadline is not None
    assert deadline.due_on == add_working_days(timezone.localdate(), 20)
    assert deadline.owner_organisation == released.case.force
    with pytest.raises(Forbidden):
        finding_services.finding_respond(actor=personas.officer, finding=finding, response="x")
    finding_services.finding_respond(
        actor=personas.supervisor, finding=finding, response="Briefed the team."
    )
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    with pytest.raises(Forbidden, match="answered"):
        finding_services.finding_respond(
            actor=personas.supervisor, finding=finding, response="Again."
        )


def test_a_finding_is_recorded_once_and_checked(personas: Personas, released: ReviewPack) -> None:
    chair = seated_chair(personas, released)
    with pytest.raises(DomainError, match="Score every criterion"):
        finding_services.finding_record(
            actor=chair, pack=released, reasonable="yes", scores={"timeliness": 9}
        )
    with pytest.raises(Forbidden):
        finding_services.finding_record(
            actor=personas.cps_spoc, pack=released, reasonable="yes", scores=SCORES
        )
    finding_services.finding_record(actor=chair, pack=released, reasonable="yes", scores=SCORES)
    with pytest.raises(DomainError, match="recorded already"):
        finding_services.finding_record(actor=chair, pack=released, reasonable="yes", scores=SCORES)
    # No recommendation, no feedback to send.
    assert not Notification.objects.filter(kind="panel_feedback").exists()
