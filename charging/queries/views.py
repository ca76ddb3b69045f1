"""File-quality queries in the browser: the case's tab, the forms and buttons
that call ``charging.queries.services``, and the lists of the force's SPOC,
the prosecutor and the officer a query is passed to.

Every query is read through ``charging.queries.selectors`` (on a case the
user may not see it is a 404). A form is offered only to someone the rules
allow (anyone else: 404); what is posted always goes to the service, whose
refusal is shown as a GOV.UK error and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors as case_selectors
from cases.identity import identity_notice, readable_text
from cases.views import render_case_page
from charging import workspaces
from charging.pages import work_list_page
from charging.queries import rules, selectors, services
from charging.queries.forms import QueryRaiseForm, QueryResolveForm
from charging.standing import standing
from rasso.accounts.models import POLICE_ROLES, Role
from rasso.core.errors import refuse
from rasso.core.web import (
    AuthenticatedRequest,
    case_item_button,
    form_action,
    paginate,
    posted,
)


@require_GET
@login_required
def case_queries(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's file-quality queries, newest first."""
    case = case_selectors.case_get(request.user, pk)
    st = standing(request.user, case)
    pagination = paginate(request, selectors.case_queries(case.pk))
    items = [
        {
            "query": query,
            "resolve": rules.query_resolve_refusal(st, query) is None,
            "pass_to_oic": rules.query_pass_refusal(st, query) is None,
            "withdraw": rules.query_withdraw_refusal(st, query) is None,
        }
        for query in pagination.page.object_list
    ]
    return render_case_page(
        request,
        case,
        "charging/case_queries.html",
        {
            "pagination": pagination,
            "items": items,
            "may_raise": rules.query_raise_refusal(st, case) is None,
            # Document titles may name the complainant: see cases.selectors.
            "content_visible": case_selectors.document_content_visible(request.user, case),
            "today": timezone.localdate(),
        },
    )


def _queries_tab(case_pk: int) -> str:
    return reverse("charging:case-queries", args=[case_pk])


@require_http_methods(["GET", "POST"])
@login_required
def query_raise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    if request.method == "GET":
        refuse(rules.query_raise_refusal(standing(request.user, case), case))

    def raise_query(data: dict[str, Any]) -> None:
        services.query_raise(actor=request.user, case=case, **data)

    return form_action(
        request,
        QueryRaiseForm(posted(request)),
        raise_query,
        notice=identity_notice(request.user, case),
        back_url=_queries_tab(case.pk),
        done=f"Query sent to the {case.force.name} single point of contact",
        title="Raise a file-quality query",
        submit="Raise query",
        caption=case.urn,
        intro="The force's single point of contact answers within 2 working days.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def query_resolve(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    query = selectors.query_get(request.user, item, case_pk=pk)
    case = query.case
    if request.method == "GET":
        refuse(rules.query_resolve_refusal(standing(request.user, case), query))
    form = QueryResolveForm(posted(request), documents=case_selectors.case_documents(case))

    def resolve(data: dict[str, Any]) -> None:
        document = data["document"]
        services.query_resolve(
            actor=request.user,
            query=query,
            answer=data["answer"],
            document_id=document.pk if document else None,
        )

    return form_action(
        request,
        form,
        resolve,
        notice=identity_notice(request.user, case),
        back_url=_queries_tab(case.pk),
        done="Query resolved",
        title="Resolve the file-quality query",
        submit="Resolve query",
        caption=f"{case.urn}: {query.get_category_display()}",
        intro=readable_text(request.user, case, query.description),
    )


query_pass_to_oic = case_item_button(
    lambda user, item, pk: selectors.query_get(user, item, case_pk=pk),
    lambda user, query: services.query_pass_to_oic(actor=user, query=query),
    back_url=_queries_tab,
    done=lambda query: f"Query passed to {query.case.oic.full_name}",
)


query_withdraw = case_item_button(
    lambda user, item, pk: selectors.query_get(user, item, case_pk=pk),
    lambda user, query: services.query_withdraw(actor=user, query=query),
    back_url=_queries_tab,
    done="Query withdrawn",
)


# Unanswered file-quality queries: the force's for its SPOC, the ones a prosecutor raised,
# soonest due first.
queries_list = work_list_page(
    POLICE_ROLES | {Role.PROSECUTOR},
    "charging/query_list.html",
    selectors.queries_to_answer,
    title="File-quality queries",
)


# The unanswered file-quality queries the prosecutor raised.
work_queries_raised = work_list_page(
    {Role.PROSECUTOR},
    "charging/query_list.html",
    workspaces.queries_raised,
    title="Your open file-quality queries",
)


# File-quality queries passed to the officer to answer.
work_queries_to_answer = work_list_page(
    set(POLICE_ROLES),
    "charging/query_list.html",
    workspaces.queries_passed_to,
    title="Queries to answer",
)
