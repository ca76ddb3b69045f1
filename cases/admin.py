"""The admin for cases' reference data: offences, bank holidays, deadline
timings, the retention schedule and a force's own retention periods.

Nothing else of ``cases`` is registered, on purpose: a case file, its
documents, suspects, timeline and deadlines are case content, and an
administrator sees no case content without an audited reason. A test keeps it that way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from cases.deadlines import DEFAULT_TIMINGS
from cases.models import BankHoliday, DeadlineTiming, Offence
from cases.retention.models import ForceRetentionPeriod, RetentionPeriod
from cases.workdays import bank_holidays_changed, bank_holidays_from_library
from rasso.audit.services import audit_record

# How far ahead the reload action fills the table: this year and the next ten.
RELOAD_YEARS_AHEAD = 10


@admin.register(Offence)
class OffenceAdmin(admin.ModelAdmin[Offence]):
    """Read-mostly: a new offence can be added when Parliament creates one, but
    an offence on cases is never renamed or deleted under them."""

    list_display = ["title", "section", "act", "non_recent"]
    list_filter = ["act", "non_recent"]
    search_fields = ["title", "section"]

    def get_readonly_fields(self, request: HttpRequest, obj: Offence | None = None) -> Any:
        return ["act", "section", "title"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Offence | None = None) -> bool:
        return False


def _forget_cached_bank_holidays() -> None:
    # Now, and again once the change is committed: a request that read the
    # table in between would otherwise cache the old list for an hour.
    bank_holidays_changed()
    transaction.on_commit(bank_holidays_changed)


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin[BankHoliday]):
    """Editable: one-off bank holidays are announced at short notice, and a
    working-day deadline must skip them from the day they are entered."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]
    actions = ["reload_bank_holidays"]

    def save_model(self, request: HttpRequest, obj: BankHoliday, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _forget_cached_bank_holidays()

    def delete_model(self, request: HttpRequest, obj: BankHoliday) -> None:
        super().delete_model(request, obj)
        _forget_cached_bank_holidays()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[BankHoliday]) -> None:
        super().delete_queryset(request, queryset)
        _forget_cached_bank_holidays()

    @admin.action(description="Reload bank holidays from the holidays library")
    def reload_bank_holidays(self, request: HttpRequest, queryset: QuerySet[BankHoliday]) -> None:
        """Add (or rename) the library's bank holidays for this year and the
        next ten. The rows selected do not matter, and nothing is deleted:
        a holiday entered by hand stays until someone removes it."""
        this_year = timezone.localdate().year
        years = range(this_year, this_year + RELOAD_YEARS_AHEAD + 1)
        library = bank_holidays_from_library(years)
        with transaction.atomic():
            BankHoliday.objects.bulk_create(
                [BankHoliday(date=day, name=name) for day, name in sorted(library.items())],
                update_conflicts=True,
                unique_fields=["date"],
                update_fields=["name"],
            )
            audit_record(
                actor=request.user,
                action="bank_holidays.reload",
                object_type="cases.bankholiday",
                request=request,
                detail={"years": [years.start, years.stop - 1], "count": len(library)},
            )
            _forget_cached_bank_holidays()
        self.message_user(
            request,
            f"Loaded {len(library)} bank holidays for {years.start} to {years.stop - 1} "
            "from the holidays library",
            messages.SUCCESS,
        )


class DeadlineTimingForm(forms.ModelForm[DeadlineTiming]):
    # A kind the code knows, chosen from a list rather than typed.
    kind = forms.ChoiceField(
        label="Kind of deadline",
        choices=[(kind, timing.description) for kind, timing in DEFAULT_TIMINGS.items()],
    )
    days = forms.IntegerField(min_value=1, max_value=365)

    class Meta:
        model = DeadlineTiming
        fields = ["cps_area", "kind", "days"]


@admin.register(DeadlineTiming)
class DeadlineTimingAdmin(admin.ModelAdmin[DeadlineTiming]):
    """A CPS Area's own number of days in place of a default of
    ``cases.deadlines.DEFAULT_TIMINGS`` (working or calendar days as the
    default counts them)."""

    form = DeadlineTimingForm
    list_display = ["cps_area", "kind", "days"]
    list_filter = ["kind", "cps_area"]
    list_select_related = ["cps_area"]


def _retention_period_audit(request: HttpRequest, obj: Any, change: bool) -> None:
    audit_record(
        actor=request.user,
        action=f"retention_period.{'change' if change else 'add'}",
        obj=obj,
        request=request,
        detail={
            "category": obj.category,
            "review_after_months": obj.review_after_months,
            "force": getattr(obj, "force_id", None),
        },
    )


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin[RetentionPeriod]):
    """The retention schedule's defaults, one per MoPI category (loaded by a
    migration): the data owner changes a period, never adds or removes a
    category. A change applies to the review dates set from then on."""

    list_display = ["category", "review_after_months", "keep_until_age", "description"]
    readonly_fields = ["category"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: RetentionPeriod | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RetentionPeriod, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _retention_period_audit(request, obj, change)


@admin.register(ForceRetentionPeriod)
class ForceRetentionPeriodAdmin(admin.ModelAdmin[ForceRetentionPeriod]):
    """A force's own review period for a category, in place of the default."""

    list_display = ["force", "category", "review_after_months"]
    list_filter = ["category", "force"]
    list_select_related = ["force"]

    def save_model(
        self, request: HttpRequest, obj: ForceRetentionPeriod, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _retention_period_audit(request, obj, change)
