"""Review packs are anonymous, proven by a crawl.

A police NFA's rationale names every identifier recorded on its case, each
in several spellings and formats: the complainant's names in any order and
case, her date of birth, address, postcode, phone and e-mail address; the
suspect's names and date of birth; the officer in the case; the URN; a
vehicle registration. The pack is prepared, its redactions accepted as
proposed, released and reviewed; then everything a panel member can reach
(every page, the PDF, every API endpoint, the notification of the feedback)
is read and none of the identifiers may appear. Second: a pack that still
holds any one of them is refused release, naming its category.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases import services as case_services
from cases.models import CaseFile, DocumentKind, Offence
from charging.panels import finding_services, pack_services
from charging.panels.models import Criterion, PackStatus, ReviewPack
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.accounts.models import User
from rasso.core.errors import DomainError
from rasso.notifications.models import Notification
from tests.cases.factories import case_create, upload
from tests.cases.test_api import Api
from tests.charging.panels.test_pages import seated
from tests.conftest import Personas
from tests.support import client_for
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

URN = "46KA9090112"
# Each identifier as it may be written in free text.
SPELLINGS = {
    "a complainant's name": [
        "Philippa Wetherington",
        "WETHERINGTON, Philippa",
        "philippa wetherington",
        "Ms Wetherington",
    ],
    "a date of birth": ["17/04/1990", "17 April 1990", "1990-04-17", "17.4.90"],
    "an address": ["14 Larkspur Close"],
    "a postcode": ["TN23 4QR", "tn234qr"],
    "a phone number": ["07700 900456", "+44 7700 900456", "07700900456"],
    "an e-mail address": ["p.wetherington@example.org"],
    "a suspect's name": ["Desmond Ravenscroft", "RAVENSCROFT", "D. Ravenscroft"],
    "the URN": [URN, "46 KA 90901 12", URN.lower()],
    "a vehicle registration": ["KX21 ABC", "kx21abc"],
    "a name of the police or CPS staff on the case": ["Dana Officer", "OFFICER, Dana"],
}
# What must never be read, however it is cut: each name and number alone.
NEEDLES = [
    "philippa",
    "wetherington",
    "larkspur",
    "tn234qr",
    "7700900456",
    "p.wetherington@",
    "17/04/1990",
    "17april1990",
    "1990-04-17",
    "desmond",
    "ravenscroft",
    URN.lower(),
    "kx21abc",
    "danaofficer",
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _named_case(officer: User) -> CaseFile:
    case = case_create(officer, urn=URN, reported_on=date(2026, 3, 1))
    case_services.offence_add(
        actor=officer,
        case=case,
        offence=Offence.objects.get(act="Sexual Offences Act 2003", section="1"),
        committed_from=date(2026, 2, 27),
    )
    case_services.suspect_add(
        actor=officer,
        case=case,
        first_names="Desmond",
        last_name="Ravenscroft",
        date_of_birth=date(1985, 11, 2),
    )
    complainant_add(
        actor=officer,
        case=case,
        first_names="Philippa",
        last_name="Wetherington",
        date_of_birth=date(1990, 4, 17),
        address="14 Larkspur Close\nAshford",
        postcode="TN23 4QR",
        phone="07700 900456",
        email="p.wetherington@example.org",
    )
    for kind in (
        DocumentKind.MG3,
        DocumentKind.ABE,
        DocumentKind.MG15,
        DocumentKind.MG5,
        DocumentKind.MG6C,
        DocumentKind.MG6D,
    ):
        upload(case, officer, kind)
    case_services.case_start_investigation(actor=officer, case=case)
    return case


def _rationale() -> str:
    return " ".join(
        f"{category}: {'; '.join(spellings)}." for category, spellings in SPELLINGS.items()
    )


@pytest.fixture
def named_pack(personas: Personas, pack: ReviewPack) -> ReviewPack:
    """The fixture's pack, drawn for the same meeting, swapped for a case
    whose rationale names everything."""
    case = _named_case(personas.officer)
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
        rationale=_rationale(),
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    ReviewPack.objects.filter(pk=pack.pk).update(case=case)
    pack.refresh_from_db()
    return pack_services.pack_prepare(actor=personas.supervisor, pack=pack)


def test_nothing_a_panel_member_can_reach_names_anyone(
    personas: Personas, named_pack: ReviewPack
) -> None:
    pack = named_pack
    for passage in pack.passages:
        pack_services.pack_passage_accept(
            actor=personas.supervisor, pack=pack, key=passage["key"], text=passage["proposed"]
        )
    pack = pack_services.pack_release(actor=personas.supervisor, pack=pack)
    panel = pack.meeting.panel
    chair = seated(personas, panel)
    finding_services.finding_record(
        actor=chair,
        pack=pack,
        reasonable="no",
        scores=dict.fromkeys(Criterion.values, 2),
        learning_points="C1 was not told for 40 days.",
        recommendation="refer",
    )
    client, api = client_for(chair), Api(chair)
    pages = [
        reverse("panels:list"),
        reverse("panels:panel", args=[panel.pk]),
        reverse("panels:meeting", args=[panel.pk, pack.meeting_id]),
        reverse("panels:pack", args=[pack.pk]),
        reverse("panels:learning", args=[panel.pk]),
        "/",
        "/notifications/",
    ]
    read: dict[str, str] = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        read[url] = response.content.decode()
    pdf = client.get(reverse("panels:pack-pdf", args=[pack.pk])).content
    read["pdf"] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    read["pdf metadata"] = str(PdfReader(io.BytesIO(pdf)).metadata)
    for url in [
        "/api/v1/panels/",
        f"/api/v1/panels/{panel.pk}/",
        f"/api/v1/panels/{panel.pk}/meetings/",
        "/api/v1/review-packs/",
        f"/api/v1/review-packs/{pack.pk}/",
    ]:
        response = api.get(url)
        assert response.status_code == 200, url
        read[url] = response.content.decode()
    read["notifications"] = " ".join(Notification.objects.values_list("text", flat=True))

    # The positive control: what the member reads is the case, redacted.
    assert "[phone]" in read[reverse("panels:pack", args=[pack.pk])]
    assert "S1" in read["pdf"] and "C1" in read["pdf"]
    for where, text in read.items():
        flat = _flat(text)
        for needle in NEEDLES:
            assert _flat(needle) not in flat, (needle, where)


@pytest.mark.parametrize("category", list(SPELLINGS))
def test_a_pack_that_still_names_someone_is_refused_release(
    personas: Personas, named_pack: ReviewPack, category: str
) -> None:
    pack = named_pack
    for spelling in SPELLINGS[category]:
        for passage in pack.passages:
            pack_services.pack_passage_accept(
                actor=personas.supervisor,
                pack=pack,
                key=passage["key"],
                text=f"C1 withdrew support. {spelling}",
            )
        with pytest.raises(DomainError) as refused:
            pack_services.pack_release(actor=personas.supervisor, pack=pack)
        assert category in str(refused.value), spelling
        pack.refresh_from_db()
        assert pack.status == PackStatus.DRAFT
