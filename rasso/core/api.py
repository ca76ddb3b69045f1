"""What every API endpoint shares: the answers to a service's refusal, the
acting user, integer ids, pagination and the error shape.

The answers are the same on every endpoint:

- 401 without credentials (``Authorization: Token <key>``, or a session);
- 404 for anything you may not see: its existence is not revealed;
- 400 ``{"<field>": ["..."]}`` for input of the wrong shape, and
  ``{"detail": "..."}`` for input a service finds wrong (a ``DomainError``:
  a date in the future, an unknown field); fields it names are listed
  beside ``detail``;
- 403 ``{"detail": "..."}`` when a rule refuses (``Forbidden``): you may see
  the object but not do this, in your role or in its present state. The
  reason is the rule's own sentence, the one the page shows;
- 409 ``{"detail": "..."}`` when an edit names a version that is no longer
  the record's (``StaleVersion``), and 412 when an ``If-Match`` header does.
  Nothing is saved.

``exception_handler`` is DRF's one exception handler for the project
(``REST_FRAMEWORK["EXCEPTION_HANDLER"]``): every view, whatever its base,
turns the domain error into its 4xx the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, NotAuthenticated
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rasso.accounts.models import User
from rasso.audit.services import audit_note_listed, audit_record
from rasso.core.errors import DomainError, Forbidden, StaleVersion

_M = TypeVar("_M", bound=models.Model)
_F = TypeVar("_F", bound=Callable[..., Any])


class Refused(APIException):
    """A rule's refusal: the object is visible, the action is not allowed."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "refused"


class Invalid(APIException):
    """Input a service found wrong: nothing was changed."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def api_exception(exc: Exception) -> Exception:
    """A service's refusal as the API answer for it (see the module docstring)."""
    if isinstance(exc, StaleVersion):
        return Conflict(str(exc))
    if isinstance(exc, DomainError):
        answer = Refused if isinstance(exc, Forbidden) else Invalid
        if exc.problems or exc.extra:
            # Every problem at once, each against its field as well as in
            # ``detail``, as a form shows them.
            problems = {name: [message] for name, message in exc.problems.items()}
            return answer({"detail": str(exc), **problems, **exc.extra})
        return answer(str(exc))
    if isinstance(exc, DjangoValidationError):
        # A model check a service ran (full_clean): its messages are for users.
        return Invalid(" ".join(exc.messages))
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, after the domain error has become its 4xx."""
    return drf_exception_handler(api_exception(exc), context)


def acting_user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_holds(header: str, version: int) -> bool:
    """``If-Match: "<version>"`` (a list, a weak tag or ``*`` too) against
    the record's current version."""
    if header.strip() == "*":
        return True
    tags = (tag.strip().removeprefix("W/").strip('"') for tag in header.split(","))
    return str(version) in tags


class ErrorSerializer(serializers.Serializer[Any]):
    """A refusal: 400 for wrong input, 403 when a rule refuses (the message
    says why), 404 for anything you may not see, 409 or 412 for a stale
    version."""

    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such case that you may see.")
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is of the wrong shape (`{field: [messages]}`), or the service found it "
        "wrong (`{detail}`). Nothing was changed."
    ),
)
FORBIDDEN_DESCRIPTION = (
    "A rule refused (`{detail}` says why): you may see this but not do it, in your "
    "role or in the object's present state. Nothing was changed."
)
FORBIDDEN = OpenApiResponse(ErrorSerializer, description=FORBIDDEN_DESCRIPTION)


