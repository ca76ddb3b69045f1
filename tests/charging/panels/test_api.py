"""Scrutiny panels in the API: a member records the undertaking before any
meeting or pack, reads the released pack (audited, no identifier of the
case), records a view, and the chair a finding; the SPOC adds a meeting; 404
for everyone outside the panel."""

from __future__ import annotations

import json

import pytest

from charging.panels.models import Criterion, Finding, MemberView, ReviewPack
from rasso.accounts.models import Organisation, OrganisationKind, Role
from rasso.audit.models import AuditEvent
from tests.cases.test_api import Api
from tests.charging.panels.test_pages import IDENTIFIERS, released, seated
from tests.conftest import Personas, _member

pytestmark = pytest.mark.django_db

PANELS = "/api/v1/panels/"
PACKS = "/api/v1/review-packs/"


def test_a_member_reads_and_finds_through_the_api(personas: Personas, pack: ReviewPack) -> None:
    pack = released(personas, pack)
    panel = pack.meeting.panel
    member = Api(seated(personas, panel, undertaken=False))

    listed = member.get(PANELS).json()["results"]
    assert [(p["id"], p["undertaken"]) for p in listed] == [(panel.pk, False)]
    refused = member.get(f"{PANELS}{panel.pk}/meetings/")
    assert refused.status_code == 403 and "undertaking" in refused.json()["detail"]
    assert member.get(f"{PANELS}{panel.pk}/").status_code == 403
    assert member.get(PACKS).json()["results"] == []
    assert member.get(f"{PACKS}{pack.pk}/").status_code == 404

    assert member.post(f"{PANELS}{panel.pk}/undertaking/").json()["undertaken"] is True
    detail = member.get(f"{PANELS}{panel.pk}/").json()
    meetings = member.get(f"{PANELS}{panel.pk}/meetings/").json()["results"]
    read = member.get(f"{PACKS}{pack.pk}/")
    listed_packs = member.get(PACKS).json()["results"]
    # A list says which packs there are; only a read (audited) gives the text.
    assert [p["id"] for p in listed_packs] == [pack.pk] and "passages" not in listed_packs[0]

    assert detail["chair"] == "M1"
    assert detail["members"] == [
        {"reference": "M1", "standing": "independent", "standing_display": "Independent"}
    ]
    assert [(m["id"], m["packs_released"]) for m in meetings] == [(pack.meeting_id, 1)]
    body = read.json()
    assert body["passages"][0]["text"].endswith("no longer supports action against S1.")
    assert "case" not in body and "urn" not in json.dumps(body).lower()
    for identifier in (*IDENTIFIERS, pack.case.urn):
        assert identifier not in read.content.decode()
    assert AuditEvent.objects.filter(
        action="panel.pack_viewed", object_id=str(pack.pk), actor=member.user
    ).exists()

    assert member.post(f"{PACKS}{pack.pk}/view/", {"view": " "}).status_code == 400
    assert member.post(f"{PACKS}{pack.pk}/view/", {"view": "Reasonable."}).status_code == 200
    finding = {
        "reasonable": "unable",
        "scores": dict.fromkeys(Criterion.values, 3),
        "themes": ["joint_working"],
        "recommendation": "feedback",
    }
    bad = member.post(f"{PACKS}{pack.pk}/finding/", {**finding, "scores": {"timeliness": 9}})
    assert bad.status_code == 400 and not Finding.objects.exists()
    made = member.post(f"{PACKS}{pack.pk}/finding/", finding)
    again = member.post(f"{PACKS}{pack.pk}/finding/", finding)

    assert made.status_code == 201, made.json()
    assert made.json()["finding"]["themes"] == ["joint_working"]
    assert again.status_code == 403
    assert MemberView.objects.get().view == "Reasonable."


def test_the_spoc_adds_a_meeting_and_members_may_not(personas: Personas, pack: ReviewPack) -> None:
    panel = pack.meeting.panel
    member = Api(seated(personas, panel))
    spoc = Api(personas.cps_spoc)

    refused = member.post(f"{PANELS}{panel.pk}/meetings/", {"held_on": "2027-01-05"})
    bad = spoc.post(f"{PANELS}{panel.pk}/meetings/", {"held_on": "soon"})
    made = spoc.post(f"{PANELS}{panel.pk}/meetings/", {"held_on": "2027-01-05", "theme": "Myths"})

    assert refused.status_code == 403 and bad.status_code == 400
    assert made.status_code == 201 and made.json()["theme"] == "Myths"
    assert panel.meetings.count() == 2
    # The draft is the force's to prepare: the SPOC does not read it.
    assert spoc.get(f"{PACKS}{pack.pk}/").status_code == 404
    assert Api(personas.supervisor).get(f"{PACKS}{pack.pk}/").json()["status"] == "draft"


def test_everyone_outside_the_panel_gets_404_in_the_api(
    personas: Personas, pack: ReviewPack
) -> None:
    pack = released(personas, pack)
    panel = pack.meeting.panel
    seated(personas, panel)
    other_panel = Organisation.objects.create(
        name="North East Scrutiny Panel", slug="ne-panel", kind=OrganisationKind.SCRUTINY_PANEL
    )
    outsiders = [
        personas.officer,
        personas.prosecutor,
        personas.other_area_prosecutor,
        personas.manager,
        personas.administrator,
        _member(Role.PANEL_MEMBER, other_panel),
        _member(Role.CPS_SPOC, Organisation.objects.get(name="North East")),
    ]
    reads = [f"{PANELS}{panel.pk}/", f"{PANELS}{panel.pk}/meetings/", f"{PACKS}{pack.pk}/"]
    writes = [
        f"{PANELS}{panel.pk}/undertaking/",
        f"{PANELS}{panel.pk}/meetings/",
        f"{PACKS}{pack.pk}/view/",
        f"{PACKS}{pack.pk}/finding/",
    ]
    for user in outsiders:
        api = Api(user)
        assert api.get(PANELS).json()["results"] == [], user
        assert api.get(PACKS).json()["results"] == [], user
        for url in reads:
            assert api.get(url).status_code == 404, (user, url)
        for url in writes:
            assert api.post(url, {"view": "x", "held_on": "2027-01-05"}).status_code == 404
    assert panel.meetings.count() == 1 and not MemberView.objects.exists()
