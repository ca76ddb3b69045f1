"""Every write to users, memberships and API tokens.

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

from rasso.accounts import selectors
from rasso.accounts.models import ApiToken, Membership, Organisation, Role, User, token_digest
from rasso.audit.services import audit_record
from rasso.core.errors import refuse

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
