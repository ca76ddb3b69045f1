"""Preparing and releasing a review pack: redactions proposed, every passage
accepted or edited, release refused while an identifier remains (the
category named), a released pack frozen and corrected by a new version."""

from __future__ import annotations

import pytest

from charging.panels import pack_services
from charging.panels.models import PackStatus, ReviewPack
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.charging.panels.conftest import RATIONALE
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


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
    for identifier in ("Jane", "Jane Complainant", "Suspectson", "07700", pack.case.urn):
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
