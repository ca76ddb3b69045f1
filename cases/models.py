"""The case file: CaseFile, offences, suspects, documents, timeline and deadlines.

Visibility lives in one place, ``CaseFile.objects.visible_to(user)``; every
page, API view, export and search starts from it. Every change goes through
``cases.services``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from guardian.models import UserObjectPermissionBase

from rasso.accounts.models import Organisation, Viewer

# ASCII digits only: \d would also take other scripts' digits, and with them a
# second spelling of a URN that already exists.
URN_RE = re.compile(
    r"^(?P<force>\d{2})(?P<unit>[A-Z0-9]{2})(?P<number>\d{5})(?P<year>\d{2})$", re.ASCII
)


def normalise_urn(value: str) -> str:
    """Upper-case, without the spaces and slashes people type (46 KA 01234/25)."""
    return re.sub(r"[\s/\-]", "", value or "").upper()


def validate_urn(value: str) -> None:
    if not URN_RE.match(value):
        raise ValidationError(
            "Enter the URN in the format force code, unit, number and year, like 46KA0123425",
            code="invalid_urn",
        )


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    INVESTIGATION = "investigation", "Under investigation"
    WITH_CPS = "with_cps", "With CPS for a charging decision"
    ACTION_PLAN = "action_plan", "Action plan"
    CHARGED = "charged", "Charged"
    FINALISED = "finalised", "Finalised"
    POLICE_NFA = "police_nfa", "No further action (police)"
    CPS_NFA = "cps_nfa", "No further action (CPS)"
    # Opened by mistake (a duplicate, the wrong force, a test record): closed
    # by a supervisor of the force, and reviewed for deletion after 6 months.
    CREATED_IN_ERROR = "created_in_error", "Created in error"


# The case's life, written once: the services check it and the
# templates read it. Who may make each move is checked by the service doing it.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.DRAFT: frozenset({CaseStatus.INVESTIGATION, CaseStatus.CREATED_IN_ERROR}),
    CaseStatus.INVESTIGATION: frozenset(
        {CaseStatus.WITH_CPS, CaseStatus.POLICE_NFA, CaseStatus.CREATED_IN_ERROR}
    ),
    CaseStatus.WITH_CPS: frozenset(
        {CaseStatus.ACTION_PLAN, CaseStatus.CHARGED, CaseStatus.CPS_NFA}
    ),
    CaseStatus.ACTION_PLAN: frozenset({CaseStatus.WITH_CPS}),
    # Charged on the Threshold Test, discontinued when the Full Code Test is not met.
    CaseStatus.CHARGED: frozenset({CaseStatus.FINALISED, CaseStatus.CPS_NFA}),
    CaseStatus.FINALISED: frozenset(),
    CaseStatus.CREATED_IN_ERROR: frozenset(),
    # Reopened after a successful Victims' Right to Review.
    CaseStatus.POLICE_NFA: frozenset({CaseStatus.INVESTIGATION}),
    # A CPS NFA overturned on review goes back to the police to investigate,
    # or straight back to CPS for a new decision.
    CaseStatus.CPS_NFA: frozenset({CaseStatus.INVESTIGATION, CaseStatus.WITH_CPS}),
}

# Statuses in which the police may still change the file.
POLICE_EDITABLE = frozenset({CaseStatus.DRAFT, CaseStatus.INVESTIGATION, CaseStatus.ACTION_PLAN})


class CourtResult(models.TextChoices):
    """How a charged case ended at court: recorded when it is finalised."""

    CONVICTED_AFTER_TRIAL = "convicted_trial", "Convicted after trial"
    GUILTY_PLEA = "guilty_plea", "Guilty plea"
    ACQUITTED = "acquitted", "Acquitted"
    DISCONTINUED = "discontinued", "Discontinued"
    NO_LONGER_SUPPORTS = "no_support", "Complainant no longer supports the prosecution"
    OTHER = "other", "Other"


# The results that are a conviction: the case is kept under MoPI group 1.
CONVICTIONS = frozenset({CourtResult.CONVICTED_AFTER_TRIAL, CourtResult.GUILTY_PLEA})


class RetentionCategory(models.TextChoices):
    """The Management of Police Information (MoPI) groups a case falls in,
    by its outcome (``cases.retention.schedule``)."""

    CONVICTION = "group_1", "Group 1: conviction for a serious sexual offence"
    OTHER_SEXUAL_OFFENCE = "group_2", "Group 2: other sexual offence case (NFA included)"
    CREATED_IN_ERROR = "in_error", "Created in error"


class DecisionSought(models.TextChoices):
    """The charging decision the police refer the case for: the file it
    needs at referral follows from it (``cases.services.case_checklist``)."""

    FULL_CODE_TEST = "full_code_test", "Full Code Test"
    THRESHOLD_TEST = "threshold_test", "Threshold Test"


class PleaAnticipated(models.TextChoices):
    """The plea the officer expects, for a Full Code Test referral."""

    NOT_GUILTY = "not_guilty", "Not guilty"
    GUILTY = "guilty", "Guilty"
    UNKNOWN = "unknown", "Not known"


class Dg6Category(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    GREEN_PRIORITY = "green_priority", "Green priority"


def visibility_branches(user: Viewer) -> list[Q]:
    """The ways ``user`` may see a case, one condition each.

    - the OIC, and police officers granted the case (django-guardian rows);
    - a police supervisor or SPOC: every case of their force;
    - a CPS SPOC: the cases referred to their Area, never a police draft;
    - the allocated prosecutor, and a prosecutor granted the case (the one
      allocated an early-advice request on it);
    - nobody else: panel members, managers and administrators see none.

    Each condition is served by an index of its own (the grant table's user
    index, or a case index that also carries the list order), which is why
    lists read them one at a time: see ``cases.selectors.CaseListing``.
    """
    from rasso.accounts.models import POLICE_ROLES, Role
    from rasso.accounts.selectors import memberships_of

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    memberships = memberships_of(user)
    police_orgs = sorted(
        {
            m.organisation_id
            for m in memberships
            if m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
        }
    )
    cps_spoc_areas = sorted({m.organisation_id for m in memberships if m.role == Role.CPS_SPOC})
    # Being OIC, allocated or granted counts only while the user still works
    # in the case's force or Area: an officer who moves force, or a
    # prosecutor who moves Area, leaves their old cases behind.
    police_forces = sorted({m.organisation_id for m in memberships if m.role in POLICE_ROLES})
    prosecutor_areas = sorted({m.organisation_id for m in memberships if m.role == Role.PROSECUTOR})
    # The widest branches first: a list counts them in this order, each
    # leaving out what the ones before it hold.
    branches: list[Q] = []
    if police_orgs:
        branches.append(Q(force__in=police_orgs))
    if cps_spoc_areas:
        branches.append(Q(cps_area__in=cps_spoc_areas, referred_at__isnull=False))
    if police_forces:
        branches.append(Q(oic=user, force__in=police_forces))
    if prosecutor_areas:
        branches.append(Q(prosecutor=user, cps_area__in=prosecutor_areas))
    # Prosecutors too: an early-advice request grants its prosecutor the case
    # (never the police's edit rights: cases.rules.works_on_case wants an officer).
    grant_scope = Q(pk__in=[])
    if police_forces:
        grant_scope |= Q(force__in=police_forces)
    if prosecutor_areas:
        grant_scope |= Q(cps_area__in=prosecutor_areas)
    if police_forces or prosecutor_areas:
        granted = CaseFileUserObjectPermission.objects.filter(
            user=user, permission__codename="view_casefile"
        ).values("content_object_id")
        branches.append(Q(pk__in=granted) & grant_scope)
    return branches


class CaseFileQuerySet(models.QuerySet["CaseFile"]):
    def visible_to(self, user: Viewer) -> CaseFileQuerySet:
        """The cases ``user`` may see, as one WHERE clause (the branches of
        ``visibility_branches`` OR-ed together): for fetching one case, and
        for filters and counts. Long sorted lists page through the branches
        one at a time instead (``cases.selectors.CaseListing``)."""
        branches = visibility_branches(user)
        if not branches:
            return self.none()
        condition = branches[0]
        for branch in branches[1:]:
            condition |= branch
        return self.filter(condition)


class CaseFile(models.Model):
    urn = models.CharField("URN", max_length=11, unique=True, validators=[validate_urn])
    force = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="force_cases",
        limit_choices_to={"kind": "police_force"},
    )
    # The case, not the force, carries the Area: the Metropolitan Police's
    # cases go to London North or London South.
    cps_area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="area_cases",
        limit_choices_to={"kind": "cps_area"},
    )
    oic = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="oic_cases",
        verbose_name="officer in the case",
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    dg6_category = models.CharField(
        "DG6 category",
        max_length=20,
        choices=Dg6Category.choices,
        default=Dg6Category.GREEN,
    )
    reported_on = models.DateField("date reported", null=True, blank=True)
    first_account_on = models.DateField("date of first account", null=True, blank=True)
    arrested_on = models.DateField("date of arrest", null=True, blank=True)
    interviewed_on = models.DateField("date of suspect interview", null=True, blank=True)
    charged_on = models.DateField("date of charge", null=True, blank=True)
    forensic_report_expected = models.BooleanField(
        "forensic or medical report expected",
        default=False,
        help_text="If yes, the file needs the report before it can be submitted.",
    )
    unused_material_nil_return = models.BooleanField(
        "nil return for unused material",
        default=False,
        help_text="No unused material: a nil return stands in for the MG6C and MG6D.",
    )
    # A nil return is a signed statement, not an empty box: who ticked it and
    # when, set by the service with the box (and cleared with it).
    unused_material_nil_return_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nil return signed by",
    )
    unused_material_nil_return_at = models.DateTimeField(
        "nil return signed at", null=True, blank=True
    )
    # Empty until the officer says: the file checklist then asks what it
    # always asked (cases.services.unused_material_checklist).
    decision_sought = models.CharField(
        "decision sought",
        max_length=20,
        choices=DecisionSought.choices,
        blank=True,
        default="",
        db_default="",
    )
    plea_anticipated = models.CharField(
        "plea anticipated",
        max_length=20,
        choices=PleaAnticipated.choices,
        blank=True,
        default="",
        db_default="",
    )
    prosecutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prosecuted_cases",
        verbose_name="allocated prosecutor",
    )
    # When the case first reached CPS (a charging submission or, later, an
    # early-advice request): from then on the Area's SPOC sees it.
    referred_at = models.DateTimeField(null=True, blank=True)
    # The latest complete submission for a charging decision.
    submitted_at = models.DateTimeField(null=True, blank=True)
    # How a charged case ended at court, and when (``case_finalise``).
    court_result = models.CharField(
        max_length=20, choices=CourtResult.choices, blank=True, default="", db_default=""
    )
    finalised_on = models.DateField("date finalised", null=True, blank=True)
    # Why a supervisor closed it as created in error (free text: it may name
    # someone, so it is shown only to those who see the case, never audited).
    created_in_error_reason = models.TextField(blank=True, default="", db_default="")
    # (Database defaults too: seed_demo's COPY leaves these columns out.)
    # Retention (DESIGN.md section 10): the MoPI group the outcome put the case
    # in, the date the period runs from, and when it is next reviewed. Empty
    # while the case is open; set by the service that records the outcome.
    retention_category = models.CharField(
        max_length=20,
        choices=RetentionCategory.choices,
        blank=True,
        default="",
        db_default="",
    )
    retention_from = models.DateField(null=True, blank=True)
    retention_review_on = models.DateField("retention review date", null=True, blank=True)
    # Optimistic concurrency: every update says which version it edited.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The earliest open deadline's date, for lists sorted by what is due.
    # Kept by the database itself (a trigger on deadlines, migration 0009),
    # whoever writes them: never set it here.
    next_due_on = models.DateField(null=True, blank=True, editable=False)

    objects: ClassVar[CaseFileQuerySet] = CaseFileQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            # Each list sorts by most recently updated within its visibility
            # branch; the id breaks ties so pages are stable.
            # The force too: an OIC's branch is "OIC and an officer of the
            # case's force", so the list reads it in order and its count
            # comes from the index alone.
            models.Index(
                fields=["oic", "force", "-updated_at", "-id"], name="case_oic_force_updated"
            ),
            models.Index(fields=["force", "-updated_at", "-id"], name="case_force_updated"),
            models.Index(
                fields=["prosecutor", "-updated_at", "-id"],
                name="case_prosecutor_updated",
                condition=Q(prosecutor__isnull=False),
            ),
            models.Index(
                fields=["cps_area", "-updated_at", "-id"],
                name="case_area_referred_updated",
                condition=Q(referred_at__isnull=False),
            ),
            # The same branches by what is due next (no open deadline: last).
            models.Index(
                fields=["oic", "force", "next_due_on", "id"], name="case_oic_force_next_due"
            ),
            models.Index(fields=["force", "next_due_on", "id"], name="case_force_next_due"),
            models.Index(
                fields=["prosecutor", "next_due_on", "id"],
                name="case_prosecutor_next_due",
                condition=Q(prosecutor__isnull=False),
            ),
            models.Index(
                fields=["cps_area", "next_due_on", "id"],
                name="case_area_referred_next_due",
                condition=Q(referred_at__isnull=False),
            ),
            # The CPS SPOC's "ready to allocate" queue, oldest submission first.
            models.Index(
                fields=["cps_area", "submitted_at", "id"],
                name="case_ready_to_allocate",
                # referred_at too: visible_to adds it, and only a condition the
                # index implies lets the queue be read from the index alone.
                condition=Q(status="with_cps", prosecutor__isnull=True, referred_at__isnull=False),
            ),
            models.Index(fields=["status"], name="case_status"),
            # The supervisors' "due for a retention review" list and the beat
            # task's counts: a force's cases by review date, closed ones only.
            models.Index(
                fields=["force", "retention_review_on", "id"],
                name="case_retention_review",
                condition=Q(retention_review_on__isnull=False),
            ),
            # URN search is by prefix: LIKE 'ABC%' needs the pattern operator class.
            models.Index(fields=["urn"], name="case_urn_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.urn

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def police_may_edit(self) -> bool:
        return self.status in POLICE_EDITABLE

    @property
    def unused_material_nil_return_signed(self) -> bool:
        """A nil return that someone signed (the service signs every one it
        records; a row written around it, like the demo's, may not be)."""
        return bool(
            self.unused_material_nil_return
            and self.unused_material_nil_return_by_id is not None
            and self.unused_material_nil_return_at is not None
        )


class CaseFileUserObjectPermission(UserObjectPermissionBase):
    """Grants on one case to one user (django-guardian, with a real foreign
    key rather than the generic content-type table)."""

    content_object = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="grants")

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class Offence(models.Model):
    """A Sexual Offences Act offence from the reference list."""

    act = models.CharField(max_length=40)
    section = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    # Offences charged under the 1956 Act are for non-recent cases.
    non_recent = models.BooleanField(default=False)

    class Meta:
        ordering = ["act", "id"]
        constraints = [
            models.UniqueConstraint(fields=["act", "section", "title"], name="offence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (s.{self.section} {self.act})"


class CaseOffence(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="offences")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="+")
    committed_from = models.DateField("date (or first date)")
    committed_to = models.DateField("last date, for a range", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["offence", "case"])]

    def __str__(self) -> str:
        return str(self.offence)

    def clean(self) -> None:
        if self.committed_to and self.committed_to < self.committed_from:
            raise ValidationError({"committed_to": "The last date must be after the first date"})


