"""The shapes of the cases API: what it accepts and what it returns.

Input serializers check the shape of a request (types, choices, which fields
are required) and nothing more: whether the user may do it, and whether the
case is in a state that allows it, is for ``cases.services`` to decide.
Output serializers read rows the selectors already fetched; none of them runs
a query per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from cases.identity import CaseTexts, TextReader, identity_warning
from cases.models import (
    CaseEvent,
    CaseFile,
    CaseOffence,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    DecisionSought,
    Dg6Category,
    Document,
    DocumentKind,
    Offence,
    PleaAnticipated,
    Suspect,
)
from cases.selectors import DEFAULT_SORT, SORTS, CaseFilters, case_offences, case_suspects
from cases.services import ChecklistItem
from rasso.accounts.models import Organisation, OrganisationKind, User
from rasso.accounts.selectors import memberships_of
from rasso.core.api import ErrorSerializer

# -- errors, for the schema -------------------------------------------------


class FileIncompleteSerializer(ErrorSerializer):
    """A submission refused because the file checklist is not complete."""

    missing = serializers.ListField(
        child=serializers.CharField(), help_text="The checklist items still to do."
    )


# -- people and organisations, briefly --------------------------------------


class PersonSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "full_name"]
        read_only_fields = fields


class OrganisationBriefSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name"]
        read_only_fields = fields


class ForceBriefSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "code"]
        read_only_fields = fields


# -- offences and suspects --------------------------------------------------


class OffenceSerializer(serializers.ModelSerializer[Offence]):
    class Meta:
        model = Offence
        fields = ["id", "act", "section", "title", "non_recent"]
        read_only_fields = fields


class CaseOffenceSerializer(serializers.ModelSerializer[CaseOffence]):
    offence = OffenceSerializer(read_only=True)

    class Meta:
        model = CaseOffence
        fields = ["id", "offence", "committed_from", "committed_to"]
        read_only_fields = fields


class CaseOffenceAddSerializer(serializers.Serializer[Any]):
    offence = serializers.PrimaryKeyRelatedField(
        queryset=Offence.objects.all(),
        help_text="An offence from /api/v1/offences/.",
        error_messages={"does_not_exist": "Choose an offence from /api/v1/offences/"},
    )
    committed_from = serializers.DateField(help_text="The date, or the first date of a range.")
    committed_to = serializers.DateField(
        required=False, allow_null=True, help_text="The last date, for a range."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        last = attrs.get("committed_to")
        if last is not None and last < attrs["committed_from"]:
            raise serializers.ValidationError(
                {"committed_to": "The last date must be on or after the first date"}
            )
        return attrs


class SuspectSerializer(serializers.ModelSerializer[Suspect]):
    """A suspect, as shown and as added (``POST /cases/{case_pk}/suspects/``)."""

    class Meta:
        model = Suspect
        fields = [
            "id",
            "first_names",
            "last_name",
            "date_of_birth",
            "state",
            "state_since",
            "review_on",
        ]
        read_only_fields = ["id"]


# -- cases ------------------------------------------------------------------


class CaseListSerializer(serializers.ModelSerializer[CaseFile]):
    """A case in a list: what the list pages show, all from one joined query."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    force = ForceBriefSerializer(read_only=True)
    cps_area = OrganisationBriefSerializer(read_only=True)
    oic = PersonSerializer(read_only=True)
    prosecutor = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = CaseFile
        fields = [
            "id",
            "urn",
            "status",
            "status_display",
            "dg6_category",
            "force",
            "cps_area",
            "oic",
            "prosecutor",
            "reported_on",
            "submitted_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


# Sections other apps add to the case detail (the complainants, from victims),
# as they add items to the file checklist: ``cases`` never imports them. Each
# entry makes a read-only field whose source is the whole case.
CASE_DETAIL_SECTIONS: dict[str, Callable[[], serializers.Field[Any, Any, Any, Any]]] = {}


class CaseDetailSerializer(CaseListSerializer):
    """A case with its key dates, offences and suspects (and what other apps
    add). ``version`` is what the next ``PATCH`` must name."""

    offences = serializers.SerializerMethodField()
    suspects = serializers.SerializerMethodField()
    unused_material_nil_return_by = PersonSerializer(
        read_only=True, allow_null=True, help_text="Who signed the nil return."
    )

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "first_account_on",
            "arrested_on",
            "interviewed_on",
            "charged_on",
            "decision_sought",
            "plea_anticipated",
            "forensic_report_expected",
            "unused_material_nil_return",
            "unused_material_nil_return_by",
            "unused_material_nil_return_at",
            "referred_at",
            "created_at",
            "offences",
            "suspects",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name, make_field in CASE_DETAIL_SECTIONS.items():
            fields[name] = make_field()
        return fields

    @extend_schema_field(CaseOffenceSerializer(many=True))
    def get_offences(self, case: CaseFile) -> Any:
        return CaseOffenceSerializer(case_offences(case), many=True).data

    @extend_schema_field(SuspectSerializer(many=True))
    def get_suspects(self, case: CaseFile) -> Any:
        return SuspectSerializer(case_suspects(case), many=True).data


def _police_forces() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE)


