"""A meeting's cases added by hand, with the reason, and the meeting held.

The chair or the Area's CPS SPOC adds a decision that the draw could have
drawn (a police NFA of the panel's forces, say), saying why; a case still open
is refused. The meeting is recorded as held on or after its date, with its
minutes; held, it takes no more cases.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from charging.panels import services
from charging.panels.models import MeetingStatus, PanelMeeting
from charging.police_nfa.models import HomeOfficeOutcome
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.cases.factories import complete_case
from tests.charging.panels.conftest import police_nfa
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_a_case_added_by_hand_keeps_its_reason_and_is_audited(
    personas: Personas, meeting: PanelMeeting
) -> None:
    case = police_nfa(personas, HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT)

    pack = services.pack_add(
        actor=personas.cps_spoc, meeting=meeting, case=case, reason="  Raised by the ISVA.  "
    )

    assert (pack.number, pack.added_reason, pack.stratum) == (1, "Raised by the ISVA.", "police:16")
    assert AuditEvent.objects.filter(action="panel.case_added", object_id=str(meeting.pk)).exists()


def test_adding_by_hand_is_refused_without_a_reason_or_for_an_open_case(
    personas: Personas, meeting: PanelMeeting
) -> None:
    decided = police_nfa(personas, HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT)
    still_open = complete_case(personas.officer)

    with pytest.raises(DomainError, match="Say why"):
        services.pack_add(actor=personas.cps_spoc, meeting=meeting, case=decided, reason=" ")
    with pytest.raises(DomainError, match="cannot be reviewed"):
        services.pack_add(actor=personas.cps_spoc, meeting=meeting, case=still_open, reason="x")
    with pytest.raises(Forbidden):
        services.pack_add(actor=personas.officer, meeting=meeting, case=decided, reason="x")
    services.pack_add(actor=personas.cps_spoc, meeting=meeting, case=decided, reason="Raised")
    with pytest.raises(DomainError, match="cannot be reviewed"):
        services.pack_add(actor=personas.cps_spoc, meeting=meeting, case=decided, reason="Again")
    assert meeting.packs.count() == 1


def test_a_meeting_is_held_on_or_after_its_date_and_then_takes_no_cases(
    personas: Personas, meeting: PanelMeeting
) -> None:
    case = police_nfa(personas, HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT)
    with pytest.raises(Forbidden, match="on or after its date"):
        services.meeting_hold(
            actor=personas.cps_spoc, meeting=meeting, minutes="Met.", key_messages=""
        )
    PanelMeeting.objects.filter(pk=meeting.pk).update(held_on=timezone.localdate())
    with pytest.raises(DomainError, match="Write the minutes"):
        services.meeting_hold(
            actor=personas.cps_spoc, meeting=meeting, minutes=" ", key_messages=""
        )

    services.pack_add(actor=personas.cps_spoc, meeting=meeting, case=case, reason="Raised")
    with pytest.raises(DomainError, match="Key messages hold a suspect's name"):
        services.meeting_hold(
            actor=personas.cps_spoc,
            meeting=meeting,
            minutes="Read.",
            key_messages="John Suspectson was not interviewed.",
        )
    held = services.meeting_hold(
        actor=personas.cps_spoc, meeting=meeting, minutes="Five packs read.", key_messages="Early"
    )

    assert (held.status, held.minutes, held.key_messages) == (
        MeetingStatus.HELD,
        "Five packs read.",
        "Early",
    )
    with pytest.raises(Forbidden, match="held"):
        services.pack_add(actor=personas.cps_spoc, meeting=held, case=case, reason="Late")


def test_the_areas_spoc_sets_up_the_panel_and_changes_its_details(personas: Personas) -> None:
    from charging.panels.models import Panel, Standing
    from rasso.accounts.models import Organisation
    from tests.conftest import org

    organisation = Organisation.objects.get(name="South East Scrutiny Panel")
    organisation.cps_areas.add(org("South East"))
    with pytest.raises(Forbidden, match="CPS SPOC"):
        services.panel_setup(
            actor=personas.prosecutor, organisation=organisation, forces=[org("Kent")]
        )
    with pytest.raises(DomainError, match="forces of the panel's CPS Area"):
        services.panel_setup(
            actor=personas.cps_spoc, organisation=organisation, forces=[org("Durham")]
        )
    assert not Panel.objects.exists()

    panel = services.panel_setup(
        actor=personas.cps_spoc,
        organisation=organisation,
        forces=[org("Kent")],
        terms_of_reference="  Reviews NFAs.  ",
    )
    with pytest.raises(Forbidden, match="set up already"):
        services.panel_setup(actor=personas.cps_spoc, organisation=organisation, forces=[])
    with pytest.raises(DomainError, match="one of the panel's members"):
        services.panel_update(
            actor=personas.cps_spoc,
            panel=panel,
            forces=[org("Kent")],
            terms_of_reference="",
            chair=personas.panel_member,
        )
    services.panel_member_add(
        actor=personas.cps_spoc, panel=panel, user=personas.panel_member, standing=Standing.POLICE
    )
    services.panel_update(
        actor=personas.cps_spoc,
        panel=panel,
        forces=[org("Kent"), org("Surrey")],
        terms_of_reference="Reviews NFAs and charges.",
        chair=personas.panel_member,
    )

    panel.refresh_from_db()
    assert (panel.cps_area, panel.chair) == (org("South East"), personas.panel_member)
    assert set(panel.forces.all()) == {org("Kent"), org("Surrey")}
    assert panel.terms_of_reference == "Reviews NFAs and charges."
    assert AuditEvent.objects.filter(action="panel.updated", detail__chair="M1").exists()
