"""A case's details are defined once (``cases.services.CaseDetails``): the
browser form and the API serializer offer exactly those fields, so neither can
drift from what the service takes."""

from __future__ import annotations

from cases.forms import CaseCreateForm, CaseEditForm
from cases.serializers import CaseCreateSerializer, CaseUpdateSerializer
from cases.services import CASE_FIELDS


def test_the_form_and_the_serializer_offer_every_case_detail_and_nothing_else() -> None:
    assert "charged_on" in CASE_FIELDS
    edit_form = set(CaseEditForm.base_fields) - {"version"}
    create_form = set(CaseCreateForm.base_fields) - {"urn"}
    update_api = set(CaseUpdateSerializer().fields) - {"version"}
    create_api = set(CaseCreateSerializer().fields) - {"urn", "force", "cps_area"}
    assert edit_form == create_form == update_api == create_api == set(CASE_FIELDS)
