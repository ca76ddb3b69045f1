"""Users, organisations and API tokens in the admin.

A user's memberships are edited on the user's page, but never saved by the
admin itself: each row added, changed or deleted is handed to
``rasso.accounts.services`` (audited, told to the organisation's
supervisors), and a change to the administrator's own roles is refused on
the form with the service's reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasso.accounts import services
from rasso.accounts.models import ApiToken, Membership, Organisation, User

# django-otp's own admin pages show each device's secret key: whoever read it
# could make a user's codes. A second factor is reset (below), never edited.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)


class MembershipFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """The user's memberships, checked against the service's rule: the one
    rule refuses here, before anything is saved, and in the service."""

    actor: User | None = None

    def clean(self) -> None:
        super().clean()
        touched = any(form.has_changed() for form in self.forms) or bool(self.deleted_forms)
        if touched and (refusal := services.membership_refusal(self.actor, self.instance)):
            raise ValidationError(refusal)


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_formset(self, request: HttpRequest, obj: User | None = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        actor = request.user if isinstance(request.user, User) else None
        return type(formset.__name__, (formset,), {"actor": actor})


@admin.register(User)
# The stubs expect AbstractUser; ours is AbstractBaseUser with the same admin fields.
class UserAdmin(DjangoUserAdmin[User]):  # type: ignore[type-var]
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (the user sets it up again)")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        users = list(queryset)
        for user in users:
            services.two_factor_reset(actor=actor, user=user)
        self.message_user(
            request,
            f"Reset two-factor sign-in for {len(users)} account{'s' if len(users) != 1 else ''}. "
            "Each has been told by e-mail.",
            messages.SUCCESS,
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        actor = request.user if isinstance(request.user, User) else None
        user = form.instance
        # What the admin's change message (its own log) reads of a formset.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if row.instance.pk is not None:
                services.membership_remove(actor=actor, membership=row.instance)
                formset.deleted_objects.append(row.instance)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            data = row.cleaned_data
            if row.instance.pk is None:
                created = services.membership_create(
                    actor=actor, user=user, organisation=data["organisation"], role=data["role"]
                )
                formset.new_objects.append(created)
            else:
                changed = services.membership_change(
                    actor=actor,
                    membership=row.instance,
                    organisation=data["organisation"],
                    role=data["role"],
                )
                formset.changed_objects.append((changed, row.changed_data))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["cps_areas"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are listed and revoked here (through the service, audited);
    they are issued by their owner, who sees the key once. Nothing is edited
    or deleted: a revoked token stays on record."""

    list_display = ["name", "user", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "name"]
    readonly_fields = [
        "user", "name", "created_at", "last_used_at", "expires_at", "revoked_at",
    ]  # fmt: skip
    exclude = ["digest"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        revoked = 0
        for token in queryset.filter(revoked_at=None):
            services.api_token_revoke(actor=actor, token=token)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
