"""Every write to users, memberships and API tokens."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from rasso.accounts.models import ApiToken, Membership, Organisation, User, token_digest
from rasso.audit.services import audit_record


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


@transaction.atomic
def membership_create(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    """Give ``user`` a role in ``organisation``; the role must fit the kind of
    organisation (an investigator belongs to a force, a prosecutor to an Area).
    Returns the existing membership if the user already holds it."""
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        return existing
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.create",
        obj=membership,
        detail={"user": user.pk, "organisation": organisation.pk, "role": role},
    )
    return membership


@transaction.atomic
def api_token_issue(
    *, actor: User | None, user: User, name: str = "API token", key: str | None = None
) -> tuple[ApiToken, str]:
    """Issue an API key for ``user`` and return it with its record.

    The key is returned here and never again: only its digest is stored.
    ``key`` lets the demo seeding issue a key it can print again on every run;
    an existing token with the same key is returned unchanged.
    """
    key = key or ApiToken.generate_key()
    token, created = ApiToken.objects.get_or_create(
        digest=token_digest(key), defaults={"user": user, "name": name}
    )
    if token.user_id != user.pk:
        raise ValueError("That key belongs to another account")
    if created:
        audit_record(actor=actor, action="api_token.issue", obj=token, detail={"user": user.pk})
    return token, key


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
