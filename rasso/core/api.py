"""What every API endpoint shares: the answers to a service's refusal, the
acting user, integer ids, pagination and the error shape.

The answers are the same on every endpoint:

- 401 without credentials (``Authorization: Token <key>``, or a session);
- 404 for anything you may not see: its existence is not revealed;
- 400 ``{"<field>": ["..."]}`` for input of the wrong shape;
- 400 ``{"detail": "..."}`` when a service refuses (a ``DomainError``): you
  may see the object but not do this, or its state does not allow it. We do
  not split off a 403 for the first: the services decide both in one place
  and say why in words, and a client has nothing different to do in either
  case. Fields the refusal names are listed beside ``detail``;
- 409 ``{"detail": "..."}`` when an edit names a version that is no longer
  the record's (``StaleVersion``), and 412 when an ``If-Match`` header does.
  Nothing is saved.

``exception_handler`` is DRF's one exception handler for the project
(``REST_FRAMEWORK["EXCEPTION_HANDLER"]``): every view, whatever its base,
turns the domain error into its 4xx the same way.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, NotAuthenticated, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rasso.accounts.models import User
from rasso.core.errors import DomainError, StaleVersion

_M = TypeVar("_M", bound=models.Model)


class Refused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


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
        if exc.problems or exc.extra:
            # Every problem at once, each against its field as well as in
            # ``detail``, as a form shows them.
            problems = {name: [message] for name, message in exc.problems.items()}
            return ValidationError({"detail": str(exc), **problems, **exc.extra})
        return Refused(str(exc))
    if isinstance(exc, DjangoValidationError):
        # A model check a service ran (full_clean): its messages are for users.
        return Refused(" ".join(exc.messages))
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
    """A refusal: 400 when a service refuses (the message says why), 404 for
    anything you may not see, 409 or 412 for a stale version."""

    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such case that you may see.")
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is of the wrong shape (`{field: [messages]}`), or the service refused "
        "(`{detail}`): you may not do this, or the case's state does not allow it."
    ),
)


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


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
        return self.get_paginated_response(serializer_class(page, many=True).data)
