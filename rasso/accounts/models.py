"""Users, the organisations they belong to, and their roles there.

A user signs in by e-mail and holds one or more memberships: (organisation,
role). What a user may see follows from those memberships (organisation scope)
and from object grants made later through django-guardian.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeAlias

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-case; signing in is case-blind.
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "administrator", default=False, help_text="Can sign in to the admin site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


# Whoever a read is for: a signed-in user, or a visitor who is not (who sees
# nothing). Writes take a ``User``: only a signed-in user acts.
Viewer: TypeAlias = User | AnonymousUser


class OrganisationKind(models.TextChoices):
    CPS_AREA = "cps_area", "CPS Area"
    POLICE_FORCE = "police_force", "Police force"
    SCRUTINY_PANEL = "scrutiny_panel", "Scrutiny panel"
    NATIONAL = "national", "National"


class Organisation(models.Model):
    """A CPS Area, a police force, a scrutiny panel or the national body.

    A force (and a scrutiny panel) works with one or more CPS Areas: most forces
    one; the Metropolitan Police Service two (London North and London South,
    by borough); British Transport Police none fixed, since its cases go to the
    Area where the offence took place.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    code = models.CharField(
        max_length=2,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{2}$", "A force code is two digits, like 46.")],
        help_text="A police force's two-digit code, as used in URNs.",
    )
    cps_areas = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="partner_organisations",
        limit_choices_to={"kind": OrganisationKind.CPS_AREA},
        help_text="The CPS Areas a force's cases (or a panel's reviews) go to.",
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="organisation_force_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.POLICE_FORCE) | Q(code=""),
                name="organisation_code_only_for_forces",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_force(self) -> bool:
        return self.kind == OrganisationKind.POLICE_FORCE

    @property
    def is_cps_area(self) -> bool:
        return self.kind == OrganisationKind.CPS_AREA


class Role(models.TextChoices):
    INVESTIGATOR = "investigator", "Investigator"
    POLICE_SUPERVISOR = "police_supervisor", "Police supervisor"
    POLICE_SPOC = "police_spoc", "Police single point of contact"
    PROSECUTOR = "prosecutor", "Prosecutor"
    CPS_SPOC = "cps_spoc", "CPS single point of contact"
    PANEL_MEMBER = "panel_member", "Scrutiny panel member"
    MANAGER = "manager", "Manager"


# Which kinds of organisation each role belongs to: written once, read by the
# membership service and the admin form.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.INVESTIGATOR: frozenset({OrganisationKind.POLICE_FORCE}),
    Role.POLICE_SUPERVISOR: frozenset({OrganisationKind.POLICE_FORCE}),
    Role.POLICE_SPOC: frozenset({OrganisationKind.POLICE_FORCE}),
    Role.PROSECUTOR: frozenset({OrganisationKind.CPS_AREA}),
    Role.CPS_SPOC: frozenset({OrganisationKind.CPS_AREA}),
    Role.PANEL_MEMBER: frozenset({OrganisationKind.SCRUTINY_PANEL}),
    Role.MANAGER: frozenset(
        {OrganisationKind.POLICE_FORCE, OrganisationKind.CPS_AREA, OrganisationKind.NATIONAL}
    ),
}

POLICE_ROLES = frozenset({Role.INVESTIGATOR, Role.POLICE_SUPERVISOR, Role.POLICE_SPOC})
CPS_ROLES = frozenset({Role.PROSECUTOR, Role.CPS_SPOC})


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            ),
        ]
        # Organisation-scope rules ask "who holds role R in organisation O".
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"

    def clean(self) -> None:
        allowed = ROLE_ORGANISATION_KINDS.get(self.role, frozenset())
        if self.organisation_id and self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "role": (
                        f"A {self.get_role_display().lower()} cannot belong to "
                        f"a {self.organisation.get_kind_display().lower()}."
                    )
                }
            )


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_expiry() -> datetime:
    """When a key issued now stops working (API_TOKEN_LIFETIME_DAYS, 90 by default)."""
    return timezone.now() + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


class ApiToken(models.Model):
    """An API key, stored only as its SHA-256 digest.

    The key itself is shown once, when it is issued; a copy of the database
    gives nobody a working key. It stops working when it expires or is
    revoked (by its owner or an administrator); the row stays, for the record.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="API token")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    def refusal(self, now: datetime | None = None) -> str | None:
        """Why the key no longer works, or None while it does."""
        if self.revoked_at is not None:
            return f"This API token was revoked on {timezone.localtime(self.revoked_at):%d %B %Y}."
        if self.expires_at <= (now or timezone.now()):
            return (
                f"This API token expired on {timezone.localtime(self.expires_at):%d %B %Y}. "
                "Issue a new one from the API tokens page of your account."
            )
        return None

    @staticmethod
    def generate_key() -> str:
        return secrets.token_urlsafe(32)
