from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
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


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


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


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["cps_areas"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens can be revoked (deleted) here; they are issued by the service,
    which shows the key once."""

    list_display = ["name", "user", "created_at", "last_used_at"]
    search_fields = ["user__email", "name"]
    readonly_fields = ["user", "name", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
