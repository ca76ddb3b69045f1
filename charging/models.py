"""The models of the charging app, one sub-domain a package: Django finds an
app's models here, so this module imports each sub-domain's. Import a model
from its sub-domain (``charging.decisions.models``), not from here.

Early advice and file-quality queries are objects of their own with their own
status: they do not move the case's status. A charging decision, an issued
action plan and an approved police NFA do, through
``cases.services.case_set_status``. Who may see one follows the case it
belongs to (``CaseFile.objects.visible_to``); RASSO clinics are seen by their
Area's CPS and the police of the forces attending.
"""

from __future__ import annotations

from charging.action_plans.models import ActionPlan, ActionPlanItem
from charging.clinics.models import Clinic, ClinicAction, ClinicAgendaItem
from charging.decisions.models import Charge, CpsDecision
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest
from charging.panels.models import (
    Finding,
    MemberView,
    Panel,
    PanelMeeting,
    PanelMember,
    ReviewPack,
    SampleDraw,
    Undertaking,
)
from charging.police_nfa.models import PoliceNfaProposal
from charging.queries.models import FileQualityQuery

__all__ = [
    "ActionPlan",
    "ActionPlanItem",
    "Charge",
    "Clinic",
    "ClinicAction",
    "ClinicAgendaItem",
    "CpsDecision",
    "EarlyAdvice",
    "EarlyAdviceRequest",
    "FileQualityQuery",
    "Finding",
    "MemberView",
    "Panel",
    "PanelMeeting",
    "PanelMember",
    "PoliceNfaProposal",
    "ReviewPack",
    "SampleDraw",
    "Undertaking",
]
