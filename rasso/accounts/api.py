from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from rasso.accounts.models import Organisation, OrganisationKind
from rasso.accounts.selectors import organisations_list


class CpsAreaSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "slug"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    cps_areas = CpsAreaSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "kind", "code", "cps_areas"]


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)

    class Meta:
        model = Organisation
        fields = ["kind"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """CPS Areas, police forces, scrutiny panels and the national body.

    A force's `code` is its two-digit URN prefix; `cps_areas` are the Areas its
    cases go to (two for the Metropolitan Police, none fixed for British
    Transport Police, whose cases go to the Area where the offence happened).
    """

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_list()