def schema_refusals_documented(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular's last step (``POSTPROCESSING_HOOKS``): every action
    (a POST, PUT, PATCH or DELETE) may be refused by a rule, so each
    documents its 403 here, once, rather than in every ``responses``."""
    error = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in {"post", "put", "patch", "delete"}:
                operation.setdefault("responses", {}).setdefault(
                    "403",
                    {
                        "content": {"application/json": {"schema": error}},
                        "description": FORBIDDEN_DESCRIPTION,
                    },
                )
    return result


def path_id(what: str, name: str = "id") -> OpenApiParameter:
    """An object's integer id in the URL, documented as such (the router's
    ``\\d+`` would otherwise be documented as a string)."""
    return OpenApiParameter(
        name, OpenApiTypes.INT, OpenApiParameter.PATH, description=f"The {what}'s id."
    )


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        """One page, and the read audit told which rows it holds."""
        rows = super().paginate_queryset(queryset, request, view)
        if rows is not None:
            audit_note_listed(rows)
        return rows


class ServiceViewSet(viewsets.GenericViewSet[_M]):
    """What every case endpoint shares: the answers to a service's refusal,
    integer ids in URLs, and pagination."""

    # (The docstring above is the description the API schema gives every
    # viewset that has none of its own: keep its words.) Filters are parsed
    # by serializers here, not by the default backend.

    pagination_class = ApiPagination
    lookup_value_regex = r"\d+"
    filter_backends: list[Any] = []

    def page(self, queryset: QuerySet[Any] | Any, serializer_class: type[Any]) -> Response:
        """One page of ``queryset`` (a queryset, or anything that slices and
        counts like one) in ``serializer_class``."""
        page = self.paginate_queryset(queryset)
        # The context names the reader: what they may read of free text
        # depends on who they are.
        return self.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )


class ObjectViewSet(ServiceViewSet[_M]):
    """Endpoints over one kind of object that every read fetches through its
    selector, for JSON clients:

    - ``fetch(pk)``: the object, or a 404 for one the user may not see;
    - ``listing()``: the objects the user may see, in list order, which
      ``list`` narrows by each value of ``filters_class`` given (``?case=``,
      ``?status=``) and pages. Each field of ``filters_class`` is used as a
      lookup on the listing, so it must be named as one;
    - ``retrieve``, written to the audit log as ``audit_action``;
    - ``answer(obj)``: the object read again after a service changed it (the
      service's locked row has none of the related rows the answer shows).
    """

    parser_classes = [JSONParser]
    filters_class: ClassVar[type[serializers.Serializer[Any]] | None] = None
    audit_action: ClassVar[str] = ""

    def fetch(self, pk: int) -> _M:
        raise NotImplementedError

    def listing(self) -> QuerySet[_M]:
        raise NotImplementedError

    def get_object(self) -> _M:
        return self.fetch(int(self.kwargs["pk"]))

    def answer(self, obj: _M, code: int = status.HTTP_200_OK) -> Response:
        serializer = self.get_serializer_class()
        return Response(
            serializer(self.fetch(obj.pk), context=self.get_serializer_context()).data, status=code
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        objects = self.listing()
        if self.filters_class is not None:
            params = self.filters_class(data=request.query_params)
            params.is_valid(raise_exception=True)
            objects = objects.filter(**params.validated_data)
        return self.page(objects, self.get_serializer_class())

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        if self.audit_action:
            audit_record(actor=request.user, action=self.audit_action, obj=obj, request=request)
        return Response(
            self.get_serializer_class()(obj, context=self.get_serializer_context()).data
        )


def object_action(
    summary: str,
    request: Any = None,
    *,
    parameter: OpenApiParameter,
    answer: type[serializers.BaseSerializer[Any]],
) -> Callable[[_F], _F]:
    """The schema of a POST action on one object: its id, its input, and the
    object it answers with (or a refusal, or a 404)."""
    return extend_schema(
        summary=summary,
        parameters=[parameter],
        request=request,
        responses={200: answer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )


def object_endpoints(
    *,
    answer: type[serializers.BaseSerializer[Any]],
    parameter: OpenApiParameter,
    filters: type[serializers.Serializer[Any]],
    creates: type[serializers.Serializer[Any]],
    listed: str,
    created: str,
    retrieved: str,
) -> Callable[[_F], _F]:
    """The schema of an ``ObjectViewSet``'s list (filtered), create and
    retrieve, each with its summary."""
    return extend_schema_view(
        list=extend_schema(
            summary=listed,
            parameters=[filters],
            responses={200: answer(many=True), 400: REFUSED},
        ),
        create=extend_schema(
            summary=created,
            request=creates,
            responses={201: answer, 400: REFUSED, 404: NOT_FOUND},
        ),
        retrieve=extend_schema(
            summary=retrieved,
            parameters=[parameter],
            responses={200: answer, 404: NOT_FOUND},
        ),
    )
