"""Every change to early advice and file-quality queries: one transaction each,
with the case timeline and the audit log, and deadlines through ``cases``.

Each service takes the acting user, checks who they are to the case
(``charging.rules``) and that the object's status allows the move
(``EARLY_ADVICE_TRANSITIONS`` / ``QUERY_TRANSITIONS``), and raises
``cases.services.CaseError`` with a clear message otherwise. Transitions lock
the object's row first, so two people acting at once are put in order and the
second is told what the first did.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from cases import rules as case_rules
from cases.deadlines import DeadlineKind, due_date, timing
from cases.models import CaseFile, Document
from cases.services import (
    CaseError,
    case_event_record,
    case_refer_to_cps,
    deadline_cancel,
    deadline_meet,
    deadline_open,
)
from charging import rules
from charging.models import (
    ADVICE_LABELS,
    EARLY_ADVICE_QUESTIONS,
    EarlyAdvice,
    EarlyAdviceRequest,
    EarlyAdviceStatus,
    FileQualityQuery,
    QueryCategory,
    QueryStatus,
)
from rasso.accounts.models import Role, User
from rasso.audit.services import audit_record


def _record(
    case: CaseFile, actor: User, obj: Any, kind: str, description: str, **detail: Any
) -> None:
    case_event_record(case=case, actor=actor, kind=kind, description=description)
    audit_record(
        actor=actor, action=f"charging.{kind}", obj=obj, detail={"case": case.pk, **detail}
    )


def _case(case_id: int) -> CaseFile:
    return CaseFile.objects.select_related("force", "cps_area", "oic").get(pk=case_id)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def _advice_locked(request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    return EarlyAdviceRequest.objects.select_for_update().get(pk=request.pk)


def _query_locked(query: FileQualityQuery) -> FileQualityQuery:
    return FileQualityQuery.objects.select_for_update().get(pk=query.pk)


def _advice_move(request: EarlyAdviceRequest, status: str, doing: str) -> None:
    if not request.can_move_to(status):
        raise CaseError(
            f"This early-advice request is {_lower_first(request.get_status_display())}: "
            f"it cannot be {doing}"
        )
    request.status = status


def _query_move(query: FileQualityQuery, status: str, doing: str) -> None:
    if not query.can_move_to(status):
        raise CaseError(
            f"This query is {_lower_first(query.get_status_display())}: it cannot be {doing}"
        )
    query.status = status


# -- early advice ---------------------------------------------------------------


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
    case = _case(case.pk)
    st = rules.standing(actor, case)
    if not st.works_on_case:
        raise CaseError("Only an officer working on the case can ask for early advice")
    if not rules.may_request_advice(st, case):
        raise CaseError(
            f"Early advice is for a case before its charging decision; this case is "
            f"{_lower_first(case.get_status_display())}"
        )
    unknown = set(questions) - set(EARLY_ADVICE_QUESTIONS)
    if unknown:
        raise CaseError(f"Unknown questions: {', '.join(sorted(unknown))}")
    asked = {name: (questions.get(name) or "").strip() for name in EARLY_ADVICE_QUESTIONS}
    if not any(asked.values()):
        raise CaseError("Ask at least one question")
    if follows is not None:
        if follows.case_id != case.pk:
            raise CaseError("A follow-up must follow up advice on the same case")
        if follows.status not in (EarlyAdviceStatus.ADVISED, EarlyAdviceStatus.ACKNOWLEDGED):
            raise CaseError("Only advice that has been given can be followed up")
    request = EarlyAdviceRequest.objects.create(
        case=case, follows=follows, requested_by=actor, **asked
    )
    case_refer_to_cps(case=case, actor=actor)
    what = f"Follow-up early advice requested (after request {follows.pk})" if follows else None
    _record(
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
    gives it to them: need to know (DESIGN.md §3)."""
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
    case = _case(request.case_id)
    if not case_rules.has_role(actor, Role.CPS_SPOC, case.cps_area_id):
        raise CaseError("Only a CPS SPOC of the case's Area can allocate early advice")
    _advice_move(request, EarlyAdviceStatus.ALLOCATED, "allocated")
    if not case_rules.has_role(prosecutor, Role.PROSECUTOR, case.cps_area_id):
        raise CaseError(f"Choose a prosecutor of CPS {case.cps_area.name}")
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
    _record(
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
    case = _case(request.case_id)
    if request.prosecutor_id != actor.pk:
        raise CaseError("Only the prosecutor allocated this request can give the advice")
    _advice_move(request, EarlyAdviceStatus.ADVISED, "answered")
    unknown = set(advice) - set(ADVICE_FIELDS)
    if unknown:
        raise CaseError(f"Unknown parts of the advice: {', '.join(sorted(unknown))}")
    given = {name: (advice.get(name) or "").strip() for name in ADVICE_FIELDS}
    missing = [ADVICE_LABELS[name].lower() for name in ADVICE_FIELDS if not given[name]]
    if missing:
        raise CaseError("Give the advice in full. Missing: " + "; ".join(missing))
    result = EarlyAdvice.objects.create(request=request, given_by=actor, **given)
    request.save(update_fields=["status"])
    if request.deadline is not None:
        deadline_meet(deadline=request.deadline, actor=actor)
    _record(case, actor, request, "early_advice_given", "Early advice given", request=request.pk)
    return result


@transaction.atomic
def early_advice_acknowledge(*, actor: User, request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    """An officer working on the case acknowledges the advice."""
    request = _advice_locked(request)
    case = _case(request.case_id)
    if not case_rules.works_on_case(actor, case):
        raise CaseError("Only an officer working on the case can acknowledge the advice")
    _advice_move(request, EarlyAdviceStatus.ACKNOWLEDGED, "acknowledged")
    request.acknowledged_by = actor
    request.acknowledged_at = timezone.now()
    request.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    _record(
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
    case = _case(request.case_id)
    if not case_rules.works_on_case(actor, case):
        raise CaseError("Only an officer working on the case can withdraw the request")
    _advice_move(request, EarlyAdviceStatus.WITHDRAWN, "withdrawn")
    request.withdrawn_by = actor
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    if request.deadline is not None:
        deadline_cancel(deadline=request.deadline, actor=actor, reason="request withdrawn")
    _record(
        case,
        actor,
        request,
        "early_advice_withdrawn",
        "Early advice request withdrawn",
        request=request.pk,
    )
    return request


# -- file-quality queries ---------------------------------------------------------


@transaction.atomic
def query_raise(
    *, actor: User, case: CaseFile, category: str, description: str
) -> FileQualityQuery:
    """The case's allocated prosecutor raises a query about a defect in the
    file CPS holds. The force's SPOC owes the answer within 2 working days."""
    case = _case(case.pk)
    st = rules.standing(actor, case)
    if not st.case_prosecutor:
        raise CaseError("Only the prosecutor allocated the case can raise a file-quality query")
    if not rules.may_raise_query(st, case):
        raise CaseError(
            f"A file-quality query is about a file with CPS; this case is "
            f"{_lower_first(case.get_status_display())}"
        )
    if category not in QueryCategory.values:
        raise CaseError("Choose what kind of defect this is")
    description = description.strip()
    if not description:
        raise CaseError("Describe what is wrong with the file")
    query = FileQualityQuery.objects.create(
        case=case, category=category, description=description, raised_by=actor
    )
    query.deadline = deadline_open(
        case=case,
        kind=DeadlineKind.FILE_QUALITY_QUERY,
        description=timing(DeadlineKind.FILE_QUALITY_QUERY).description,
        due_on=due_date(DeadlineKind.FILE_QUALITY_QUERY, timezone.localdate(), case.cps_area_id),
        owner_organisation=case.force,
        source=f"charging.filequalityquery:{query.pk}",
        actor=actor,
    )
    query.save(update_fields=["deadline"])
    _record(
        case,
        actor,
        query,
        "query_raised",
        f"File-quality query raised: {QueryCategory(category).label}",
        query=query.pk,
    )
    return query


@transaction.atomic
def query_pass_to_oic(*, actor: User, query: FileQualityQuery) -> FileQualityQuery:
    """A police SPOC or supervisor of the force passes the query to the officer
    in the case, who then owes the answer by the same date."""
    query = _query_locked(query)
    case = _case(query.case_id)
    if not case_rules.is_police_supervisor_of(actor, case.force_id):
        raise CaseError("Only a SPOC or supervisor of the force can pass the query on")
    _query_move(query, QueryStatus.WITH_OIC, "passed to the officer in the case")
    previous = query.deadline
    if previous is not None:
        # cases has no service to change who owes a deadline: the force's
        # obligation closes and the officer's opens, due the same day.
        deadline_cancel(deadline=previous, actor=actor, reason="passed to the officer in the case")
        query.deadline = deadline_open(
            case=case,
            kind=DeadlineKind.FILE_QUALITY_QUERY,
            description=previous.description,
            due_on=previous.due_on,
            owner=case.oic,
            owner_organisation=case.force,
            source=previous.source,
            actor=actor,
        )
    query.passed_by = actor
    query.passed_at = timezone.now()
    query.save(update_fields=["status", "deadline", "passed_by", "passed_at"])
    _record(
        case,
        actor,
        query,
        "query_passed_to_oic",
        f"File-quality query passed to {case.oic.full_name}",
        query=query.pk,
    )
    return query


@transaction.atomic
def query_resolve(
    *, actor: User, query: FileQualityQuery, answer: str, document: Document | None = None
) -> FileQualityQuery:
    """The force's SPOC or supervisor (or the officer in the case, once it is
    passed to them) answers the query, optionally pointing at a document of
    the case. The deadline is met."""
    query = _query_locked(query)
    case = _case(query.case_id)
    st = rules.standing(actor, case)
    if not rules.may_resolve_query(st, query):
        if st.is_oic and query.status == QueryStatus.OPEN:
            raise CaseError(
                "This query is with the force's SPOC: it comes to you if they pass it on"
            )
        if st.force_supervisor or st.is_oic:
            _query_move(query, QueryStatus.RESOLVED, "resolved")  # says why not
        raise CaseError(
            "Only a SPOC or supervisor of the force, or the officer in the case once it is "
            "passed to them, can resolve the query"
        )
    _query_move(query, QueryStatus.RESOLVED, "resolved")
    answer = answer.strip()
    if not answer:
        raise CaseError("Give the answer to the query")
    if document is not None and document.case_id != case.pk:
        raise CaseError("Choose a document of this case")
    query.answer = answer
    query.document = document
    query.resolved_by = actor
    query.resolved_at = timezone.now()
    query.save(update_fields=["status", "answer", "document", "resolved_by", "resolved_at"])
    if query.deadline is not None:
        deadline_meet(deadline=query.deadline, actor=actor)
    _record(
        case,
        actor,
        query,
        "query_resolved",
        "File-quality query resolved",
        query=query.pk,
        document=document.pk if document else None,
    )
    return query


@transaction.atomic
def query_withdraw(*, actor: User, query: FileQualityQuery) -> FileQualityQuery:
    """The prosecutor who raised the query (or the case's prosecutor) withdraws
    it before it is resolved; nobody owes an answer any more."""
    query = _query_locked(query)
    case = _case(query.case_id)
    if query.raised_by_id != actor.pk and case.prosecutor_id != actor.pk:
        raise CaseError("Only the prosecutor who raised the query can withdraw it")
    _query_move(query, QueryStatus.WITHDRAWN, "withdrawn")
    query.withdrawn_by = actor
    query.withdrawn_at = timezone.now()
    query.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    if query.deadline is not None:
        deadline_cancel(deadline=query.deadline, actor=actor, reason="query withdrawn")
    _record(case, actor, query, "query_withdrawn", "File-quality query withdrawn", query=query.pk)
    return query
