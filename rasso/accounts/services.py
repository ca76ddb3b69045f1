"""Every write to users, memberships, API tokens and second factors.

A membership is what opens cases to a user, so every change of one (the
admin, ``seed_demo``, any command or page) goes through ``membership_create``,
``membership_change`` or ``membership_remove``: each refuses a change to the
actor's own roles, writes the append-only audit log (who, whose, which
organisation, the role before and after) and tells the organisation's
supervisors in the application."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasso.accounts import rules, selectors
from rasso.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    Role,
    User,
    token_digest,
    token_expiry,
)
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse

# Who tells the supervisors of a membership change: notifications registers
# itself here in its AppConfig.ready() (it builds on accounts, so accounts
# never imports it). Each is called with the users to tell and the sentence.
MEMBERSHIP_CHANGE_TELLERS: list[Callable[[QuerySet[User], str], object]] = []


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    password: str | None = None,
    is_administrator: bool = False,
) -> User:
    """Create an account. ``password`` is checked against the password rules;
    without one the account cannot sign in until a password is set. An
    administrator manages users and reference data in the admin site."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        full_name=full_name,
        is_staff=is_administrator,
        is_superuser=is_administrator,
    )
    if password is not None:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor, action="user.create", obj=user, detail={"administrator": is_administrator}
    )
    return user


def membership_refusal(actor: User | None, user: User) -> str | None:
    """Why ``actor`` may not change ``user``'s memberships, or None. The
    system (``actor`` None: migrations, ``seed_demo``) may; otherwise only an
    administrator, and never on their own account: a role is what opens a
    case, so nobody grants one to themselves."""
    if actor is None:
        return None
    if actor.pk == user.pk:
        return "You cannot change your own roles: ask another administrator to do it"
    if not actor.is_staff:
        return "Only an administrator changes roles"
    return None


def _membership_told(
    *,
    actor: User | None,
    action: str,
    membership: Membership,
    before: tuple[Organisation, str] | None,
    after: tuple[Organisation, str] | None,
) -> None:
    """Write the change to the audit log and tell the supervisors of every
    organisation it touches (the one left as well as the one joined)."""
    user = membership.user
    organisation = (after or before or (membership.organisation, ""))[0]
    detail: dict[str, object] = {
        "user": user.pk,
        "organisation": organisation.pk,
        "role_before": before[1] if before else None,
        "role_after": after[1] if after else None,
    }
    if before and after and before[0] != after[0]:
        detail["organisation_before"] = before[0].pk
    audit_record(actor=actor, action=action, obj=membership, detail=detail)

    by = f" by {actor}" if actor is not None else ""
    if before is None:
        text = f"{user} was given the role {_held(after)}{by}."
    elif after is None:
        text = f"{user} no longer holds the role {_held(before)}: removed{by}."
    else:
        text = f"{user}'s role changed from {_held(before)} to {_held(after)}{by}."
    touched = {held[0].pk: held[0] for held in (before, after) if held is not None}
    supervisors = selectors.organisation_supervisors(touched.values()).exclude(pk=user.pk)
    for tell in MEMBERSHIP_CHANGE_TELLERS:
        tell(supervisors, text)


def _held(held: tuple[Organisation, str] | None) -> str:
    if held is None:
        return ""
    organisation, role = held
    return f"{Role(role).label}, {organisation}"


