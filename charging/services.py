"""Every change to early advice, file-quality queries, charging decisions,
action plans and police NFA proposals: one transaction each,
with the case timeline and the audit log, and deadlines through ``cases``.

Each service takes the acting user, checks who they are to the case
(``charging.rules``) and that the object's status allows the move
(``EARLY_ADVICE_TRANSITIONS`` / ``QUERY_TRANSITIONS``), and raises
``cases.services.CaseError`` with a clear message otherwise. Transitions lock
the object's row first, so two people acting at once are put in order and the
second is told what the first did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from cases import rules as case_rules
from cases.models import (
    CaseFile,
    CaseStatus,
    Deadline,
    Document,
)
from cases.services import (
    CaseError,
    case_refer_to_cps,
    case_set_status,
    deadline_cancel,
    deadline_meet,
    deadline_open,
)
from charging import rules
from charging.casework import case_locked, case_read, lower_first, record_event, tell_complainants
from charging.models import (
    ACTION_PLAN_DEADLINE,
    ACTION_PLAN_OPEN,
    ActionPlan,
    ActionPlanItem,
    ActionPlanItemStatus,
    ActionPlanStatus,
    Clinic,
    ClinicAction,
    ClinicAgendaItem,
    ClinicOutcome,
    ClinicStatus,
    HomeOfficeOutcome,
    PoliceNfaProposal,
    PoliceNfaStatus,
)
from charging.standing import is_deciding_prosecutor
from rasso.accounts.models import (
    CPS_ROLES,
    POLICE_ROLES,
    Membership,
    Organisation,
    Role,
    User,
)
from rasso.accounts.selectors import memberships_of
from rasso.audit.services import audit_record

# -- early advice ---------------------------------------------------------------


# -- file-quality queries ---------------------------------------------------------


# -- what decisions share ----------------------------------------------------------


# -- CPS charging decisions ---------------------------------------------------------


# -- action plans ---------------------------------------------------------------------


def _plan_locked(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().get(pk=plan.pk)


def _plan_move(plan: ActionPlan, status: str, doing: str) -> None:
    if not plan.can_move_to(status):
        raise CaseError(
            f"This action plan is {lower_first(plan.get_status_display())}: it cannot be {doing}"
        )
    plan.status = status


def _item_fields(what: str, why: str, evidential_issue: str) -> dict[str, str]:
    fields = {
        "what": what.strip(),
        "why": why.strip(),
        "evidential_issue": evidential_issue.strip()[:200],
    }
    if not all(fields.values()):
        raise CaseError("Say what is needed, why, and which evidential issue it addresses")
    return fields


@transaction.atomic
def action_plan_draft(
    *,
    actor: User,
    case: CaseFile,
    required_by: date,
    items: Sequence[dict[str, str]] = (),
) -> ActionPlan:
    """The case's allocated prosecutor starts an action plan on a case with
    CPS, with the date the police must answer by, and optionally its first
    items (``what``, ``why``, ``evidential_issue`` each). One plan at a time."""
    case = case_locked(case)
    if not is_deciding_prosecutor(actor, case):
        raise CaseError("Only the prosecutor allocated the case can draft an action plan")
    if case.status != CaseStatus.WITH_CPS:
        raise CaseError(
            f"An action plan is for a case with CPS; this case is "
            f"{lower_first(case.get_status_display())}"
        )
    if required_by <= timezone.localdate():
        raise CaseError("The required-by date must be in the future")
    if ActionPlan.objects.filter(case=case, status__in=ACTION_PLAN_OPEN).exists():
        raise CaseError("This case already has an action plan in hand")
    given = [
        _item_fields(i.get("what", ""), i.get("why", ""), i.get("evidential_issue", ""))
        for i in items
    ]
    plan = ActionPlan.objects.create(case=case, drafted_by=actor, required_by=required_by)
    ActionPlanItem.objects.bulk_create(
        ActionPlanItem(plan=plan, number=number, **fields)
        for number, fields in enumerate(given, start=1)
    )
    record_event(case, actor, plan, "action_plan_drafted", "Action plan drafted", plan=plan.pk)
    return plan


def _editable_plan(actor: User, plan: ActionPlan) -> tuple[ActionPlan, CaseFile]:
    plan = _plan_locked(plan)
    case = case_read(plan.case_id)
    if not is_deciding_prosecutor(actor, case):
        raise CaseError("Only the prosecutor allocated the case can change its action plan")
    if plan.status != ActionPlanStatus.DRAFT:
        raise CaseError(
            f"This action plan is {lower_first(plan.get_status_display())}: "
            "only a draft can be changed"
        )
    return plan, case


@transaction.atomic
def action_plan_item_add(
    *, actor: User, plan: ActionPlan, what: str, why: str, evidential_issue: str
) -> ActionPlanItem:
    """The prosecutor adds an item to a draft plan (numbered in order)."""
    plan, case = _editable_plan(actor, plan)
    fields = _item_fields(what, why, evidential_issue)
    number = (plan.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = ActionPlanItem.objects.create(plan=plan, number=number, **fields)
    audit_record(
        actor=actor,
        action="charging.action_plan_item_added",
        obj=item,
        detail={"case": case.pk, "plan": plan.pk},
    )
    return item


@transaction.atomic
def action_plan_item_update(
    *, actor: User, item: ActionPlanItem, what: str, why: str, evidential_issue: str
) -> ActionPlanItem:
    """The prosecutor changes an item of a draft plan."""
    plan, case = _editable_plan(actor, item.plan)
    item = ActionPlanItem.objects.select_for_update().get(pk=item.pk, plan=plan)
    fields = _item_fields(what, why, evidential_issue)
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, fields[name])
    item.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="charging.action_plan_item_changed",
        obj=item,
        detail={"case": case.pk, "plan": plan.pk, "fields": changed},
    )
    return item


@transaction.atomic
def action_plan_issue(*, actor: User, plan: ActionPlan) -> ActionPlan:
    """The prosecutor issues a draft plan with at least one item: the case
    moves to ``action_plan`` and the OIC owes the answers by the required-by
    date. The charging-decision deadline is left open: the resubmission
    after the plan starts it again."""
    plan, case = _editable_plan(actor, plan)
    _plan_move(plan, ActionPlanStatus.ISSUED, "issued")
    count = plan.items.count()
    if not count:
        raise CaseError("Add at least one item before issuing the plan")
    if plan.required_by <= timezone.localdate():
        raise CaseError("The required-by date has passed: draft a new plan with a future date")
    case = case_set_status(
        actor=actor,
        case=case,
        status=CaseStatus.ACTION_PLAN,
        description=f"Action plan issued: {count} item{'s' if count != 1 else ''}",
    )
    plan.deadline = deadline_open(
        case=case,
        kind=ACTION_PLAN_DEADLINE,
        description=f"Answer the action plan ({count} items)",
        due_on=plan.required_by,
        owner=case.oic,
        owner_organisation=case.force,
        source=f"charging.actionplan:{plan.pk}",
        actor=actor,
    )
    plan.issued_at = timezone.now()
    plan.save(update_fields=["status", "deadline", "issued_at"])
    audit_record(
        actor=actor,
        action="charging.action_plan_issued",
        obj=plan,
        detail={"case": case.pk, "items": count},
    )
    return plan


@dataclass(frozen=True)
class ItemAnswer:
    item_id: int
    status: str  # done or not_possible
    answer: str
    document: Document | None = None


@transaction.atomic
def action_plan_respond(
    *, actor: User, plan: ActionPlan, answers: Sequence[ItemAnswer]
) -> ActionPlan:
    """An officer working on the case answers items of an issued plan: done,
    or not possible with an explanation, optionally pointing at a document
    of the case. An answer may be changed until the plan is complete; once
    every item is answered the plan is completed, its deadline met, and the
    OIC can resubmit the file."""
    plan = _plan_locked(plan)
    case = case_read(plan.case_id)
    if not case_rules.works_on_case(actor, case):
        raise CaseError("Only an officer working on the case can answer its action plan")
    if plan.status not in (ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS):
        raise CaseError(
            f"This action plan is {lower_first(plan.get_status_display())}: it cannot be answered"
        )
    if not answers:
        raise CaseError("Answer at least one item")
    items = {item.pk: item for item in plan.items.select_for_update()}
    now = timezone.now()
    changed: list[ActionPlanItem] = []
    for given in answers:
        item = items.get(given.item_id)
        if item is None:
            raise CaseError("Answer only the items of this plan")
        if given.status not in (ActionPlanItemStatus.DONE, ActionPlanItemStatus.NOT_POSSIBLE):
            raise CaseError(f"Item {item.number}: say whether it is done or not possible")
        text = given.answer.strip()
        if not text:
            raise CaseError(
                f"Item {item.number}: say what was done"
                if given.status == ActionPlanItemStatus.DONE
                else f"Item {item.number}: explain why it is not possible"
            )
        if given.document is not None and given.document.case_id != case.pk:
            raise CaseError(f"Item {item.number}: choose a document of this case")
        item.status = given.status
        item.answer = text
        item.document = given.document
        item.answered_by = actor
        item.answered_at = now
        changed.append(item)
    ActionPlanItem.objects.bulk_update(
        changed, ["status", "answer", "document", "answered_by", "answered_at"]
    )
    complete = all(item.answered for item in items.values())
    if complete:
        _plan_move(plan, ActionPlanStatus.COMPLETED, "completed")
        plan.completed_at = now
        plan.save(update_fields=["status", "completed_at"])
        if plan.deadline_id is not None:
            deadline_meet(deadline=Deadline.objects.get(pk=plan.deadline_id), actor=actor)
        description = "Action plan answered in full: the file can be resubmitted"
    else:
        plan.status = ActionPlanStatus.IN_PROGRESS
        plan.save(update_fields=["status"])
        description = f"Action plan: {len(changed)} item{'s' if len(changed) != 1 else ''} answered"
    record_event(
        case,
        actor,
        plan,
        "action_plan_answered",
        description,
        plan=plan.pk,
        items=[item.number for item in changed],
        complete=complete,
    )
    return plan


@transaction.atomic
def action_plan_withdraw(*, actor: User, plan: ActionPlan) -> ActionPlan:
    """The prosecutor withdraws a draft or issued plan (not one the police
    have begun to answer): nobody owes it any more, and an issued plan's case
    returns to CPS for a decision."""
    plan = _plan_locked(plan)
    case = case_locked(CaseFile(pk=plan.case_id))
    if not is_deciding_prosecutor(actor, case):
        raise CaseError("Only the prosecutor allocated the case can withdraw its action plan")
    was_issued = plan.status == ActionPlanStatus.ISSUED
    _plan_move(plan, ActionPlanStatus.WITHDRAWN, "withdrawn")
    plan.withdrawn_by = actor
    plan.withdrawn_at = timezone.now()
    plan.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    if plan.deadline_id is not None:
        deadline_cancel(
            deadline=Deadline.objects.get(pk=plan.deadline_id), actor=actor, reason="plan withdrawn"
        )
    if was_issued and case.status == CaseStatus.ACTION_PLAN:
        case_set_status(
            actor=actor,
            case=case,
            status=CaseStatus.WITH_CPS,
            description="Action plan withdrawn: back with CPS for a decision",
        )
    record_event(case, actor, plan, "action_plan_withdrawn", "Action plan withdrawn", plan=plan.pk)
    return plan


# -- police NFA proposals ---------------------------------------------------------------


def _proposal_locked(proposal: PoliceNfaProposal) -> PoliceNfaProposal:
    return PoliceNfaProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def police_nfa_propose(
    *, actor: User, case: CaseFile, outcome_code: str, rationale: str
) -> PoliceNfaProposal:
    """An officer working on a case under investigation proposes to take no
    further action, with its Home Office outcome code and the rationale, for
    a police supervisor of the force to approve. The case does not move yet."""
    case = case_locked(case)
    if not case_rules.works_on_case(actor, case):
        raise CaseError("Only an officer working on the case can propose no further action")
    if case.status != CaseStatus.INVESTIGATION:
        raise CaseError(
            f"No further action is proposed on a case under investigation; this case is "
            f"{lower_first(case.get_status_display())}"
        )
    if outcome_code not in HomeOfficeOutcome.values:
        raise CaseError("Choose the Home Office outcome")
    rationale = rationale.strip()
    if not rationale:
        raise CaseError("Give the rationale for no further action")
    if PoliceNfaProposal.objects.filter(case=case, status=PoliceNfaStatus.PROPOSED).exists():
        raise CaseError("A proposal of no further action is already awaiting a supervisor")
    proposal = PoliceNfaProposal.objects.create(
        case=case, outcome_code=outcome_code, rationale=rationale, proposed_by=actor
    )
    record_event(
        case,
        actor,
        proposal,
        "police_nfa_proposed",
        f"No further action proposed (outcome {outcome_code})",
        proposal=proposal.pk,
    )
    return proposal


def _decidable(actor: User, proposal: PoliceNfaProposal) -> tuple[PoliceNfaProposal, CaseFile]:
    proposal = _proposal_locked(proposal)
    case = case_locked(CaseFile(pk=proposal.case_id))
    if not case_rules.has_role(actor, Role.POLICE_SUPERVISOR, case.force_id):
        raise CaseError("Only a police supervisor of the force can decide on the proposal")
    if proposal.status != PoliceNfaStatus.PROPOSED:
        raise CaseError(
            f"This proposal is {lower_first(proposal.get_status_display())}: "
            "it has already been decided"
        )
    if proposal.proposed_by_id == actor.pk:
        raise CaseError("Another supervisor must decide on a proposal you made")
    return proposal, case


@transaction.atomic
def police_nfa_approve(*, actor: User, proposal: PoliceNfaProposal) -> PoliceNfaProposal:
    """A police supervisor of the force approves the proposal: the case moves
    to police NFA and the OIC owes each complainant the news."""
    proposal, case = _decidable(actor, proposal)
    proposal.status = PoliceNfaStatus.APPROVED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    case = case_set_status(
        actor=actor,
        case=case,
        status=CaseStatus.POLICE_NFA,
        description=f"No further action approved (Home Office outcome {proposal.outcome_code})",
    )
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    tell_complainants(case, actor, "the decision to take no further action")
    audit_record(
        actor=actor,
        action="charging.police_nfa_approved",
        obj=proposal,
        detail={"case": case.pk, "outcome": proposal.outcome_code},
    )
    return proposal


@transaction.atomic
def police_nfa_send_back(
    *, actor: User, proposal: PoliceNfaProposal, reason: str
) -> PoliceNfaProposal:
    """A police supervisor of the force sends the proposal back with a
    reason; the investigation goes on."""
    proposal, case = _decidable(actor, proposal)
    reason = reason.strip()
    if not reason:
        raise CaseError("Say why the proposal is sent back")
    proposal.status = PoliceNfaStatus.SENT_BACK
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.send_back_reason = reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "send_back_reason"])
    record_event(
        case,
        actor,
        proposal,
        "police_nfa_sent_back",
        "Proposal of no further action sent back",
        proposal=proposal.pk,
    )
    return proposal


# -- RASSO clinics ------------------------------------------------------------------


def _clinic_locked(clinic: Clinic) -> Clinic:
    return Clinic.objects.select_for_update().get(pk=clinic.pk)


def _clinic_audit(actor: User, clinic: Clinic, kind: str, **detail: Any) -> None:
    audit_record(actor=actor, action=f"charging.{kind}", obj=clinic, detail=detail)


@transaction.atomic
def clinic_schedule(
    *,
    actor: User,
    cps_area: Organisation,
    held_on: date,
    forces: Sequence[Organisation],
    attendees: Sequence[User],
) -> Clinic:
    """A CPS SPOC of the Area schedules a clinic with forces of the Area and
    attendees from those forces and the Area."""
    if not rules.may_schedule_clinic(actor, cps_area.pk):
        raise CaseError("Only a CPS SPOC of the Area can schedule its RASSO clinic")
    if held_on < timezone.localdate():
        raise CaseError("A clinic cannot be scheduled in the past")
    if not forces:
        raise CaseError("Choose at least one force attending the clinic")
    force_ids = {force.pk for force in forces}
    partners = set(
        Organisation.objects.filter(pk__in=force_ids, cps_areas=cps_area).values_list(
            "pk", flat=True
        )
    )
    if partners != force_ids:
        raise CaseError(f"Only forces working with CPS {cps_area.name} can attend its clinic")
    user_ids = {user.pk for user in attendees}
    allowed = set(
        Membership.objects.filter(user_id__in=user_ids)
        .filter(
            Q(organisation_id__in=force_ids, role__in=POLICE_ROLES)
            | Q(organisation=cps_area, role__in=CPS_ROLES)
        )
        .values_list("user_id", flat=True)
    )
    if allowed != user_ids:
        raise CaseError("Attendees must be police of the attending forces or CPS of the Area")
    clinic = Clinic.objects.create(cps_area=cps_area, held_on=held_on, scheduled_by=actor)
    clinic.forces.set(force_ids)
    clinic.attendees.set(user_ids)
    _clinic_audit(actor, clinic, "clinic_scheduled", held_on=held_on.isoformat())
    return clinic


@transaction.atomic
def clinic_agenda_add(
    *, actor: User, clinic: Clinic, case: CaseFile, question: str
) -> ClinicAgendaItem:
    """Put a case the actor can see, of an attending force, on the agenda.
    From then on the Area's CPS SPOC sees the case (it is referred)."""
    clinic = _clinic_locked(clinic)
    if not rules.may_add_to_agenda(actor, clinic):
        if clinic.status != ClinicStatus.SCHEDULED:
            raise CaseError(
                f"This clinic is {lower_first(clinic.get_status_display())}: "
                "cases can no longer be added to its agenda"
            )
        raise CaseError("Only the attending forces and the Area's CPS can add to this agenda")
    if not CaseFile.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise CaseError("You can only add a case you work on")
    case = case_read(case.pk)
    if case.cps_area_id != clinic.cps_area_id or not clinic.forces.filter(pk=case.force_id):
        raise CaseError("The case must be of a force attending this clinic")
    question = question.strip()
    if not question:
        raise CaseError("Say what the clinic should discuss")
    if ClinicAgendaItem.objects.filter(clinic=clinic, case=case).exists():
        raise CaseError(f"{case.urn} is already on this clinic's agenda")
    item = ClinicAgendaItem.objects.create(
        clinic=clinic, case=case, question=question, added_by=actor
    )
    case_refer_to_cps(case=case, actor=actor)
    record_event(
        case,
        actor,
        item,
        "clinic_agenda_added",
        f"Added to the agenda of the RASSO clinic of {clinic.held_on:%-d %B %Y}",
        clinic=clinic.pk,
    )
    return item


