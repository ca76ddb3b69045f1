"""Preparing and releasing a review pack: redactions proposed, every passage
accepted or edited, release refused while an identifier remains (the
category named), a released pack frozen and corrected by a new version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from charging.panels import pack_services, services
from charging.panels.models import PackStatus, Panel, ReviewPack
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.cases.factories import complete_case
from tests.conftest import Personas, org

pytestmark = pytest.mark.django_db

RATIONALE = "Jane Complainant (07700 900 123) no longer supports action against John Suspectson."


@pytest.fixture
def pack(personas: Personas) -> ReviewPack:
    case = complete_case(personas.officer)
    complainant = case.complainants.get()
    complainant.phone = "07700900123"
    complainant.save()
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
        rationale=RATIONALE,
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    panel = Panel.objects.create(
        organisation=org("South East Scrutiny Panel"), cps_area=org("South East")
    )
    panel.forces.set([org("Kent")])
    meeting = services.meeting_create(
        actor=personas.cps_spoc, panel=panel, held_on=timezone.localdate() + timedelta(days=7)
    )
    today = timezone.localdate()
    services.sample_draw(
        actor=personas.cps_spoc,
        meeting=meeting,
        date_from=today - timedelta(days=1),
        date_to=today,
        size=1,
        seed=5,
    )
    return meeting.packs.get()


def test_the_preparer_accepts_the_redactions_and_releases(
    personas: Personas, pack: ReviewPack
) -> None:
    pack = pack_services.pack_prepare(actor=personas.supervisor, pack=pack)
    [passage] = pack.passages
    assert passage["original"] == RATIONALE
    proposed = passage["proposed"]
    assert proposed.startswith("C1 ") and "[phone]" in proposed
    assert proposed.endswith("no longer supports action against S1.")
    with pytest.raises(DomainError, match="Accept or edit every passage"):
        pack_services.pack_release(actor=personas.supervisor, pack=pack)
    # Accepting the text as written is refused at release, naming what is left.
    pack_services.pack_passage_accept(
        actor=personas.supervisor, pack=pack, key=passage["key"], text=RATIONALE
    )
    with pytest.raises(DomainError) as refused:
        pack_services.pack_release(actor=personas.supervisor, pack=pack)
    assert "a complainant's name" in str(refused.value)
    assert "a phone number" in str(refused.value)
    assert "a suspect's name" in str(refused.value)
    pack.refresh_from_db()
    assert pack.status == PackStatus.DRAFT
    pack_services.pack_passage_accept(
        actor=personas.supervisor, pack=pack, key=passage["key"], text=passage["proposed"]
    )
    released = pack_services.pack_release(actor=personas.supervisor, pack=pack)
    assert released.status == PackStatus.RELEASED
    page = pack_services.pack_html(released)
    for identifier in ("Jane", "Complainant", "Suspectson", "07700", pack.case.urn):
        assert identifier not in page
    assert proposed in page
    assert "Kent" in page
    # Frozen: no more editing of the released version.
    with pytest.raises(Forbidden, match="released"):
        pack_services.pack_passage_accept(
            actor=personas.supervisor, pack=released, key=passage["key"], text="Changed"
        )
    assert AuditEvent.objects.filter(action="panel.pack_released", object_id=str(pack.pk)).exists()


def test_a_correction_is_a_new_version_that_supersedes_the_old(
    personas: Personas, pack: ReviewPack
) -> None:
    pack = pack_services.pack_prepare(actor=personas.supervisor, pack=pack)
    key = pack.passages[0]["key"]
    pack_services.pack_passage_accept(
        actor=personas.supervisor, pack=pack, key=key, text="C1 no longer supports action."
    )
    first = pack_services.pack_release(actor=personas.supervisor, pack=pack)
    correction = pack_services.pack_correct(actor=personas.supervisor, pack=first)
    assert (correction.version, correction.status) == (2, PackStatus.DRAFT)
    with pytest.raises(DomainError, match="already in preparation"):
        pack_services.pack_correct(actor=personas.supervisor, pack=first)
    pack_services.pack_passage_accept(
        actor=personas.supervisor, pack=correction, key=key, text="C1 withdrew support."
    )
    pack_services.pack_release(actor=personas.supervisor, pack=correction)
    first.refresh_from_db()
    assert first.status == PackStatus.SUPERSEDED
    assert ReviewPack.objects.released().get(number=first.number).version == 2


def test_only_the_forces_supervisors_prepare_a_police_pack(
    personas: Personas, pack: ReviewPack
) -> None:
    for outsider in (
        personas.officer,
        personas.cps_spoc,
        personas.panel_member,
        personas.other_force_officer,
    ):
        with pytest.raises(Forbidden):
            pack_services.pack_prepare(actor=outsider, pack=pack)
    pack.refresh_from_db()
    assert pack.passages == [] and pack.preparer is None
