"""Every change to early advice: one transaction each, with the case timeline
and the audit log, and the prosecutor's 21-day deadline through ``cases``.

Each service takes the acting user, checks who they are to the case and that
the request's status allows the move (``EARLY_ADVICE_TRANSITIONS``), and
raises ``rasso.core.errors.DomainError`` with a clear message otherwise. Moves lock
the request's row first, so two people acting at once are put in order and
the second is told what the first did."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from cases import rules as case_rules
from cases.deadlines import DeadlineKind, due_date, timing
from cases.models import CaseFile
from cases.services import case_refer_to_cps, deadline_cancel, deadline_meet, deadline_open
from charging.casework import case_read, record_event, refuse
from charging.early_advice import rules
from charging.early_advice.models import (
    ADVICE_LABELS,
    EARLY_ADVICE_QUESTIONS,
    EarlyAdvice,
    EarlyAdviceRequest,
    EarlyAdviceStatus,
)
from charging.standing import standing
from rasso.accounts.models import Role, User
from rasso.core.errors import DomainError


def _advice_locked(request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    return EarlyAdviceRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def early_advice_request(
    *,
    actor: User,
    case: CaseFile,
    follows: EarlyAdviceRequest | None = None,
    **questions: str,
) -> EarlyAdviceRequest:
    """An investigator working on the case asks CPS for early advice, at any
    stage before a charging decision, with at least one question. The case is
    referred to its CPS Area, whose SPOC will allocate the request. A
    follow-up names the earlier request whose advice it follows up."""
    case = case_read(case.pk)
    st = standing(actor, case)
    if follows is None:
        refuse(rules.advice_request_refusal(st, case))
    else:
        refuse(rules.advice_follow_up_refusal(st, follows, case))
    unknown = set(questions) - set(EARLY_ADVICE_QUESTIONS)
    if unknown:
        raise DomainError(f"Unknown questions: {', '.join(sorted(unknown))}")
    asked = {name: (questions.get(name) or "").strip() for name in EARLY_ADVICE_QUESTIONS}
    if not any(asked.values()):
        raise DomainError("Ask at least one question")
    request = EarlyAdviceRequest.objects.create(
        case=case, follows=follows, requested_by=actor, **asked
    )
    case_refer_to_cps(case=case, actor=actor)
    what = f"Follow-up early advice requested (after request {follows.pk})" if follows else None
    record_event(
        case,
        actor,
        request,
        "early_advice_requested",
        what or "Early advice requested from CPS",
        request=request.pk,
        follows=follows.pk if follows else None,
    )
    return request


def _revoke_if_unneeded(request: EarlyAdviceRequest, prosecutor: User, case: CaseFile) -> None:
    """A prosecutor taken off a request keeps the case only if something else
    gives it to them: need to know."""
    still_needed = (
        case.prosecutor_id == prosecutor.pk
        or EarlyAdviceRequest.objects.filter(case=case, prosecutor=prosecutor)
        .exclude(pk=request.pk)
        .exists()
    )
    if not still_needed:
        remove_perm("cases.view_casefile", prosecutor, case)


@transaction.atomic
def early_advice_allocate(
    *, actor: User, request: EarlyAdviceRequest, prosecutor: User
) -> EarlyAdviceRequest:
    """A CPS SPOC of the case's Area allocates (or re-allocates) the request to
    a prosecutor of the Area. The prosecutor is granted the case (to read the
    file) and owes the advice within 21 days of the request."""
    request = _advice_locked(request)
    case = case_read(request.case_id)
    refuse(rules.advice_allocate_refusal(standing(actor, case), request))
    request.status = EarlyAdviceStatus.ALLOCATED
    if not case_rules.has_role(prosecutor, Role.PROSECUTOR, case.cps_area_id):
        raise DomainError(f"Choose a prosecutor of CPS {case.cps_area.name}")
    previous: User | None = request.prosecutor
    if previous is not None and previous.pk == prosecutor.pk:
        return request
    due_on = due_date(
        DeadlineKind.EARLY_ADVICE, timezone.localdate(request.requested_at), case.cps_area_id
    )
    if request.deadline is not None:
        deadline_cancel(deadline=request.deadline, actor=actor, reason="re-allocated")
    request.deadline = deadline_open(
        case=case,
        kind=DeadlineKind.EARLY_ADVICE,
        description=timing(DeadlineKind.EARLY_ADVICE).description,
        due_on=due_on,
        owner=prosecutor,
        owner_organisation=case.cps_area,
        source=f"charging.earlyadvicerequest:{request.pk}",
        actor=actor,
    )
    request.prosecutor = prosecutor
    request.allocated_at = timezone.now()
    request.save(update_fields=["status", "prosecutor", "allocated_at", "deadline"])
    assign_perm("cases.view_casefile", prosecutor, case)
    if previous is not None:
        _revoke_if_unneeded(request, previous, case)
    record_event(
        case,
        actor,
        request,
        "early_advice_allocated",
        f"Early advice allocated to prosecutor {prosecutor.full_name}",
        request=request.pk,
        prosecutor=prosecutor.pk,
        previous=previous.pk if previous else None,
    )
    return request


ADVICE_FIELDS = tuple(ADVICE_LABELS)


@transaction.atomic
def early_advice_give(*, actor: User, request: EarlyAdviceRequest, **advice: str) -> EarlyAdvice:
    """The prosecutor allocated the request gives structured advice, every
    part of it (the National Operating Model wants third-party material decided
    at the outset). The advice is final: a later question is a new request."""
    request = _advice_locked(request)
    case = case_read(request.case_id)
    refuse(rules.advice_give_refusal(standing(actor, case), request))
    request.status = EarlyAdviceStatus.ADVISED
    unknown = set(advice) - set(ADVICE_FIELDS)
    if unknown:
        raise DomainError(f"Unknown parts of the advice: {', '.join(sorted(unknown))}")
    given = {name: (advice.get(name) or "").strip() for name in ADVICE_FIELDS}
    missing = [ADVICE_LABELS[name].lower() for name in ADVICE_FIELDS if not given[name]]
    if missing:
        raise DomainError("Give the advice in full. Missing: " + "; ".join(missing))
    result = EarlyAdvice.objects.create(request=request, given_by=actor, **given)
    request.save(update_fields=["status"])
    if request.deadline is not None:
        deadline_meet(deadline=request.deadline, actor=actor)
    record_event(
        case, actor, request, "early_advice_given", "Early advice given", request=request.pk
    )
    return result


@transaction.atomic
def early_advice_acknowledge(*, actor: User, request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    """An officer working on the case acknowledges the advice."""
    request = _advice_locked(request)
    case = case_read(request.case_id)
    refuse(rules.advice_acknowledge_refusal(standing(actor, case), request))
    request.status = EarlyAdviceStatus.ACKNOWLEDGED
    request.acknowledged_by = actor
    request.acknowledged_at = timezone.now()
    request.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    record_event(
        case,
        actor,
        request,
        "early_advice_acknowledged",
        "Early advice acknowledged",
        request=request.pk,
    )
    return request


@transaction.atomic
def early_advice_withdraw(*, actor: User, request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    """An officer working on the case withdraws the request before the advice
    is given; the prosecutor no longer owes it."""
    request = _advice_locked(request)
    case = case_read(request.case_id)
    refuse(rules.advice_withdraw_refusal(standing(actor, case), request))
    request.status = EarlyAdviceStatus.WITHDRAWN
    request.withdrawn_by = actor
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    if request.deadline is not None:
        deadline_cancel(deadline=request.deadline, actor=actor, reason="request withdrawn")
    record_event(
        case,
        actor,
        request,
        "early_advice_withdrawn",
        "Early advice request withdrawn",
        request=request.pk,
    )
    return request
