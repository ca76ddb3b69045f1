"""Complainants in the API: nested in the case detail, identity only for those entitled.

A complainant's name, date of birth, address and contact details are shown
only when ``victims.selectors.identity_visible_to`` says so (the OIC, officers
granted the case, the allocated prosecutor). Everyone else gets the same shape
with those fields null: the pseudonym (C1, C2) and nothing that identifies.
The decision is made once per case, on the server, and defaults to withholding.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import CaseFile
from victims.models import Complainant
from victims.selectors import case_complainants, identity_visible_to

# Everything but the id and the pseudonym is withheld from those not entitled.
WITHHELD_FIELDS = (
    "first_names",
    "last_name",
    "date_of_birth",
    "address",
    "phone",
    "email",
    "enhanced_rights",
)


class ComplainantSerializer(serializers.ModelSerializer[Complainant]):
    """A complainant. Unless you may see their identity, every field but
    ``id`` and ``pseudonym`` is null and ``identity_withheld`` is true."""

    first_names = serializers.CharField(read_only=True, allow_null=True)
    last_name = serializers.CharField(read_only=True, allow_null=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    address = serializers.CharField(read_only=True, allow_null=True)
    phone = serializers.CharField(read_only=True, allow_null=True)
    email = serializers.EmailField(read_only=True, allow_null=True)
    enhanced_rights = serializers.BooleanField(read_only=True, allow_null=True)
    identity_withheld = serializers.SerializerMethodField()

    class Meta:
        model = Complainant
        fields = ["id", "pseudonym", "identity_withheld", *WITHHELD_FIELDS]
        read_only_fields = fields

    def _withheld(self) -> bool:
        return not self.context.get("identity_visible", False)

    def get_identity_withheld(self, complainant: Complainant) -> bool:
        return self._withheld()

    def to_representation(self, instance: Complainant) -> dict[str, Any]:
        if self._withheld():
            # The identity is never read into the response, not just blanked.
            return {
                "id": instance.pk,
                "pseudonym": instance.pseudonym,
                "identity_withheld": True,
                **dict.fromkeys(WITHHELD_FIELDS),
            }
        return dict(super().to_representation(instance))


@extend_schema_field(ComplainantSerializer(many=True))
class CaseComplainantsField(serializers.Field[Any, Any, Any, Any]):
    """The case detail's ``complainants``: registered on
    ``cases.serializers.CASE_DETAIL_SECTIONS`` (``cases`` never imports
    ``victims``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: CaseFile) -> Any:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        visible = user is not None and identity_visible_to(user, value)
        return ComplainantSerializer(
            case_complainants(value), many=True, context={"identity_visible": visible}
        ).data
