"""Every change to an action plan: drafted, its items added and changed, issued
(the case moves to ``action_plan`` and the OIC owes the answers), answered
item by item, withdrawn. One transaction each, with the case timeline and the
audit log; the plan's row is locked for every move.

Also the file checklist's item for a case sent back with a plan (registered
in ``ChargingConfig.ready``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    CaseFile,
    CaseStatus,
    Deadline,
    Document,
    DocumentKind,
)
from cases.services import (
    case_set_status,
    deadline_cancel,
    deadline_meet,
    deadline_open,
    document_of_case,
    document_upload,
)
from charging.action_plans import rules
from charging.action_plans.models import (
    ACTION_PLAN_DEADLINE,
    ACTION_PLAN_OPEN,
    ActionPlan,
    ActionPlanItem,
    ActionPlanItemStatus,
    ActionPlanStatus,
)
from charging.casework import case_locked, case_read, record_event, refuse
from charging.standing import standing
from rasso.accounts.models import (
    User,
)
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, Forbidden


def _plan_locked(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().get(pk=plan.pk)


def _item_fields(what: str, why: str, evidential_issue: str) -> dict[str, str]:
    fields = {
        "what": what.strip(),
        "why": why.strip(),
        "evidential_issue": evidential_issue.strip()[:200],
    }
    if not all(fields.values()):
        raise DomainError("Say what is needed, why, and which evidential issue it addresses")
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
    in_hand = ActionPlan.objects.filter(case=case, status__in=ACTION_PLAN_OPEN)
    refuse(rules.plan_draft_refusal(standing(actor, case), case, plan_in_hand=in_hand.exists))
    if required_by <= timezone.localdate():
        raise DomainError("The required-by date must be in the future")
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
    refuse(rules.plan_edit_refusal(standing(actor, case), plan))
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
    plan = _plan_locked(plan)
    case = case_read(plan.case_id)
    count = plan.items.count()
    refuse(rules.plan_issue_refusal(standing(actor, case), plan, items=count))
    plan.status = ActionPlanStatus.ISSUED
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
    document_id: int | None = None
    # A new document uploaded with the answer (``action_plan_answer``): the
    # file, its name and its kind.
    upload: IO[bytes] | None = None
    upload_name: str = ""
    upload_kind: str = ""


def _answer_problem(number: int, given: ItemAnswer) -> str | None:
    """What is wrong with one answer as given, or None."""
    if given.status not in (ActionPlanItemStatus.DONE, ActionPlanItemStatus.NOT_POSSIBLE):
        return f"Item {number}: say whether it is done or not possible"
    if not given.answer.strip():
        return (
            f"Item {number}: say what was done"
            if given.status == ActionPlanItemStatus.DONE
            else f"Item {number}: explain why it is not possible"
        )
    return None


def action_plan_answer(
    *, actor: User, plan: ActionPlan, answers: Sequence[ItemAnswer]
) -> ActionPlan:
    """``action_plan_respond`` with documents uploaded in place: each answer
    may bring a new file, stored through ``cases.services.document_upload``
    (typed, scanned) and pointed at by the answer. Everything about the
    answers is checked before any file is read, so bad input changes
    nothing. Each file is then stored in its own transaction (the upload
    must be the outermost one, to clean up its file on a rollback), and the
    answers saved in one more; were that refused (the plan withdrawn or
    completed in between) the documents stay on the case, where they belong
    anyway. A file already on the case with the same bytes and kind (a
    double click) is pointed at rather than stored again."""
    fresh = ActionPlan.objects.get(pk=plan.pk)
    case = case_read(fresh.case_id)
    refuse(rules.plan_answer_refusal(standing(actor, case), fresh))
    numbers = dict(fresh.items.values_list("pk", "number"))
    for given in answers:
        if given.item_id not in numbers:
            raise DomainError("Answer only the items of this plan")
        number = numbers[given.item_id]
        if problem := _answer_problem(number, given):
            raise DomainError(problem)
        if given.upload is not None and given.upload_kind not in DocumentKind.values:
            raise DomainError(f"Item {number}: choose what kind of document this is")
        document_of_case(case, given.document_id, field="answers", what=f"Item {number}: ")
    resolved = [
        given
        if given.upload is None
        else replace(
            given,
            upload=None,
            document_id=_document_for(actor, case, given, numbers[given.item_id]).pk,
        )
        for given in answers
    ]
    return action_plan_respond(actor=actor, plan=plan, answers=resolved)


def _document_for(actor: User, case: CaseFile, given: ItemAnswer, number: int) -> Document:
    """The document of ``case`` holding ``given``'s upload: the one already
    there with the same bytes and kind, else a new one."""
    upload = given.upload
    if upload is None:
        raise DomainError(f"Item {number}: select a file")
    digest = hashlib.sha256(upload.read(settings.DOCUMENT_MAX_BYTES + 1)).hexdigest()
    upload.seek(0)
    same = Document.objects.filter(case=case, sha256=digest, kind=given.upload_kind).first()
    if same is not None:
        return same
    try:
        document = document_upload(
            actor=actor,
            case=case,
            kind=given.upload_kind,
            upload=upload,
            name=given.upload_name,
            title=f"Answer to action plan item {number}",
        )
    except Forbidden:
        raise
    except DomainError as error:
        text = str(error)
        raise DomainError(f"Item {number}: {text[:1].lower()}{text[1:]}") from None
    return document


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
    refuse(rules.plan_answer_refusal(standing(actor, case), plan))
    if not answers:
        raise DomainError("Answer at least one item")
    items = {item.pk: item for item in plan.items.select_for_update()}
    now = timezone.now()
    changed: list[ActionPlanItem] = []
    for given in answers:
        item = items.get(given.item_id)
        if item is None:
            raise DomainError("Answer only the items of this plan")
        if problem := _answer_problem(item.number, given):
            raise DomainError(problem)
        text = given.answer.strip()
        document = document_of_case(
            case, given.document_id, field="answers", what=f"Item {item.number}: "
        )
        item.status = given.status
        item.answer = text
        item.document = document
        item.answered_by = actor
        item.answered_at = now
        changed.append(item)
    ActionPlanItem.objects.bulk_update(
        changed, ["status", "answer", "document", "answered_by", "answered_at"]
    )
    complete = all(item.answered for item in items.values())
    if complete:
        plan.status = ActionPlanStatus.COMPLETED
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
    refuse(rules.plan_withdraw_refusal(standing(actor, case), plan))
    was_issued = plan.status == ActionPlanStatus.ISSUED
    plan.status = ActionPlanStatus.WITHDRAWN
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
    return [
        ChecklistItem(
            "Every item of the action plan answered",
            not unanswered,
            "Answer every item of the action plan",
            reverse("charging:case-action-plans", args=[case.pk]),
        )
    ]
