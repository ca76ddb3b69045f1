"""File-quality queries in the API: /api/v1/file-quality-queries/.

404 for anything on a case you may not see, 400 ``{"detail"}`` when a service
refuses, 400 ``{field: [...]}`` for input of the wrong shape. Every move is an
explicit POST action that calls the one service the browser calls too."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from cases.serializers import with_identity_warning
from charging.queries import selectors, services
from charging.queries.models import FileQualityQuery
from charging.queries.serializers import (
    FileQualityQuerySerializer,
    QueryFilterSerializer,
    QueryRaiseSerializer,
    QueryResolveSerializer,
)
from rasso.core.api import (
    ObjectViewSet,
    acting_user,
    object_action,
    object_endpoints,
    path_id,
)

QUERY_ID = path_id("query")


_query_action = partial(object_action, parameter=QUERY_ID, answer=FileQualityQuerySerializer)


@object_endpoints(
    answer=FileQualityQuerySerializer,
    parameter=QUERY_ID,
    filters=QueryFilterSerializer,
    creates=QueryRaiseSerializer,
    listed="The file-quality queries on the cases you may see, newest first",
    created="Raise a query on a file with CPS (the case's prosecutor)",
    retrieved="One file-quality query",
)
class FileQualityQueryViewSet(ObjectViewSet[FileQualityQuery]):
    """File-quality queries: raised by the prosecutor, answered by the force's
    single point of contact (or the officer in the case) within 2 working days."""

    queryset = FileQualityQuery.objects.none()
    serializer_class = FileQualityQuerySerializer
    filters_class = QueryFilterSerializer
    audit_action = "charging.view"

    def fetch(self, pk: int) -> FileQualityQuery:
        return selectors.query_get(self.request.user, pk)

    def listing(self) -> QuerySet[FileQualityQuery]:
        return (
            selectors.queries_visible(self.request.user)
            .select_related("case", "raised_by", "deadline__owner", "resolved_by")
            .order_by("-raised_at", "-id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = QueryRaiseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = case_selectors.case_get(request.user, fields.pop("case"))
        query = services.query_raise(actor=acting_user(request), case=case, **fields)
        return with_identity_warning(
            self.answer(query, status.HTTP_201_CREATED), acting_user(request), case, fields
        )

    @_query_action(
        "Resolve the query with an answer (SPOC, supervisor or OIC)", QueryResolveSerializer
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str) -> Response:
        query = self.get_object()
        data = QueryResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        query = services.query_resolve(
            actor=acting_user(request),
            query=query,
            answer=data.validated_data["answer"],
            document_id=data.validated_data["document"],
        )
        return with_identity_warning(
            self.answer(query), acting_user(request), query.case, data.validated_data
        )

    @_query_action("Pass the query to the officer in the case (SPOC or supervisor)")
    @action(detail=True, methods=["post"], url_path="pass-to-oic")
    def pass_to_oic(self, request: Request, pk: str) -> Response:
        query = services.query_pass_to_oic(actor=acting_user(request), query=self.get_object())
        return self.answer(query)

    @_query_action("Withdraw the query before it is resolved (the prosecutor)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        query = services.query_withdraw(actor=acting_user(request), query=self.get_object())
        return self.answer(query)
