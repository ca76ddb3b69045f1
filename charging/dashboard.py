"""The charging work the "your work" page counts (registered in
ChargingConfig.ready): label -> (a function counting it, the list that shows
it). One COUNT each, run only for the sections the membership's role shows,
and limited to the membership's organisation."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from charging import workspaces
from charging.early_advice.selectors import advice_due, advice_to_allocate
from charging.panels import selectors as panels
from charging.panels.models import MeetingStatus
from charging.queries.selectors import queries_to_answer
from rasso.accounts.dashboard import WorkCount
from rasso.accounts.models import Membership, Role, User


def charging_work(user: User, membership: Membership) -> dict[str, WorkCount]:
    org = membership.organisation_id
    # An investigator counts their own action plans; a SPOC or supervisor the force's.
    own_plans = membership.role == Role.INVESTIGATOR
    return {
        "Early advice due": (
            lambda: advice_due(user).filter(case__cps_area_id=org).count(),
            reverse("charging:advice-due"),
        ),
        "Early advice to allocate": (
            lambda: advice_to_allocate(user).filter(case__cps_area_id=org).count(),
            reverse("charging:advice-to-allocate"),
        ),
        "Decisions due": (
            lambda: workspaces.decisions_due(user).filter(cps_area_id=org).count(),
            reverse("charging:work-decisions-due"),
        ),
        "Action-plan responses received": (
            lambda: workspaces.plan_responses(user).filter(case__cps_area_id=org).count(),
            reverse("charging:work-plan-responses"),
        ),
        "Your open file-quality queries": (
            lambda: workspaces.queries_raised(user).filter(case__cps_area_id=org).count(),
            reverse("charging:work-queries-raised"),
        ),
        "File-quality queries to resolve": (
            lambda: queries_to_answer(user).filter(case__force_id=org).count(),
            reverse("charging:queries"),
        ),
        "No-further-action proposals to approve": (
            lambda: workspaces.nfa_to_approve(user).filter(case__force_id=org).count(),
            reverse("charging:work-nfa-to-approve"),
        ),
        "Action plans due": (
            lambda: (
                workspaces.plans_due(user)
                .filter(case__force_id=org, **({"case__oic": user} if own_plans else {}))
                .count()
            ),
            reverse("charging:work-plans-due"),
        ),
        "Advice received": (
            lambda: workspaces.advice_received(user).filter(case__force_id=org).count(),
            reverse("charging:work-advice-received"),
        ),
        "Review packs for your panel": (
            lambda: (
                panels.packs_visible_to(user)
                .released()
                .filter(
                    meeting__status=MeetingStatus.PREPARING, meeting__panel__organisation_id=org
                )
                .count()
            ),
            reverse("panels:list"),
        ),
        "Review packs to prepare": (
            lambda: (
                panels.packs_to_prepare(user)
                .filter(Q(case__force_id=org) | Q(meeting__panel__cps_area_id=org))
                .count()
            ),
            reverse("panels:packs-to-prepare"),
        ),
        "Scrutiny panel referrals to answer": (
            lambda: (
                panels.referrals_to_answer(user)
                .filter(Q(pack__case__force_id=org) | Q(pack__case__cps_area_id=org))
                .count()
            ),
            reverse("panels:referrals"),
        ),
        "Queries to answer": (
            lambda: workspaces.queries_passed_to(user).filter(case__force_id=org).count(),
            reverse("charging:work-queries-to-answer"),
        ),
    }
