"""The case file's browser forms. They parse and check what a user typed;
the services in ``cases.services`` decide whether it may be done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import QueryDict

from cases.filetypes import ACCEPTED
from cases.models import (
    CaseFile,
    CaseStatus,
    DecisionSought,
    Dg6Category,
    DocumentKind,
    Offence,
    PleaAnticipated,
    SuspectState,
)
from cases.rules import BulkAllocation
from cases.selectors import CaseFilters, Caseload
from cases.services import CASE_FIELDS, CaseDetails
from rasso.accounts.models import (
    CPS_ROLES,
    POLICE_ROLES,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from rasso.accounts.selectors import memberships_of

DATE_HINT = "For example, 27/3/2026"


def date_field(
    label: str, *, required: bool = False, hint: str = DATE_HINT, what: str = ""
) -> forms.DateField:
    """A date typed as day/month/year (or ISO, as links carry it). ``what``
    names the date in messages when the label alone does not read well."""
    what = what or label.lower()
    return forms.DateField(
        label=label,
        required=required,
        help_text=hint,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a real date, like 27/3/2026",
        },
    )


def offences_in_order() -> QuerySet[Offence]:
    """The 2003 Act first; the older Acts of non-recent cases after it."""
    return Offence.objects.order_by("non_recent", "-act", "id")


def _choice_error(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Choose {what} from the list"}


# -- the case list's filters ------------------------------------------------


@dataclass(frozen=True)
class FilterChoices:
    """What a user may filter their cases by: only organisations and people
    they work with, so a select never lists the whole country."""

    offences: list[tuple[str, str]]
    forces: list[tuple[str, str]]
    officers: list[tuple[str, str]]
    prosecutors: list[tuple[str, str]]

    @classmethod
    def for_user(cls, user: User) -> FilterChoices:
        """Two queries: the offences, and the people of the user's forces and
        CPS Areas (plus one for the forces of a CPS user's Areas)."""
        memberships = memberships_of(user)
        police = {m.organisation for m in memberships if m.role in POLICE_ROLES}
        areas = {m.organisation_id for m in memberships if m.role in CPS_ROLES}
        forces = set(police)
        if areas:
            forces |= set(
                Organisation.objects.filter(
                    kind=OrganisationKind.POLICE_FORCE, cps_areas__in=areas
                ).distinct()
            )
        people = (
            Membership.objects.filter(
                Q(organisation__in=[f.pk for f in police], role=Role.INVESTIGATOR)
                | Q(organisation__in=areas, role=Role.PROSECUTOR)
            )
            .select_related("user")
            .order_by("user__full_name", "user_id")
        )
        officers: dict[str, str] = {}
        prosecutors: dict[str, str] = {}
        for membership in people:
            chosen = officers if membership.role == Role.INVESTIGATOR else prosecutors
            chosen[str(membership.user_id)] = str(membership.user)
        offences = [(str(o.pk), str(o)) for o in offences_in_order()]
        return cls(
            offences=offences,
            forces=[(str(f.pk), f.name) for f in sorted(forces, key=lambda f: f.name)],
            officers=list(officers.items()),
            prosecutors=list(prosecutors.items()),
        )


def _id_field(label: str, what: str, choices: list[tuple[str, str]]) -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", f"Any {what.split()[-1]}"), *choices],
        error_messages=_choice_error(what),
    )