class SuspectState(models.TextChoices):
    AT_LARGE = "not_arrested", "Not arrested"
    CUSTODY = "custody", "In custody"
    BAIL = "bail", "On pre-charge bail"
    RUI = "rui", "Released under investigation"


class Suspect(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="suspects")
    first_names = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=20, choices=SuspectState.choices, default=SuspectState.AT_LARGE
    )
    state_since = models.DateField(null=True, blank=True)
    # The bail return date, or the released-under-investigation review date.
    review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # Search by surname, case-blind and by prefix.
            models.Index(
                OpClass(Upper("last_name"), name="varchar_pattern_ops"),
                name="suspect_last_name_upper",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name}"


class DocumentKind(models.TextChoices):
    MG3 = "mg3", "MG3 report to CPS for a charging decision"
    MG3A = "mg3a", "MG3A further report"
    MG5 = "mg5", "MG5 case summary"
    MG6C = "mg6c", "MG6C schedule of non-sensitive unused material"
    MG6D = "mg6d", "MG6D schedule of sensitive unused material"
    MG6E = "mg6e", "MG6E disclosure officer's report"
    # What a Threshold Test referral carries in place of the schedules.
    DISCLOSABLE_LIST = (
        "disclosable_list",
        "List of material identified as potentially disclosable",
    )
    MG11 = "mg11", "MG11 witness statement"
    MG15 = "mg15", "MG15 record of interview"
    ABE = "abe", "ABE interview record"
    EXHIBIT = "exhibit", "Exhibit"
    FORENSIC = "forensic", "Forensic or medical report"
    DIGITAL = "digital", "Digital download report"
    OTHER = "other", "Other"


