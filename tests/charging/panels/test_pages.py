"""Scrutiny panels in the browser: the preparer's pack (passages accepted,
released), the member's undertaking before anything else, the meeting, the
released pack as page and watermarked PDF (each view and download audited),
the member's view and the chair's finding; and 404 for everyone else."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from charging.panels import finding_services, pack_services, services
from charging.panels.models import (
    Criterion,
    Finding,
    MemberView,
    PackStatus,
    Panel,
    ReviewPack,
    Standing,
)
from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.audit.models import AuditEvent
from tests.charging.panels.conftest import RATIONALE
from tests.conftest import Personas, _member
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db

IDENTIFIERS = ("Jane", "Jane Complainant", "Suspectson", "07700", "900 123")


def released(personas: Personas, pack: ReviewPack) -> ReviewPack:
    pack = pack_services.pack_prepare(actor=personas.supervisor, pack=pack)
    for passage in pack.passages:
        pack_services.pack_passage_accept(
            actor=personas.supervisor, pack=pack, key=passage["key"], text=passage["proposed"]
        )
    return pack_services.pack_release(actor=personas.supervisor, pack=pack)


def seated(
    personas: Personas, panel: Panel, *, undertaken: bool = True, chair: bool = True
) -> User:
    member = personas.panel_member
    services.panel_member_add(
        actor=personas.cps_spoc, panel=panel, user=member, standing=Standing.INDEPENDENT
    )
    if chair:
        Panel.objects.filter(pk=panel.pk).update(chair=member)
    if undertaken:
        services.undertaking_accept(actor=member, panel=panel)
    return User.objects.get(pk=member.pk)


def test_the_preparer_accepts_each_passage_and_releases_in_the_browser(
    personas: Personas, pack: ReviewPack
) -> None:
    client = client_for(personas.supervisor)
    listed = html_of(client.get(reverse("panels:packs-to-prepare")))
    assert reverse("panels:pack", args=[pack.pk]) in listed

    client.post(reverse("panels:pack-prepare", args=[pack.pk]))
    page = html_of(client.get(reverse("panels:pack", args=[pack.pk])))
    # The preparer reads the case's words as written (the complainant's
    # identity is not theirs to read: a supervisor sees C1), and the proposal.
    assert "John Suspectson" in page and "no longer supports action against S1" in page
    assert "Jane" not in page
    assert "Accept or edit every passage first" in page
    key = ReviewPack.objects.get(pk=pack.pk).passages[0]["key"]
    edit = reverse("panels:passage", args=[pack.pk, key])
    form = html_of(client.get(edit))
    assert "[phone]" in form
    # Accepting the words as written is taken, and the release refused naming what is left.
    client.post(edit, {"text": RATIONALE})
    refused = client.post(reverse("panels:pack-release", args=[pack.pk]), follow=True)
    assert "still contains a complainant&#x27;s name" in html_of(refused)
    assert ReviewPack.objects.get(pk=pack.pk).status == PackStatus.DRAFT
    client.post(edit, {"text": "C1 no longer supports action against S1."})
    client.post(reverse("panels:pack-release", args=[pack.pk]))
    again = client.post(reverse("panels:pack-release", args=[pack.pk]))  # a double click

    assert again.status_code == 302
    assert ReviewPack.objects.get(pk=pack.pk).status == PackStatus.RELEASED
    # Frozen: the passage form is refused on the released pack.
    assert client.get(edit).status_code == 403


def test_a_member_gives_the_undertaking_before_anything_else(
    personas: Personas, pack: ReviewPack
) -> None:
    pack = released(personas, pack)
    panel = pack.meeting.panel
    member = seated(personas, panel, undertaken=False)
    client = client_for(member)
    undertaking = reverse("panels:undertaking", args=[panel.pk])

    listed = html_of(client.get(reverse("panels:list")))
    assert undertaking in listed
    assert client.get(reverse("panels:panel", args=[panel.pk]))["Location"] == undertaking
    meeting = reverse("panels:meeting", args=[panel.pk, pack.meeting_id])
    assert client.get(meeting)["Location"] == undertaking
    assert client.get(reverse("panels:pack", args=[pack.pk])).status_code == 404
    unticked = client.post(undertaking, {})
    assert "Confirm that you give the undertaking" in html_of(unticked)
    assert not member.panel_seats.get().undertakings.exists()

    client.post(undertaking, {"undertake": "yes"})
    client.post(undertaking, {"undertake": "yes"})  # a double click records once

    assert member.panel_seats.get().undertakings.count() == 1
    assert client.get(meeting).status_code == 200


def test_a_member_reads_the_released_pack_and_its_views_and_downloads_are_audited(
    personas: Personas, pack: ReviewPack
) -> None:
    pack = released(personas, pack)
    panel = pack.meeting.panel
    member = seated(personas, panel)
    client = client_for(member)

    meeting = html_of(client.get(reverse("panels:meeting", args=[panel.pk, pack.meeting_id])))
    page = html_of(client.get(reverse("panels:pack", args=[pack.pk])))
    download = client.get(reverse("panels:pack-pdf", args=[pack.pk]))

    assert reverse("panels:pack", args=[pack.pk]) in meeting
    assert "no longer supports action against S1" in page
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(download.content)).pages)
    assert "no longer supports action against S1" in text
    assert "Confidential: M1" in text  # the member's reference on every page
    assert download["Content-Disposition"].startswith("attachment;")
    for identifier in (*IDENTIFIERS, pack.case.urn):
        assert identifier not in page and identifier not in meeting and identifier not in text
    assert not re.search(r"/cases/\d+/", page)  # no way to the case
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(pack.pk), actor=member, action__startswith="panel.pack"
        )
        .order_by("pk")
        .values_list("action", "detail")
    )
    assert actions == [
        ("panel.pack_viewed", {"version": 1, "as": "M1"}),
        ("panel.pack_downloaded", {"version": 1, "as": "M1"}),
    ]


def test_the_member_records_a_view_and_the_chair_the_finding(
    personas: Personas, pack: ReviewPack
) -> None:
    pack = released(personas, pack)
    member = seated(personas, pack.meeting.panel)
    client = client_for(member)

    client.post(reverse("panels:member-view", args=[pack.pk]), {"view": "Reasonable, but late."})
    client.post(reverse("panels:member-view", args=[pack.pk]), {"view": "Reasonable."})
    data = {
        "reasonable": "yes",
        **{f"score_{c}": "4" for c in Criterion.values},
        "themes": ["timeliness", "victim_communication"],
        "learning_points": "Tell C1 sooner.",
        "recommendation": "refer",
    }
    incomplete = client.post(
        reverse("panels:finding", args=[pack.pk]), {**data, "score_timeliness": ""}
    )
    assert "Score timeliness from 1 to 5" in html_of(incomplete)
    assert not Finding.objects.exists()
    client.post(reverse("panels:finding", args=[pack.pk]), data)
    again = client.post(reverse("panels:finding", args=[pack.pk]), data)

    assert MemberView.objects.get().view == "Reasonable."
    finding = Finding.objects.get()
    assert finding.scores == dict.fromkeys(sorted(Criterion.values), 4)
    assert finding.themes == ["timeliness", "victim_communication"]
    assert again.status_code == 403  # recorded once: the form is refused after
    page = html_of(client.get(reverse("panels:pack", args=[pack.pk])))
    assert "Timeliness, Victim communication" in page and "4 out of 5" in page


def test_the_police_supervisor_answers_the_referral(personas: Personas, pack: ReviewPack) -> None:
    pack = released(personas, pack)
    chair = seated(personas, pack.meeting.panel)
    finding = finding_services.finding_record(
        actor=chair,
        pack=pack,
        reasonable="no",
        scores=dict.fromkeys(Criterion.values, 2),
        themes=["action_plans"],
        learning_points="Action plans were late.",
        recommendation="refer",
    )
    client = client_for(personas.supervisor)

    listed = html_of(client.get(reverse("panels:referrals")))
    assert "Action plans were late." in listed
    empty = client.post(reverse("panels:referral-respond", args=[finding.pk]), {"response": " "})
    assert "Write the response" in html_of(empty)
    naming = client.post(
        reverse("panels:referral-respond", args=[finding.pk]),
        {"response": "Jane Complainant (07700 900 123) was told."},
    )
    assert "The response holds a complainant&#x27;s name" in html_of(naming)
    finding.refresh_from_db()
    assert finding.responded_at is None
    client.post(
        reverse("panels:referral-respond", args=[finding.pk]),
        {"response": "Plans now reviewed weekly."},
    )

    finding.refresh_from_db()
    assert finding.response == "Plans now reviewed weekly."
    assert finding.response_deadline is not None and finding.response_deadline.closed_at
    log = html_of(client_for(chair).get(reverse("panels:learning", args=[pack.meeting.panel_id])))
    assert "Plans now reviewed weekly." in log
    # ... and it is before the panel at its meeting.
    meeting = client_for(chair).get(
        reverse("panels:meeting", args=[pack.meeting.panel_id, pack.meeting_id])
    )
    assert "Plans now reviewed weekly." in html_of(meeting)


def test_the_spoc_runs_the_panel_in_the_browser(personas: Personas, panel: Panel) -> None:
    client = client_for(personas.cps_spoc)
    client.post(
        reverse("panels:member-add", args=[panel.pk]),
        {"user": personas.panel_member.pk, "standing": Standing.VOLUNTARY},
    )
    client.post(
        reverse("panels:meeting-create", args=[panel.pk]),
        {"held_on": timezone.localdate().isoformat(), "theme": "Early advice"},
    )
    meeting = panel.meetings.get()
    page = html_of(client.get(reverse("panels:panel", args=[panel.pk])))
    drawn = client.post(
        reverse("panels:draw", args=[panel.pk, meeting.pk]),
        {"date_from": "2026-01-01", "date_to": "2026-01-31", "size": "30"},
    )

    assert panel.members.get().user == personas.panel_member
    assert escape(personas.panel_member.full_name) in page and "Early advice" in page
    assert "Draw between 1 and 20 cases" in html_of(drawn)
    assert not meeting.draws.exists()
    twice = client.post(
        reverse("panels:meeting-create", args=[panel.pk]),
        {"held_on": timezone.localdate().isoformat()},
    )
    assert "a meeting on that date already" in html_of(twice)
    assert panel.meetings.count() == 1
    held = client.post(
        reverse("panels:meeting-hold", args=[panel.pk, meeting.pk]), {"minutes": "Met."}
    )
    assert held.status_code == 302
    assert html_of(client.get(reverse("panels:meeting", args=[panel.pk, meeting.pk]))).count("Met.")


def _every_url(pack: ReviewPack, finding: Finding) -> list[str]:
    panel, meeting = pack.meeting.panel_id, pack.meeting_id
    key = pack.passages[0]["key"]
    return [
        reverse("panels:panel", args=[panel]),
        reverse("panels:setup"),
        reverse("panels:edit", args=[panel]),
        reverse("panels:undertaking", args=[panel]),
        reverse("panels:member-add", args=[panel]),
        reverse("panels:meeting-create", args=[panel]),
        reverse("panels:learning", args=[panel]),
        reverse("panels:meeting", args=[panel, meeting]),
        reverse("panels:draw", args=[panel, meeting]),
        reverse("panels:pack-add", args=[panel, meeting]),
        reverse("panels:meeting-hold", args=[panel, meeting]),
        reverse("panels:pack", args=[pack.pk]),
        reverse("panels:pack-pdf", args=[pack.pk]),
        reverse("panels:passage", args=[pack.pk, key]),
        reverse("panels:member-view", args=[pack.pk]),
        reverse("panels:finding", args=[pack.pk]),
        reverse("panels:referral-respond", args=[finding.pk]),
    ]


def test_everyone_outside_the_panel_gets_404(personas: Personas, pack: ReviewPack) -> None:
    pack = released(personas, pack)
    chair = seated(personas, pack.meeting.panel)
    finding = finding_services.finding_record(
        actor=chair,
        pack=pack,
        reasonable="yes",
        scores=dict.fromkeys(Criterion.values, 3),
        recommendation="refer",
    )
    other_panel = Organisation.objects.create(
        name="North East Scrutiny Panel", slug="ne-panel", kind=OrganisationKind.SCRUTINY_PANEL
    )
    outsiders = [
        personas.officer,
        personas.colleague,
        personas.other_force_officer,
        personas.prosecutor,
        personas.other_area_prosecutor,
        personas.manager,
        personas.administrator,
        _member(Role.PANEL_MEMBER, other_panel),
        _member(Role.CPS_SPOC, Organisation.objects.get(name="North East")),
    ]
    urls = _every_url(pack, finding)
    for user in outsiders:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {}).status_code in (404, 405), (user, url)
    # Nothing changed.
    assert ReviewPack.objects.get(pk=pack.pk).status == PackStatus.RELEASED
    assert not MemberView.objects.exists()


def test_a_member_whose_membership_ends_sees_nothing(personas: Personas, pack: ReviewPack) -> None:
    pack = released(personas, pack)
    member = seated(personas, pack.meeting.panel)
    assert client_for(member).get(reverse("panels:pack", args=[pack.pk])).status_code == 200
    member.memberships.all().delete()

    client = client_for(User.objects.get(pk=member.pk))

    assert client.get(reverse("panels:pack", args=[pack.pk])).status_code == 404
    assert client.get(reverse("panels:panel", args=[pack.meeting.panel_id])).status_code == 404
    assert client.get(reverse("panels:list")).status_code == 404


def test_your_work_counts_packs_to_read_and_to_prepare(
    personas: Personas, pack: ReviewPack
) -> None:
    to_prepare = html_of(client_for(personas.supervisor).get("/"))
    pack = released(personas, pack)
    member = seated(personas, pack.meeting.panel)

    to_read = html_of(client_for(member).get("/"))
    prepared = html_of(client_for(personas.supervisor).get("/"))

    assert re.search(r'href="/panels/packs/">1 review pack<span[^>]*>: review packs to', to_prepare)
    assert re.search(r'href="/panels/packs/">0 review packs<span', prepared)
    assert re.search(r'href="/panels/">1 review pack<span[^>]*>: review packs for', to_read)


def test_the_spoc_sets_up_a_panel_in_the_browser(personas: Personas) -> None:
    from tests.conftest import org

    organisation = Organisation.objects.get(name="South East Scrutiny Panel")
    organisation.cps_areas.add(org("South East"))
    client = client_for(personas.cps_spoc)
    listed = html_of(client.get(reverse("panels:list")))
    none_chosen = client.post(reverse("panels:setup"), {"organisation": organisation.pk})

    assert reverse("panels:setup") in listed
    assert "Choose at least one force" in html_of(none_chosen)
    client.post(
        reverse("panels:setup"),
        {"organisation": organisation.pk, "forces": [org("Kent").pk], "terms_of_reference": "T"},
    )
    panel = Panel.objects.get()
    client.post(
        reverse("panels:edit", args=[panel.pk]),
        {"forces": [org("Kent").pk, org("Sussex").pk], "terms_of_reference": "New terms"},
    )
    panel.refresh_from_db()
    assert panel.terms_of_reference == "New terms" and panel.forces.count() == 2
    assert client.get(reverse("panels:setup")).status_code == 404  # nothing left to set up
    for outsider in (personas.prosecutor, personas.panel_member, personas.supervisor):
        assert client_for(outsider).get(reverse("panels:edit", args=[panel.pk])).status_code == 404


def test_a_double_click_sets_a_panel_up_once(personas: Personas) -> None:
    from tests.conftest import org

    organisation = Organisation.objects.get(name="South East Scrutiny Panel")
    organisation.cps_areas.add(org("South East"))
    client = client_for(personas.cps_spoc)
    data = {"organisation": organisation.pk, "forces": [org("Kent").pk]}

    first = client.post(reverse("panels:setup"), data)
    second = client.post(reverse("panels:setup"), data)

    assert first.status_code == second.status_code == 302
    assert Panel.objects.count() == 1