class CaseFilterForm(forms.Form):
    """The MOJ filter of a case list, read from the query string. A value
    that does not make sense gets a clear message and is left out; the
    others still apply."""

    q = forms.CharField(
        label="URN or suspect surname",
        required=False,
        max_length=100,
        help_text="The start of a URN, or of a suspect's surname",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *CaseStatus.choices],
        error_messages=_choice_error("a status"),
    )
    reported_from = date_field("Reported from", what="date reported from")
    reported_to = date_field("Reported to", what="date reported to")
    overdue = forms.BooleanField(label="Has overdue deadlines", required=False)
    unallocated = forms.BooleanField(label="No prosecutor allocated", required=False)

    def __init__(self, data: Any, *, choices: FilterChoices) -> None:
        super().__init__(data)
        self.fields["offence"] = _id_field("Offence", "an offence", choices.offences)
        people_and_places = {
            "force": ("Force", "a force", choices.forces),
            "oic": ("Officer in the case", "an officer", choices.officers),
            "prosecutor": ("Prosecutor", "a prosecutor", choices.prosecutors),
        }
        for name, (label, what, options) in people_and_places.items():
            # An officer of one force sees only its cases (and those shared
            # with them): a force select would offer nothing to choose.
            if len(options) > (1 if name == "force" else 0):
                self.fields[name] = _id_field(label, what, options)
        self.order_fields(["q", "status", "offence", "force", "oic", "prosecutor", "reported_from"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("reported_from"), cleaned.get("reported_to")
        if start and end and end < start:
            self.add_error(
                "reported_to", "The date reported to must be the same as or after the date from"
            )
        return cleaned

    def filters(self, sort: str) -> CaseFilters:
        """The filters that were valid (call after ``is_valid()``)."""
        valid = {
            name: value for name, value in self.cleaned_data.items() if name not in self.errors
        }
        return CaseFilters(
            status=valid.get("status") or "",
            offence=valid.get("offence"),
            force=valid.get("force"),
            oic=valid.get("oic"),
            prosecutor=valid.get("prosecutor"),
            reported_from=valid.get("reported_from"),
            reported_to=valid.get("reported_to"),
            overdue=bool(valid.get("overdue")),
            unallocated=bool(valid.get("unallocated")),
            q=valid.get("q") or "",
            sort=sort,
        )

    def selected(self, query: QueryDict) -> list[dict[str, str]]:
        """Each filter in use, for the MOJ "selected filters" tags: its label,
        its value, and a link to the same list without it (first page)."""
        chosen = []
        for name, value in self.cleaned_data.items():
            if name in self.errors or value in (None, "", False):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                text = str(dict(field.choices).get(str(value), value))  # type: ignore[arg-type]
            elif isinstance(value, date):
                text = f"{value.day} {value:%B %Y}"
            elif value is True:
                text = "Yes"
            else:
                text = str(value)
            without = query.copy()
            without.pop(name, None)
            without.pop("page", None)
            chosen.append(
                {"label": str(field.label), "value": text, "remove_url": f"?{without.urlencode()}"}
            )
        return chosen


# -- creating and editing a case --------------------------------------------


class CaseDetailsForm(forms.Form):
    """The details a police officer keeps up to date, on creation and after."""

    dg6_category = forms.ChoiceField(
        label="DG6 category",
        choices=Dg6Category.choices,
        initial=Dg6Category.GREEN,
        help_text="Red if a suspect is in custody or on bail with a date to return",
        error_messages=_choice_error("a DG6 category"),
    )
    reported_on = date_field("Date reported")
    first_account_on = date_field("Date of first account")
    arrested_on = date_field("Date of arrest")
    interviewed_on = date_field("Date of suspect interview")
    charged_on = date_field("Date of charge")
    # Radios with no "not recorded" option: a case from before these
    # questions keeps its blank answer (and the file checklist it always had)
    # until the officer answers.
    decision_sought = forms.ChoiceField(
        label="Decision sought from CPS",
        choices=DecisionSought.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "A Full Code Test file needs the unused material schedules; a Threshold Test "
            "file needs a list of material identified as potentially disclosable instead"
        ),
        error_messages=_choice_error("the decision sought"),
    )
    plea_anticipated = forms.ChoiceField(
        label="Plea anticipated",
        choices=PleaAnticipated.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "For a Full Code Test: unless a guilty plea is anticipated, the file also "
            "needs the MG6E disclosure officer's report"
        ),
        error_messages=_choice_error("the plea anticipated"),
    )
    forensic_report_expected = forms.BooleanField(
        label="A forensic or medical report is expected",
        required=False,
        help_text="The file then needs the report before it can be submitted",
    )
    unused_material_nil_return = forms.BooleanField(
        label="There is no unused material (nil return)",
        required=False,
        help_text=(
            "A nil return stands in for the MG6C and MG6D schedules: ticking it signs it in "
            "your name"
        ),
    )

    DETAIL_FIELDS = CASE_FIELDS

    def details(self) -> CaseDetails:
        """The details this form holds (an edit form may hold only some)."""
        names = [name for name in self.DETAIL_FIELDS if name in self.fields]
        return cast(CaseDetails, {name: self.cleaned_data[name] for name in names})


