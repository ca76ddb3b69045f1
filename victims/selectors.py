"""Reads of complainants. Identity only for those need to know entitles."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases import rules
from cases.models import CaseFile
from victims.models import Complainant


def complainants_visible(user: Any) -> QuerySet[Complainant]:
    """Complainants of cases the user may see. Whether their identity may be
    shown is a second question: ``identity_visible_to``."""
    return Complainant.objects.filter(case__in=CaseFile.objects.visible_to(user))


def identity_visible_to(user: Any, case: CaseFile) -> bool:
    return rules.may_see_complainant_identity(user, case)


def case_complainants(case: CaseFile) -> QuerySet[Complainant]:
    return Complainant.objects.filter(case=case).order_by("id")
