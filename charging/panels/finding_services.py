"""Members' views and the panel's findings, and the feedback they send.

A finding of a released pack says whether the decision was reasonable, scores
it 1 to 5 against each criterion, names themes from the fixed list, and
records good practice, learning points and a recommendation. Feedback tells
the decision-maker and their supervisor or CPS SPOC, with no identity in the
words; a referral opens a deadline of 20 working days for the force's police
supervisors or the Area's CPS SPOCs to respond in writing. A panel never
reopens a case.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import services as case_services
from cases.workdays import add_working_days
from charging.panels import rules
from charging.panels.models import (
    Criterion,
    DecisionKind,
    Finding,
    MemberView,
    Reasonable,
    Recommendation,
    ReviewPack,
    Theme,
)
from charging.panels.redaction import identifiers_in
from rasso.accounts.models import Membership, Role, User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse
from rasso.notifications.models import NotificationKind
from rasso.notifications.services import notifications_send

REFERRAL_DEADLINE = "panel_referral_response"
REFERRAL_WORKING_DAYS = 20


def _locked(pack: ReviewPack) -> ReviewPack:
    return (
        ReviewPack.objects.select_for_update(of=("self",))
        .select_related("meeting__panel", "case")
        .get(pk=pack.pk)
    )


@transaction.atomic
def member_view_record(*, actor: User, pack: ReviewPack, view: str) -> MemberView:
    pack = _locked(pack)
    refuse(rules.member_view_refusal(actor, pack))
    view = view.strip()
    if not view:
        raise DomainError("Write your view", problems={"view": "Write your view"})
    member = rules.seat_of(actor, pack.meeting.panel)
    recorded, _ = MemberView.objects.update_or_create(
        pack=pack, member=member, defaults={"view": view}
    )
    audit_record(actor=actor, action="panel.view_recorded", obj=pack)
    return recorded


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, str] = {}
    if data.get("reasonable") not in Reasonable.values:
        problems["reasonable"] = "Say whether the decision was reasonable"
    scores = data.get("scores") or {}
    if set(scores) != set(Criterion.values) or not all(
        isinstance(v, int) and 1 <= v <= 5 for v in scores.values()
    ):
        problems["scores"] = "Score every criterion from 1 to 5"
    themes = list(data.get("themes") or [])
    if any(theme not in Theme.values for theme in themes):
        problems["themes"] = "Choose themes from the list"
    if data.get("recommendation", Recommendation.NONE) not in Recommendation.values:
        problems["recommendation"] = "Choose a recommendation"
    if problems:
        raise DomainError(next(iter(problems.values())), problems=problems)
    return {
        "reasonable": data["reasonable"],
        "scores": dict(sorted(scores.items())),
        "themes": sorted(set(themes)),
        "good_practice": str(data.get("good_practice", "")).strip(),
        "learning_points": str(data.get("learning_points", "")).strip(),
        "recommendation": data.get("recommendation", Recommendation.NONE),
    }


def _answerable(pack: ReviewPack) -> tuple[list[User], Any]:
    """Who answers for the decision: the force's police supervisors for a
    police NFA, the Area's CPS SPOCs for a CPS decision; and the organisation."""
    case = pack.case
    roles: tuple[str, ...]
    if pack.decision_kind == DecisionKind.POLICE_NFA:
        organisation, roles = case.force, (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
    else:
        organisation, roles = case.cps_area, (Role.CPS_SPOC,)
    users = [
        m.user
        for m in Membership.objects.filter(organisation=organisation, role__in=roles)
        .select_related("user")
        .order_by("user_id")
        if m.user.is_active
    ]
    return users, organisation


def _decision_makers(pack: ReviewPack) -> list[User]:
    case = pack.case
    if pack.decision_kind == DecisionKind.POLICE_NFA:
        return [case.oic]
    return [case.prosecutor] if case.prosecutor is not None else []


@transaction.atomic
def finding_record(*, actor: User, pack: ReviewPack, **data: Any) -> Finding:
    """The chair records the panel's finding, once: feedback is told, a
    referral owes a response."""
    pack = _locked(pack)
    refuse(rules.finding_refusal(actor, pack))
    fields = _checked(data)
    try:
        with transaction.atomic():
            finding = Finding.objects.create(pack=pack, recorded_by=actor, **fields)
    except IntegrityError as error:  # a double click
        raise DomainError("The panel's finding on this pack is recorded already") from error
    answerable, organisation = _answerable(pack)
    meeting = pack.meeting
    if finding.recommendation != Recommendation.NONE:
        # Fixed words: no name, no URN, nothing of the case's free text.
        notifications_send(
            recipients={u.pk: u for u in [*_decision_makers(pack), *answerable]}.values(),
            kind=NotificationKind.PANEL_FEEDBACK,
            text=f"{meeting.panel} has given feedback on a decision it reviewed "
            f"at its meeting of {meeting.held_on:%d %B %Y}.",
        )
    if finding.recommendation == Recommendation.REFER:
        finding.response_deadline = case_services.deadline_open(
            case=pack.case,
            kind=REFERRAL_DEADLINE,
            description="Respond to a scrutiny panel's referral of practice",
            due_on=add_working_days(timezone.localdate(), REFERRAL_WORKING_DAYS),
            owner_organisation=organisation,
            source=f"charging.finding:{finding.pk}",
            # The case's timeline names no panel member: the audit has the chair.
            actor=None,
        )
        finding.save(update_fields=["response_deadline"])
    audit_record(
        actor=actor,
        action="panel.finding_recorded",
        obj=finding,
        detail={"pack": pack.pk, "recommendation": finding.recommendation},
    )
    return finding


def response_refusal(user: User, finding: Finding) -> str | None:
    if finding.recommendation != Recommendation.REFER:
        return "Only a referral is answered"
    if finding.responded_at is not None:
        return "The referral has been answered"
    answerable, _ = _answerable(finding.pack)
    if user.pk not in {u.pk for u in answerable}:
        return "Only those who answer for the decision respond to the referral"
    return None


@transaction.atomic
def finding_respond(*, actor: User, finding: Finding, response: str) -> Finding:
    """The written response to a referral, for the panel's next meeting."""
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("pack__case", "pack__meeting__panel", "response_deadline")
        .get(pk=finding.pk)
    )
    refuse(response_refusal(actor, finding))
    response = response.strip()
    if not response:
        raise DomainError("Write the response", problems={"response": "Write the response"})
    if found := identifiers_in(response, [finding.pack.case_id]):
        message = f"The response holds {found[0]}: the panel reads it, so use roles and pseudonyms"
        raise DomainError(message, problems={"response": message})
    finding.response = response
    finding.responded_by = actor
    finding.responded_at = timezone.now()
    finding.save(update_fields=["response", "responded_by", "responded_at"])
    if finding.response_deadline is not None:
        case_services.deadline_meet(deadline=finding.response_deadline, actor=actor)
    audit_record(actor=actor, action="panel.referral_answered", obj=finding)
    return finding