def _cps_areas() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.CPS_AREA)


_DECISIONS = ", ".join(DecisionSought.values)
_PLEAS = ", ".join(PleaAnticipated.values)


class CaseDetailsInput(serializers.Serializer[Any]):
    """The case details an officer sets when creating or editing a case (the
    same list as ``cases.services.CASE_FIELDS``)."""

    # The API's shape of ``cases.services.CaseDetails``: a test holds the
    # form, this serializer and that one definition to the same fields.

    dg6_category = serializers.ChoiceField(choices=Dg6Category.choices, required=False)
    reported_on = serializers.DateField(required=False, allow_null=True)
    first_account_on = serializers.DateField(required=False, allow_null=True)
    arrested_on = serializers.DateField(required=False, allow_null=True)
    interviewed_on = serializers.DateField(required=False, allow_null=True)
    charged_on = serializers.DateField(required=False, allow_null=True)
    # Blank is "not recorded" (the file checklist then asks what it always did).
    decision_sought = serializers.ChoiceField(
        choices=DecisionSought.choices,
        required=False,
        allow_blank=True,
        help_text="The charging decision the file is referred for.",
        error_messages={"invalid_choice": f"Choose the decision sought from: {_DECISIONS}"},
    )
    plea_anticipated = serializers.ChoiceField(
        choices=PleaAnticipated.choices,
        required=False,
        allow_blank=True,
        help_text="The plea expected, for a Full Code Test file.",
        error_messages={"invalid_choice": f"Choose the plea anticipated from: {_PLEAS}"},
    )
    forensic_report_expected = serializers.BooleanField(required=False)
    unused_material_nil_return = serializers.BooleanField(
        required=False,
        help_text="No unused material. Setting it signs the nil return in your name.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Refuse what this endpoint cannot change (a status, a URN, an OIC)
        # rather than silently ignoring it: the client must not believe it
        # was saved.
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(unknown, "This field cannot be set here")
            )
        return attrs