def _clinic_move(actor: User, clinic: Clinic, status: str, doing: str) -> Clinic:
    clinic = _clinic_locked(clinic)
    if not rules.runs_clinic(actor, clinic):
        raise CaseError("Only a CPS SPOC of the Area can change its clinic")
    if not clinic.can_move_to(status):
        raise CaseError(
            f"This clinic is {lower_first(clinic.get_status_display())}: it cannot be {doing}"
        )
    clinic.status = status
    clinic.save(update_fields=["status"])
    _clinic_audit(actor, clinic, f"clinic_{status}")
    return clinic


@transaction.atomic
def clinic_hold(*, actor: User, clinic: Clinic) -> Clinic:
    """The CPS SPOC records that the clinic took place: minutes may follow."""
    if clinic.held_on > timezone.localdate():
        raise CaseError("A clinic cannot be held before its date")
    return _clinic_move(actor, clinic, ClinicStatus.HELD, "held")


@transaction.atomic
def clinic_cancel(*, actor: User, clinic: Clinic) -> Clinic:
    """Cancelling a clinic not yet held: its agenda stays, nothing else moves."""
    return _clinic_move(actor, clinic, ClinicStatus.CANCELLED, "cancelled")


@transaction.atomic
def clinic_outcome_record(
    *, actor: User, item: ClinicAgendaItem, outcome: str, minutes: str
) -> ClinicAgendaItem:
    """The CPS SPOC records what the clinic decided about one case; the case's
    timeline says so."""
    clinic = _clinic_locked(item.clinic)
    if not rules.runs_clinic(actor, clinic):
        raise CaseError("Only a CPS SPOC of the Area can record the clinic's minutes")
    if not rules.may_record_outcome(actor, clinic):
        raise CaseError(
            f"This clinic is {lower_first(clinic.get_status_display())}: "
            "outcomes are recorded once it has been held"
        )
    if outcome not in ClinicOutcome.values:
        raise CaseError("Choose the outcome of the discussion")
    minutes = minutes.strip()
    if not minutes:
        raise CaseError("Write the minutes of the discussion")
    item = ClinicAgendaItem.objects.select_for_update().get(pk=item.pk)
    item.outcome = outcome
    item.minutes = minutes
    item.recorded_by = actor
    item.recorded_at = timezone.now()
    item.save(update_fields=["outcome", "minutes", "recorded_by", "recorded_at"])
    record_event(
        case_read(item.case_id),
        actor,
        item,
        "clinic_discussed",
        f"Discussed at the RASSO clinic of {clinic.held_on:%-d %B %Y}: "
        f"{ClinicOutcome(outcome).label}",
        clinic=clinic.pk,
    )
    return item


