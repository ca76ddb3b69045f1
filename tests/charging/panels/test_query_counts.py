"""The panel's lists cost the same number of queries however many packs or
meetings they show: counted at one pack and at four."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from charging.panels import finding_services, pack_services, services
from charging.panels.models import Criterion, Panel, PanelMeeting
from charging.police_nfa.models import HomeOfficeOutcome
from rasso.accounts.models import User
from tests.cases.test_api import Api
from tests.charging.panels.conftest import police_nfa
from tests.charging.panels.test_pages import seated
from tests.conftest import Personas
from tests.support import client_for, queries_for

pytestmark = pytest.mark.django_db


def _meeting_of(personas: Personas, panel: Panel, chair: User, size: int) -> PanelMeeting:
    for _ in range(size):
        police_nfa(personas, HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT)
    meeting = services.meeting_create(
        actor=personas.cps_spoc, panel=panel, held_on=timezone.localdate() + timedelta(days=size)
    )
    today = timezone.localdate()
    services.sample_draw(
        actor=personas.cps_spoc, meeting=meeting, date_from=today, date_to=today, size=size
    )
    for pack in meeting.packs.all():
        pack = pack_services.pack_prepare(actor=personas.supervisor, pack=pack)
        for passage in pack.passages:
            pack_services.pack_passage_accept(
                actor=personas.supervisor, pack=pack, key=passage["key"], text=passage["proposed"]
            )
        pack = pack_services.pack_release(actor=personas.supervisor, pack=pack)
        finding_services.finding_record(
            actor=chair,
            pack=pack,
            reasonable="yes",
            scores=dict.fromkeys(Criterion.values, 3),
            learning_points="Earlier advice.",
        )
    return meeting


def test_meeting_panel_and_api_lists_are_flat(
    personas: Personas, panel: Panel, django_assert_max_num_queries: Any
) -> None:
    chair = seated(personas, panel)
    one = _meeting_of(personas, panel, chair, 1)
    four = _meeting_of(personas, panel, chair, 4)
    client, api = client_for(chair), Api(chair)

    counts = {}
    for name, meeting in (("one", one), ("four", four)):
        url = reverse("panels:meeting", args=[panel.pk, meeting.pk])
        counts[name] = queries_for(client, url, django_assert_max_num_queries, 18)
    learning = queries_for(
        client, reverse("panels:learning", args=[panel.pk]), django_assert_max_num_queries, 14
    )
    prepare = queries_for(
        client_for(personas.supervisor),
        reverse("panels:packs-to-prepare"),
        django_assert_max_num_queries,
        10,
    )

    assert counts["one"] == counts["four"]
    assert learning and prepare
    with django_assert_max_num_queries(12):
        listed = api.get("/api/v1/review-packs/")
    assert listed.json()["count"] == 5
