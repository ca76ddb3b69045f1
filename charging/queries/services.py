"""Every change to a file-quality query: one transaction each, with the case
timeline and the audit log, and the force's (then the officer's) 2-working-day
deadline through ``cases``.

Each service takes the acting user, checks who they are to the case and that
the query's status allows the move (``QUERY_TRANSITIONS``), and raises
``rasso.core.errors.DomainError`` with a clear message otherwise. Moves lock the
query's row first, so two people acting at once are put in order."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.deadlines import DeadlineKind, due_date, timing
from cases.models import (
    CaseFile,
)
from cases.services import deadline_cancel, deadline_meet, deadline_open, document_of_case
from charging.casework import case_locked, case_read, record_event, refuse
from charging.queries import rules
from charging.queries.models import FileQualityQuery, QueryCategory, QueryStatus
from charging.standing import standing
from rasso.accounts.models import (
    User,
)
from rasso.core.errors import DomainError
from rasso.core.resubmission import resubmission_since


def _query_locked(query: FileQualityQuery) -> FileQualityQuery:
    return FileQualityQuery.objects.select_for_update().get(pk=query.pk)


@transaction.atomic
def query_raise(
    *, actor: User, case: CaseFile, category: str, description: str
) -> FileQualityQuery:
    """The case's allocated prosecutor raises a query about a defect in the
    file CPS holds. The force's SPOC owes the answer within 2 working days."""
    # Locked: of two identical posts (a double click) the second waits, finds
    # the first and is given it back.
    case = case_locked(case)
    refuse(rules.query_raise_refusal(standing(actor, case), case))
    if category not in QueryCategory.values:
        raise DomainError("Choose what kind of defect this is")
    description = description.strip()
    if not description:
        raise DomainError("Describe what is wrong with the file")
    if same := FileQualityQuery.objects.filter(
        case=case,
        raised_by=actor,
        raised_at__gte=resubmission_since(),
        category=category,
        description=description,
    ).first():
        return same
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
    record_event(
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
    case = case_read(query.case_id)
    refuse(rules.query_pass_refusal(standing(actor, case), query))
    query.status = QueryStatus.WITH_OIC
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
    record_event(
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
    *, actor: User, query: FileQualityQuery, answer: str, document_id: int | None = None
) -> FileQualityQuery:
    """The force's SPOC or supervisor (or the officer in the case, once it is
    passed to them) answers the query, optionally pointing at a document of
    the case. The deadline is met."""
    query = _query_locked(query)
    case = case_read(query.case_id)
    refuse(rules.query_resolve_refusal(standing(actor, case), query))
    query.status = QueryStatus.RESOLVED
    answer = answer.strip()
    if not answer:
        raise DomainError("Give the answer to the query")
    document = document_of_case(case, document_id)
    query.answer = answer
    query.document = document
    query.resolved_by = actor
    query.resolved_at = timezone.now()
    query.save(update_fields=["status", "answer", "document", "resolved_by", "resolved_at"])
    if query.deadline is not None:
        deadline_meet(deadline=query.deadline, actor=actor)
    record_event(
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
    case = case_read(query.case_id)
    refuse(rules.query_withdraw_refusal(standing(actor, case), query))
    query.status = QueryStatus.WITHDRAWN
    query.withdrawn_by = actor
    query.withdrawn_at = timezone.now()
    query.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    if query.deadline is not None:
        deadline_cancel(deadline=query.deadline, actor=actor, reason="query withdrawn")
    record_event(
        case, actor, query, "query_withdrawn", "File-quality query withdrawn", query=query.pk
    )
    return query