@transaction.atomic
def clinic_action_add(
    *, actor: User, item: ClinicAgendaItem, description: str, owner: User, due_on: date
) -> ClinicAction:
    """An action agreed at the clinic: its owner, an attendee working for the
    case's force or Area, owes it by ``due_on``."""
    clinic = _clinic_locked(item.clinic)
    if not rules.runs_clinic(actor, clinic):
        raise CaseError("Only a CPS SPOC of the Area can record the clinic's actions")
    if not rules.may_record_outcome(actor, clinic):
        raise CaseError(
            f"This clinic is {lower_first(clinic.get_status_display())}: "
            "actions are recorded once it has been held"
        )
    description = description.strip()
    if not description:
        raise CaseError("Say what is to be done")
    if due_on < timezone.localdate():
        raise CaseError("An action cannot be due in the past")
    if not clinic.attendees.filter(pk=owner.pk).exists():
        raise CaseError("The owner of an action must attend the clinic")
    case = case_read(item.case_id)
    if case_rules.is_police_officer_of(owner, case.force_id):
        organisation = case.force
    elif any(
        m.role in CPS_ROLES and m.organisation_id == case.cps_area_id for m in memberships_of(owner)
    ):
        organisation = case.cps_area
    else:
        raise CaseError(f"The owner must work for {case.force.name} or CPS {case.cps_area.name}")
    action = ClinicAction(
        item=item, description=description, owner=owner, due_on=due_on, created_by=actor
    )
    action.deadline = deadline_open(
        case=case,
        kind="clinic_action",
        description=f"Clinic action: {description}",
        due_on=due_on,
        owner=owner,
        owner_organisation=organisation,
        source=f"charging.clinicagendaitem:{item.pk}",
        actor=actor,
    )
    action.save()
    _clinic_audit(actor, clinic, "clinic_action_added", item=item.pk, owner=owner.pk)
    return action


@transaction.atomic
def clinic_action_complete(*, actor: User, action: ClinicAction) -> ClinicAction:
    """The owner marks their action done: its deadline is met."""
    action = ClinicAction.objects.select_related("deadline").select_for_update().get(pk=action.pk)
    if action.owner_id != actor.pk:
        raise CaseError("Only the owner of an action can mark it done")
    if not rules.may_complete_action(actor, action):
        raise CaseError("This action is already closed")
    deadline_meet(deadline=action.deadline, actor=actor)
    audit_record(
        actor=actor,
        action="charging.clinic_action_completed",
        obj=action,
        detail={"case": action.deadline.case_id, "item": action.item_id},
    )
    return action


def action_plan_checklist(case: CaseFile) -> list[Any]:
    """The file checklist's item for a case sent back with an action plan:
    the police resubmit only once every item is answered (registered with
    cases.services.CHECKLIST_EXTENSIONS in ChargingConfig.ready)."""
    from cases.services import ChecklistItem

    if case.status != CaseStatus.ACTION_PLAN:
        return []
    unanswered = ActionPlan.objects.filter(
        case=case, status__in=[ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS]
    ).exists()
    return [ChecklistItem("Every item of the action plan answered", not unanswered)]