class Document(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200, blank=True, default="")
    original_name = models.CharField(max_length=255)
    # A random name under MEDIA_ROOT/documents/: nothing guessable, nothing
    # from the user.
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.title or self.original_name


class CaseEvent(models.Model):
    """One line of the case timeline: who did what, when. The description
    never names a complainant (pseudonyms only)."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at", "-id"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class Deadline(models.Model):
    """Every obligation with a date. Apps open and close their
    deadlines through ``cases.services`` only."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=60)
    description = models.CharField(max_length=200)
    due_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines"
    )
    # What the obligation comes from: "cases.casefile:12", "charging.actionplan:7".
    source = models.CharField(max_length=80, blank=True, default="")
    status = models.CharField(
        max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why a cancelled deadline no longer applies ("The suspect was charged").
    closed_reason = models.CharField(max_length=200, blank=True, default="", db_default="")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["case", "status", "due_on"]),
            # The reminder sweep and "overdue" filters read open deadlines by date.
            models.Index(
                fields=["due_on", "case"],
                name="deadline_open_due",
                condition=Q(status="open"),
            ),
            models.Index(
                fields=["owner", "due_on"],
                name="deadline_open_owner",
                condition=Q(status="open"),
            ),
            # The reports: deadlines of a kind falling due in a period (were
            # complainants told on time?), submissions by when they were made.
            models.Index(fields=["kind", "due_on"], name="deadline_kind_due"),
            models.Index(fields=["kind", "opened_at"], name="deadline_kind_opened"),
        ]

    def __str__(self) -> str:
        return f"{self.description} by {self.due_on:%d %b %Y}"


class BankHoliday(models.Model):
    """England and Wales bank holidays, for working-day deadlines.

    Loaded from the ``holidays`` library (offline) and editable in the admin,
    since one-off holidays are announced at short notice.
    """

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.name}"


class DeadlineTiming(models.Model):
    """A CPS Area's own number of days for a kind of deadline, in place of
    the default in ``cases.deadlines.DEFAULT_TIMINGS``."""

    cps_area = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="deadline_timings",
        limit_choices_to={"kind": "cps_area"},
    )
    kind = models.CharField(max_length=60)
    days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cps_area", "kind"], name="deadline_timing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cps_area}: {self.kind} in {self.days} days"

    def clean(self) -> None:
        from cases.deadlines import DEFAULT_TIMINGS

        if self.kind not in DEFAULT_TIMINGS:
            raise ValidationError({"kind": "Choose one of the kinds of deadline"})


# Retention's tables are the cases app's (cases.retention.models).
from cases.retention.models import (  # noqa: E402, F401
    ForceRetentionPeriod,
    LegalHold,
    PendingFileRemoval,
    RetentionNotice,
    RetentionPeriod,
    RetentionReview,
)
