"""Administrators: every change of a membership goes through the service, is
audited and told to the organisation's supervisors; nobody grants a role to
themselves, in the admin or anywhere; and an administrator sees no case."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from rasso.accounts.models import Membership, Organisation, Role, User
from rasso.accounts.selectors import organisation_supervisors
from rasso.accounts.services import membership_change, membership_create, membership_remove
from rasso.audit.models import AuditEvent
from rasso.core.errors import Forbidden
from rasso.notifications.models import Notification
from tests.cases.factories import submitted_case
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory
from tests.support import client_for

pytestmark = pytest.mark.django_db


def change_form(user: User, memberships: list[dict[str, Any]]) -> dict[str, Any]:
    """The admin's change form of ``user`` as posted: the user's own fields as
    they are, then each membership row (``id`` empty for a new one)."""
    data: dict[str, Any] = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(sum(1 for m in memberships if m.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    if user.is_superuser:
        data["is_superuser"] = "on"
    for i, row in enumerate(memberships):
        data[f"memberships-{i}-id"] = row.get("id", "")
        data[f"memberships-{i}-user"] = str(user.pk)
        data[f"memberships-{i}-organisation"] = str(row["organisation"].pk)
        data[f"memberships-{i}-role"] = row["role"]
        if row.get("delete"):
            data[f"memberships-{i}-DELETE"] = "on"
    return data


def post_change(client: Client, user: User, memberships: list[dict[str, Any]]) -> Any:
    url = reverse("admin:accounts_user_change", args=[user.pk])
    return client.post(url, change_form(user, memberships))


def kent() -> Organisation:
    return Organisation.objects.get(name="Kent")


# -- nobody grants themselves a role ----------------------------------------


def test_an_administrator_cannot_grant_themselves_a_role_in_the_admin(
    personas: Personas,
) -> None:
    administrator = personas.administrator
    response = post_change(
        client_for(administrator),
        administrator,
        [{"organisation": kent(), "role": Role.INVESTIGATOR}],
    )
    assert response.status_code == 200
    assert "You cannot change your own roles" in response.content.decode()
    assert not administrator.memberships.exists()
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()


def test_nobody_changes_their_own_membership_through_the_service(personas: Personas) -> None:
    administrator = personas.administrator
    with pytest.raises(Forbidden, match="You cannot change your own roles"):
        membership_create(
            actor=administrator, user=administrator, organisation=kent(), role=Role.INVESTIGATOR
        )
    own = MembershipFactory.create(user=administrator, organisation=kent(), role="investigator")
    with pytest.raises(Forbidden, match="You cannot change your own roles"):
        membership_change(actor=administrator, membership=own, role=Role.POLICE_SUPERVISOR)
    own.refresh_from_db()
    assert own.role == Role.INVESTIGATOR


def test_only_an_administrator_changes_roles(personas: Personas) -> None:
    with pytest.raises(Forbidden, match="Only an administrator"):
        membership_create(
            actor=personas.supervisor,
            user=personas.colleague,
            organisation=kent(),
            role=Role.POLICE_SPOC,
        )


# -- a grant by another administrator is audited and told -------------------


def test_a_grant_in_the_admin_is_audited_and_told_to_the_forces_supervisors(
    personas: Personas,
) -> None:
    newcomer = UserFactory.create(full_name="Nina Newcomer")
    response = post_change(
        client_for(personas.administrator),
        newcomer,
        [{"organisation": kent(), "role": Role.INVESTIGATOR}],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=newcomer)
    assert (membership.organisation, membership.role) == (kent(), Role.INVESTIGATOR)
    event = AuditEvent.objects.get(action="membership.create")
    assert event.actor == personas.administrator
    assert event.detail == {
        "user": newcomer.pk,
        "organisation": kent().pk,
        "role_before": None,
        "role_after": Role.INVESTIGATOR,
    }
    told = Notification.objects.get(recipient=personas.supervisor)
    assert "Nina Newcomer" in told.text
    assert "Investigator" in told.text
    assert "Kent" in told.text
    # Supervisors of other organisations are not told.
    assert not Notification.objects.exclude(recipient=personas.supervisor).exists()


def test_a_role_changed_or_removed_in_the_admin_is_audited_and_told(personas: Personas) -> None:
    membership = personas.colleague.memberships.get()
    client = client_for(personas.administrator)
    row = {"id": str(membership.pk), "organisation": kent(), "role": Role.POLICE_SPOC}
    assert post_change(client, personas.colleague, [row]).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.POLICE_SPOC
    changed = AuditEvent.objects.get(action="membership.change")
    assert changed.detail["role_before"] == Role.INVESTIGATOR
    assert changed.detail["role_after"] == Role.POLICE_SPOC

    assert post_change(client, personas.colleague, [{**row, "delete": True}]).status_code == 302
    assert not personas.colleague.memberships.exists()
    removed = AuditEvent.objects.get(action="membership.remove")
    assert removed.actor == personas.administrator
    assert removed.detail == {
        "user": personas.colleague.pk,
        "organisation": kent().pk,
        "role_before": Role.POLICE_SPOC,
        "role_after": None,
    }
    assert Notification.objects.filter(recipient=personas.supervisor).count() == 2


def test_an_unchanged_save_in_the_admin_changes_nothing(personas: Personas) -> None:
    membership = personas.colleague.memberships.get()
    row = {"id": str(membership.pk), "organisation": kent(), "role": Role.INVESTIGATOR}
    assert post_change(client_for(personas.administrator), personas.colleague, [row]).status_code
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()
    assert not Notification.objects.exists()


def test_a_move_to_another_force_tells_both_forces(personas: Personas) -> None:
    durham_supervisor = UserFactory.create()
    durham = Organisation.objects.get(name="Durham")
    MembershipFactory.create(user=durham_supervisor, organisation=durham, role="police_supervisor")
    membership_change(
        actor=personas.administrator,
        membership=personas.colleague.memberships.get(),
        organisation=durham,
    )
    event = AuditEvent.objects.get(action="membership.change")
    assert event.detail["organisation_before"] == kent().pk
    assert event.detail["organisation"] == durham.pk
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        personas.supervisor.pk,
        durham_supervisor.pk,
    }


def test_removal_by_the_service_is_audited(personas: Personas) -> None:
    membership_remove(actor=None, membership=personas.colleague.memberships.get())
    assert AuditEvent.objects.filter(action="membership.remove", actor=None).count() == 1


def test_who_supervises_each_kind_of_organisation(personas: Personas) -> None:
    assert list(organisation_supervisors([kent()])) == [personas.supervisor]
    south_east = Organisation.objects.get(name="South East")
    assert list(organisation_supervisors([south_east])) == [personas.cps_spoc]
    # A scrutiny panel is run by its CPS Area.
    panel = personas.panel_member.memberships.get().organisation
    panel.cps_areas.set([south_east])
    assert list(organisation_supervisors([panel])) == [personas.cps_spoc]


# -- an administrator sees no case content ----------------------------------

# Reference data an administrator manages. Every other model of these apps
# holds case content, a complainant or free text written on a case.
REFERENCE_DATA = {
    "cases.offence",
    "cases.bankholiday",
    "cases.deadlinetiming",
    # Retention periods: reference data a force's data owner may change, no case.
    "cases.retentionperiod",
    "cases.forceretentionperiod",
}
CONTENT_APPS = ("cases", "victims", "charging", "disclosure")


def content_models() -> list[Any]:
    return [
        model
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label_lower not in REFERENCE_DATA
    ]


def test_no_model_of_case_content_is_in_the_admin() -> None:
    models = content_models()
    assert len(models) > 20, "the apps' models were not found: the test would prove nothing"
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered.isdisjoint({model._meta.label_lower for model in models})
    assert "notifications.notification" not in registered


def test_the_admin_pages_of_case_content_answer_404(personas: Personas) -> None:
    client = client_for(personas.administrator)
    for model in content_models():
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(path).status_code == 404, path
    with pytest.raises(NoReverseMatch):
        reverse("admin:cases_casefile_changelist")


def test_the_outbox_in_the_admin_shows_no_subject_or_body(personas: Personas) -> None:
    from rasso.notifications.models import EmailOutbox

    EmailOutbox.objects.create(
        recipient=personas.officer, subject="Case 46KA0000126: hidden", body="hidden body"
    )
    client = client_for(personas.administrator)
    listing = client.get(reverse("admin:notifications_emailoutbox_changelist"))
    assert listing.status_code == 200
    assert "46KA0000126" not in listing.content.decode()
    row = EmailOutbox.objects.get()
    page = client.get(reverse("admin:notifications_emailoutbox_change", args=[row.pk]))
    assert "46KA0000126" not in page.content.decode()
    assert "hidden body" not in page.content.decode()


def test_a_superuser_without_a_membership_gets_404_on_a_case(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    superuser = personas.administrator
    assert superuser.is_superuser and not superuser.memberships.exists()
    client = client_for(superuser)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0


def test_a_role_change_is_told_in_the_application_only(personas: Personas) -> None:
    from rasso.notifications.services import digests_send

    membership_create(
        actor=personas.administrator,
        user=UserFactory.create(),
        organisation=kent(),
        role=Role.INVESTIGATOR,
    )
    told = Notification.objects.get(recipient=personas.supervisor)
    assert told.email is None
    # The daily digest carries deadline reminders, not this.
    assert digests_send() == 0