class CaseCreateSerializer(CaseDetailsInput):
    urn = serializers.CharField(
        max_length=20,
        help_text="The police URN: force code, unit, number and year, like 46KA0123425.",
    )
    force = serializers.PrimaryKeyRelatedField(
        queryset=_police_forces(),
        required=False,
        help_text="The police force (an organisation id). Defaults to your own force.",
        error_messages={"does_not_exist": "Choose a police force from /api/v1/organisations/"},
    )
    cps_area = serializers.PrimaryKeyRelatedField(
        queryset=_cps_areas(),
        required=False,
        allow_null=True,
        help_text="Only for forces whose cases go to more than one CPS Area.",
        error_messages={"does_not_exist": "Choose a CPS Area from /api/v1/organisations/"},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs.get("force") is None:
            # Like the form, the force defaults to the officer's own: when
            # they belong to exactly one.
            user = self.context["request"].user
            forces = {
                m.organisation_id: m.organisation
                for m in memberships_of(user)
                if m.organisation.kind == OrganisationKind.POLICE_FORCE
            }
            if len(forces) != 1:
                raise serializers.ValidationError({"force": "Choose the force this case is for"})
            attrs["force"] = next(iter(forces.values()))
        return attrs


class CaseUpdateSerializer(CaseDetailsInput):
    version = serializers.IntegerField(
        min_value=1,
        help_text=(
            "The version of the case you are editing, from the case you read. If someone "
            "changed the case since, nothing is saved and the answer is 409."
        ),
    )


class CaseUpdateSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """drf-spectacular makes every field of a PATCH body optional; the
    version is not."""

    target_class = CaseUpdateSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = ["version"]
        return schema


_STATUS_CHOICES = ", ".join(CaseStatus.values)
_SORT_CHOICES = ", ".join(SORTS)


class CaseFilterSerializer(serializers.Serializer[Any]):
    """The list's query parameters: the fields of ``cases.selectors.CaseFilters``."""

    status = serializers.ChoiceField(
        choices=CaseStatus.choices,
        required=False,
        error_messages={"invalid_choice": f"Choose a status from: {_STATUS_CHOICES}"},
    )
    offence = serializers.IntegerField(
        min_value=1, required=False, help_text="Cases with this offence (an offence id)."
    )
    force = serializers.IntegerField(min_value=1, required=False, help_text="A force's id.")
    oic = serializers.IntegerField(
        min_value=1, required=False, help_text="The officer in the case (a user id)."
    )
    prosecutor = serializers.IntegerField(
        min_value=1, required=False, help_text="The allocated prosecutor (a user id)."
    )
    reported_from = serializers.DateField(required=False, help_text="Reported on or after.")
    reported_to = serializers.DateField(required=False, help_text="Reported on or before.")
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only cases with an overdue open deadline."
    )
    unallocated = serializers.BooleanField(
        required=False, default=False, help_text="Only cases without a prosecutor."
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="The start of a URN, or of a suspect's surname.",
    )
    sort = serializers.ChoiceField(
        choices=list(SORTS),
        required=False,
        default=DEFAULT_SORT,
        error_messages={"invalid_choice": f"Sort by one of: {_SORT_CHOICES}"},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("reported_from"), attrs.get("reported_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"reported_to": "The end date must be on or after the start date"}
            )
        return attrs

    def filters(self) -> CaseFilters:
        return CaseFilters(**self.validated_data)


class ShareSerializer(serializers.Serializer[Any]):
    colleague = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text="The user id of an officer of the case's force.",
        error_messages={"does_not_exist": "Choose an officer of the case's force"},
    )


class ReallocateOicSerializer(serializers.Serializer[Any]):
    oic = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text="The user id of an investigator of the case's force.",
        error_messages={"does_not_exist": "Choose an investigator of the case's force"},
    )


class AllocateSerializer(serializers.Serializer[Any]):
    prosecutor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text="The user id of a prosecutor of the case's CPS Area.",
        error_messages={"does_not_exist": "Choose a prosecutor of the case's CPS Area"},
    )


class ChecklistItemSerializer(serializers.Serializer[ChecklistItem]):
    # A field called "label" shadows Field.label for the type checker only:
    # DRF's metaclass moves declared fields off the class.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    done = serializers.BooleanField(read_only=True)


class ChecklistSerializer(serializers.Serializer[Any]):
    complete = serializers.BooleanField(read_only=True)
    items = ChecklistItemSerializer(many=True, read_only=True)


# -- documents, the timeline, deadlines -------------------------------------


class DocumentSerializer(serializers.ModelSerializer[Document]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    uploaded_by = PersonSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Document) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        # Titles and file names may name the complainant: only for those who
        # may open the document (cases.selectors.document_content_visible).
        if not self.context.get("content_visible", True):
            data.update(title=None, original_name=None, download_url=None)
        return data

    def get_download_url(self, document: Document) -> str:
        return reverse(
            "case-document-download", kwargs={"case_pk": document.case_id, "pk": document.pk}
        )


class DocumentUploadSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=DocumentKind.choices,
        error_messages={"invalid_choice": "Choose what kind of document this is"},
    )
    # Empty files pass here so that the service refuses them, with the same
    # message as the upload form.
    file = serializers.FileField(
        allow_empty_file=True,
        use_url=False,
        help_text="PDF, DOCX, ODT, JPEG, PNG or plain text; its content must match its name.",
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# -- free text as the reader may read it ------------------------------------------


def case_texts_of(context: dict[str, Any]) -> CaseTexts:
    """The ``CaseTexts`` of the answer's reader, made once per answer and kept
    in the serializer context (which a list and its nested serializers share).
    Without a signed-in user in the context nobody is entitled: the text is
    scrubbed (a serializer that forgot its context withholds, never leaks)."""
    texts = context.get("case_texts")
    if not isinstance(texts, CaseTexts):
        request = context.get("request")
        user = getattr(request, "user", None)
        texts = CaseTexts(user if getattr(user, "is_authenticated", False) else None)
        context["case_texts"] = texts
    return texts


def _read_nested(value: Any, fields: tuple[str, ...], reader: TextReader) -> Any:
    """``fields`` read by ``reader`` in a nested answer: a dict holding them,
    a list of such, or a dict of such (a decision's threshold conditions)."""
    if isinstance(value, list):
        return [_read_nested(v, fields, reader) for v in value]
    if isinstance(value, dict):
        if any(name in value for name in fields):
            return {k: reader(v) if k in fields else v for k, v in value.items()}
        return {k: _read_nested(v, fields, reader) for k, v in value.items()}
    return value


class ReadableListSerializer(serializers.ListSerializer[Any]):
    """A list of a ``ReadableTextSerializer``: readies the readers of all
    the rows' cases at once (one query for the grants, one for the
    complainants), so the queries do not grow with the rows."""

    def to_representation(self, data: Any) -> list[Any]:
        rows = list(data.all() if hasattr(data, "all") else data)
        child = self.child
        if isinstance(child, ReadableTextSerializer):
            case_texts_of(self.context).prepare(child.case_of(row) for row in rows)
        return super().to_representation(rows)


class ReadableTextSerializer(serializers.ModelSerializer[Any]):
    """A serializer whose free-text fields (``readable_fields``, and
    ``readable_nested``: a nested answer's fields) each reader reads as they
    may: as written if entitled to the complainants' identity, else through
    the case's identity scrubber (``cases.identity``). ``case_of`` says whose
    case a row is (its ``case``, by default; read without a query)."""

    readable_fields: ClassVar[tuple[str, ...]] = ()
    readable_nested: ClassVar[dict[str, tuple[str, ...]]] = {}

    class Meta:
        list_serializer_class = ReadableListSerializer

    def case_of(self, instance: Any) -> CaseFile:
        return instance.case  # type: ignore[no-any-return]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        reader = case_texts_of(self.context).reader(self.case_of(instance))
        for name in self.readable_fields:
            if name in data:
                data[name] = reader(data[name])
        for name, fields in self.readable_nested.items():
            if name in data:
                data[name] = _read_nested(data[name], fields, reader)
        return data


class CaseEventSerializer(ReadableTextSerializer):
    readable_fields = ("description",)
    actor = PersonSerializer(read_only=True, allow_null=True)

    class Meta(ReadableTextSerializer.Meta):
        model = CaseEvent
        fields = ["id", "at", "kind", "description", "actor"]
        read_only_fields = fields


class DeadlineSerializer(ReadableTextSerializer):
    readable_fields = ("description",)
    owner = PersonSerializer(read_only=True, allow_null=True)
    owner_organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta(ReadableTextSerializer.Meta):
        model = Deadline
        fields = [
            "id",
            "kind",
            "description",
            "due_on",
            "status",
            "overdue",
            "owner",
            "owner_organisation",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_overdue(self, deadline: Deadline) -> bool:
        return deadline.status == DeadlineStatus.OPEN and deadline.due_on < timezone.localdate()


def with_identity_warning(
    response: Response, user: User, case: CaseFile, saved: dict[str, Any]
) -> Response:
    """A write's answer, with ``warnings`` when the free text saved
    identifies a complainant and the writer is entitled to know it
    (``cases.identity.identity_warning``): how others will read it."""
    said = identity_warning(user, case, saved.values())
    if said and isinstance(response.data, dict):
        response.data["warnings"] = [said]
    return response