class CaseCreateForm(CaseDetailsForm):
    """A new case. The force comes from the officer's membership (a choice
    only for an officer of several forces); the CPS Area is asked for only
    when the force does not have exactly one (the Metropolitan Police and
    British Transport Police)."""

    urn = forms.CharField(
        label="URN",
        max_length=20,
        help_text="Force code, unit, number and year, for example 46KA0123425",
        error_messages={"required": "Enter the URN"},
    )

    def __init__(self, *args: Any, forces: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forces = {force.pk: force for force in forces}
        if len(forces) > 1:
            self.fields["force"] = forms.TypedChoiceField(
                label="Force",
                coerce=int,
                choices=[("", "Choose a force"), *((f.pk, f.name) for f in forces)],
                error_messages={
                    "required": "Choose the force",
                    **_choice_error("one of your forces"),
                },
            )
        areas = self._areas_to_choose_from(forces)
        if areas:
            self.fields["cps_area"] = forms.TypedChoiceField(
                label="CPS Area",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "Choose a CPS Area"), *((a.pk, a.name) for a in areas)],
                help_text=(
                    "Only for Metropolitan Police cases (London North or London South, by "
                    "borough) and British Transport Police cases (where the offence took place)"
                ),
                error_messages=_choice_error("a CPS Area"),
            )
        self.areas = {area.pk: area for area in areas}
        self.order_fields(["urn", "force", "cps_area"])

    @staticmethod
    def _areas_to_choose_from(forces: list[Organisation]) -> list[Organisation]:
        needs_choice = [f for f in forces if len(f.cps_areas.all()) != 1]
        if not needs_choice:
            return []
        if any(not f.cps_areas.all() for f in needs_choice):
            # British Transport Police: any Area, where the offence took place.
            return list(Organisation.objects.filter(kind=OrganisationKind.CPS_AREA))
        return sorted(
            {area for f in needs_choice for area in f.cps_areas.all()}, key=lambda a: a.name
        )

    def force(self) -> Organisation:
        if "force" in self.fields:
            return self.forces[self.cleaned_data["force"]]
        return next(iter(self.forces.values()))

    def cps_area(self) -> Organisation | None:
        """The Area chosen, for a force that has not exactly one; the service
        derives it otherwise."""
        force = self.force()
        if len(force.cps_areas.all()) == 1:
            return None
        area_id = self.cleaned_data.get("cps_area")
        return self.areas.get(area_id) if area_id else None


class CaseEditForm(CaseDetailsForm):
    # The version the officer started from: a stale edit is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(
        cls, case: CaseFile, data: Any = None, *, fields: tuple[str, ...] = CASE_FIELDS
    ) -> CaseEditForm:
        """The form for the details ``fields`` (those the user may change)."""
        form = cls(data, initial={**{n: getattr(case, n) for n in fields}, "version": case.version})
        for name in set(cls.DETAIL_FIELDS) - set(fields):
            del form.fields[name]
        return form


# -- what a case holds ------------------------------------------------------


class OffenceForm(forms.Form):
    offence = forms.ModelChoiceField(
        label="Offence",
        queryset=offences_in_order(),
        empty_label="Choose an offence",
        error_messages={
            "required": "Choose the offence",
            "invalid_choice": "Choose an offence from the list",
        },
    )
    committed_from = date_field("Date of the offence", required=True, hint=DATE_HINT)
    committed_to = date_field(
        "Last date", hint=f"Only if the offence happened over a period. {DATE_HINT}"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("committed_from"), cleaned.get("committed_to")
        if start and end and end < start:
            self.add_error("committed_to", "The last date must be after the date of the offence")
        return cleaned


class SuspectForm(forms.Form):
    first_names = forms.CharField(
        label="First names", max_length=100, error_messages={"required": "Enter the first names"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = date_field("Date of birth", hint="For example, 27/3/1990")
    state = forms.ChoiceField(
        label="Custody or bail",
        choices=SuspectState.choices,
        initial=SuspectState.AT_LARGE,
        error_messages=_choice_error("custody or bail"),
    )
    state_since = date_field("Since")
    review_on = date_field(
        "Bail return or review date",
        hint=f"The bail return date, or the released-under-investigation review date. {DATE_HINT}",
    )


def _document_help() -> str:
    limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
    return f"A {ACCEPTED} file, smaller than {limit} MB"


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=[("", "Choose the kind of document"), *DocumentKind.choices],
        error_messages={
            "required": "Choose what kind of document this is",
            **_choice_error("a kind of document"),
        },
    )
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)
    upload = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: try again",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = _document_help()


# -- sharing and allocation -------------------------------------------------


def _people(organisation_id: int, roles: frozenset[str] | set[str]) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("full_name", "id")
    )