@transaction.atomic
def membership_create(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    """Give ``user`` a role in ``organisation``; the role must fit the kind of
    organisation (an investigator belongs to a force, a prosecutor to an Area).
    Audited, and told to the organisation's supervisors. Returns the existing
    membership, unchanged and untold, if the user already holds it."""
    refuse(membership_refusal(actor, user))
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        return existing
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    _membership_told(
        actor=actor,
        action="membership.create",
        membership=membership,
        before=None,
        after=(organisation, role),
    )
    return membership


@transaction.atomic
def membership_change(
    *,
    actor: User | None,
    membership: Membership,
    organisation: Organisation | None = None,
    role: str | None = None,
) -> Membership:
    """Move a membership to another role or organisation (or both), under the
    rules of ``membership_create``. Nothing changes, and nobody is told, when
    both are as they were."""
    locked = Membership.objects.select_for_update().select_related("user", "organisation")
    current = locked.get(pk=membership.pk)
    refuse(membership_refusal(actor, current.user))
    before = (current.organisation, current.role)
    after = (organisation or current.organisation, role or current.role)
    if after == before:
        return current
    current.organisation, current.role = after
    current.full_clean()
    current.save(update_fields=["organisation", "role"])
    _membership_told(
        actor=actor, action="membership.change", membership=current, before=before, after=after
    )
    return current


@transaction.atomic
def membership_remove(*, actor: User | None, membership: Membership) -> None:
    """Take a role away, under the rules of ``membership_create``: audited,
    and told to the organisation's supervisors."""
    locked = Membership.objects.select_for_update().select_related("user", "organisation")
    current = locked.filter(pk=membership.pk).first()
    if current is None:
        return
    refuse(membership_refusal(actor, current.user))
    pk = current.pk
    current.delete()
    current.pk = pk
    _membership_told(
        actor=actor,
        action="membership.remove",
        membership=current,
        before=(current.organisation, current.role),
        after=None,
    )


@transaction.atomic
def api_token_issue(
    *, actor: User | None, user: User, name: str = "API token", key: str | None = None
) -> tuple[ApiToken, str]:
    """Issue an API key for ``user`` and return it with its record.

    The key is returned here and never again: only its digest is stored.
    ``key`` lets the demo seeding issue a key it can print again on every run:
    an existing token with the same key is returned, working again if it had
    expired or been revoked. A key works for API_TOKEN_LIFETIME_DAYS.
    """
    name = name.strip()
    if not name:
        raise DomainError("Enter a name for the token, like the script that will use it")
    key = key or ApiToken.generate_key()
    token, created = ApiToken.objects.get_or_create(
        digest=token_digest(key), defaults={"user": user, "name": name[:100]}
    )
    if token.user_id != user.pk:
        raise ValueError("That key belongs to another account")
    if created:
        audit_record(actor=actor, action="api_token.issue", obj=token, detail={"user": user.pk})
    elif token.refusal() is not None:
        token.expires_at = token_expiry()
        token.revoked_at = None
        token.save(update_fields=["expires_at", "revoked_at"])
        audit_record(actor=actor, action="api_token.renew", obj=token, detail={"user": user.pk})
    return token, key


def api_token_revoke_refusal(actor: User, token: ApiToken) -> str | None:
    """Its owner or an administrator may revoke a token, once."""
    if token.user_id != actor.pk and not actor.is_staff:
        return "Only the token's owner or an administrator can revoke it"
    if token.revoked_at is not None:
        return "This token is already revoked"
    return None


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """The key stops working at once; the record stays."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    refuse(api_token_revoke_refusal(actor, token))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, detail={"user": token.user_id})
    return token


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    code: str = "",
    cps_areas: list[Organisation] | None = None,
) -> Organisation:
    """Create an organisation (a scrutiny panel, say; the Areas and forces
    ship as reference data). Returns the existing one of that name unchanged."""
    from django.utils.text import slugify

    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    organisation = Organisation(name=name, slug=slugify(name), kind=kind, code=code)
    organisation.full_clean()
    organisation.save()
    if cps_areas:
        organisation.cps_areas.set(cps_areas)
    audit_record(actor=actor, action="organisation.create", obj=organisation, detail={"kind": kind})
    return organisation


# -- two-factor sign-in --------------------------------------------------------

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_APP = "Authenticator app"
RECOVERY_CODES = "Recovery codes"
two_factor_was_reset = Signal()  # sender=User, user=..., actor=...: the user is told


def two_factor_enrolment(*, user: User) -> TOTPDevice:
    """The authenticator app ``user`` is setting up: one unconfirmed device,
    kept across page loads so the QR code shown stays the one to scan."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP, confirmed=False)
    return device


def two_factor_enrol(*, user: User, code: str) -> tuple[TOTPDevice, list[str]] | str:
    """Confirm the authenticator app ``user`` is setting up with a code it
    shows, and issue their recovery codes: the device and the codes (shown
    once), or why not. A wrong code counts against the device like any other
    (and is kept: nothing here is rolled back by a refusal)."""
    if rules.two_factor_enrolled(user):
        return "You have already set up two-factor sign-in"
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            return "Scan the QR code again: the one you scanned is no longer current"
        refusal = _code_refusal(device, code)
        if refusal is not None:
            audit_record(actor=user, action="two_factor.enrol_failed", obj=user)
            return refusal
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _recovery_codes_issue(user)
        audit_record(actor=user, action="two_factor.enrol", obj=user)
    return device, codes


def two_factor_verify(*, user: User, code: str) -> Device | str:
    """The device that accepts ``code`` from ``user`` (their authenticator
    app, else one of their recovery codes, which is then used up), or why
    not. Wrong codes double the wait before the next try (django-otp's
    throttling), and every try is audited."""
    code = "".join(code.split()).lower()
    if not code:
        return "Enter the code from your authenticator app, or a recovery code"
    with transaction.atomic():
        app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        recovery = StaticDevice.objects.select_for_update().filter(user=user).first()
        if app is None:
            return "Set up two-factor sign-in first"
        device: Device | None = None
        refusal: str | None = None
        if len(code) == 6 and code.isdigit():
            refusal = _code_refusal(app, code)
            device = app if refusal is None else None
        elif recovery is not None:
            refusal = _code_refusal(recovery, code)
            device = recovery if refusal is None else None
        else:
            refusal = WRONG_CODE
        audit_record(
            actor=user,
            action="two_factor.verify" if device else "two_factor.verify_failed",
            obj=user,
            detail={"recovery_code": device is recovery} if device else {},
        )
    return device if device is not None else (refusal or WRONG_CODE)


WRONG_CODE = (
    "The code is not right. Enter the 6-digit code your authenticator app shows now, "
    "or one of your recovery codes"
)


def _code_refusal(device: Device, code: str) -> str | None:
    """Why ``device`` does not accept ``code``, or None when it does."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = timezone.localtime((why or {}).get("locked_until") or timezone.now())
        return f"Too many wrong codes. Wait until {until:%H:%M:%S} and try again"
    if not device.verify_token(code):
        return WRONG_CODE
    return None


def recovery_codes_left(user: User) -> int:
    left: int = StaticToken.objects.filter(device__user=user).count()
    return left


def _recovery_codes_issue(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_CODES, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes for ``user``, the old ones no longer valid: shown once."""
    codes = _recovery_codes_issue(user)
    audit_record(actor=user, action="two_factor.recovery_codes_renew", obj=user)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """An administrator's reset of ``user``'s second factor (a lost phone):
    their app and recovery codes go, they enrol again at their next sign-in
    (a session they had must give a factor again), and they are told."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="two_factor.reset", obj=user)
    two_factor_was_reset.send(sender=User, user=user, actor=actor)


@transaction.atomic
def two_factor_set_key(*, actor: User | None, user: User, key: str) -> TOTPDevice:
    """Enrol ``user`` with a known secret (hex): the demo accounts only, whose
    secrets are published with their passwords."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and device.key == key:
        return device
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP, key=key, confirmed=True)
    audit_record(actor=actor, action="two_factor.enrol", obj=user, detail={"demo": True})
    return device
