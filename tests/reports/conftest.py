"""Managers of each kind of scope, for the reports' stories."""

from __future__ import annotations

from typing import Any

import pytest

from rasso.accounts.models import Organisation, Role, User
from tests.factories import MembershipFactory, UserFactory


def manager_of(name: str) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(
        user=user, organisation=Organisation.objects.get(name=name), role=Role.MANAGER
    )
    return user


@pytest.fixture
def kent_manager(db: Any) -> User:
    return manager_of("Kent")


@pytest.fixture
def durham_manager(db: Any) -> User:
    return manager_of("Durham")


@pytest.fixture
def area_manager(db: Any) -> User:
    return manager_of("South East")