class _PersonForm(forms.Form):
    """One select of people; subclasses say who and how it is labelled."""

    field_name = "person"

    def __init__(self, *args: Any, queryset: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.field_name].queryset = queryset  # type: ignore[attr-defined]

    def person(self) -> User:
        person: User = self.cleaned_data[self.field_name]
        return person


class ShareForm(_PersonForm):
    field_name = "colleague"
    colleague = forms.ModelChoiceField(
        label="Colleague",
        queryset=User.objects.none(),
        empty_label="Choose a colleague",
        help_text="Investigators of the case's force. They will see the complainants' details.",
        error_messages={
            "required": "Choose the colleague to share the case with",
            "invalid_choice": "Choose a colleague from the list",
        },
    )

    @classmethod
    def for_case(cls, case: CaseFile, actor: User, data: Any = None) -> ShareForm:
        people = _people(case.force_id, {Role.INVESTIGATOR})
        return cls(data, queryset=people.exclude(pk__in=[case.oic_id, actor.pk]))


class ReallocateOicForm(_PersonForm):
    field_name = "oic"
    oic = forms.ModelChoiceField(
        label="New officer in the case",
        queryset=User.objects.none(),
        empty_label="Choose an investigator",
        error_messages={
            "required": "Choose the new officer in the case",
            "invalid_choice": "Choose an investigator from the list",
        },
    )

    @classmethod
    def for_case(cls, case: CaseFile, data: Any = None) -> ReallocateOicForm:
        queryset = _people(case.force_id, {Role.INVESTIGATOR}).exclude(pk=case.oic_id)
        return cls(data, queryset=queryset)


class AllocateProsecutorForm(_PersonForm):
    field_name = "prosecutor"
    prosecutor = forms.ModelChoiceField(
        label="Prosecutor",
        queryset=User.objects.none(),
        empty_label="Choose a prosecutor",
        error_messages={
            "required": "Choose the prosecutor",
            "invalid_choice": "Choose a prosecutor from the list",
        },
    )

    @classmethod
    def for_case(cls, case: CaseFile, data: Any = None) -> AllocateProsecutorForm:
        return cls(data, queryset=_people(case.cps_area_id, {Role.PROSECUTOR}))


class ConfirmForm(forms.Form):
    """A button with nothing to fill in (submit to CPS); it carries the
    service's refusal to the error summary."""


class BulkAllocationForm(forms.Form):
    """Several cases of a list and one person: the cases as "id:version" (the
    version the list showed, so a case changed since is caught), and where
    to go back to (a name, never an address)."""

    case = forms.MultipleChoiceField(
        label="Cases", error_messages={"required": "Select at least one case"}
    )
    to = forms.ModelChoiceField(
        queryset=User.objects.none(),
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    back = forms.ChoiceField(choices=[("list", "list"), ("queue", "queue")], required=False)

    def __init__(self, data: Any, *, allocation: BulkAllocation, caseloads: list[Caseload]):
        super().__init__(data)
        self.allocation = allocation
        self.caseloads = {load.person.pk: load for load in caseloads}
        person = "prosecutor" if allocation.kind == "prosecutor" else "officer in the case"
        to = cast("forms.ModelChoiceField[User]", self.fields["to"])
        to.label = f"Choose the {person}"
        to.empty_label = f"Choose the {person}"
        to.error_messages["required"] = f"Choose the {person}"
        to.queryset = User.objects.filter(pk__in=list(self.caseloads)).order_by("full_name", "id")
        to.label_from_instance = self.label_of  # type: ignore[method-assign,assignment]
        # Any "id:version" pair is a choice: which cases exist is the
        # service's to say (under the actor's visibility).
        picked = data.getlist("case") if data is not None else []
        self.fields["case"].choices = [(value, value) for value in picked]  # type: ignore[attr-defined]

    def label_of(self, person: User) -> str:
        return self.caseloads[person.pk].label()

    def clean_case(self) -> dict[int, int]:
        chosen: dict[int, int] = {}
        for value in self.cleaned_data["case"]:
            pk, _, version = value.partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError("Select the cases from the list")
            chosen[int(pk)] = int(version)
        return chosen

    def person(self) -> User:
        person: User = self.cleaned_data["to"]
        return person
