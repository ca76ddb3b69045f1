"""Synthetic charging work for ``seed_demo --cases N``.

Runs after the cases seeder in the same call and gives the ``count`` cases it
has just added (the newest demo cases) their charging objects, by status:

- early advice on about 3 in 10 cases under investigation or with CPS, at
  every stage of its life, the prosecutor of each allocated request granted
  the case as ``charging.early_advice.services`` grants it;
- file-quality queries on about 1 in 10 cases with CPS or charged;
- an issued or in-progress action plan on every ``action_plan`` case, and a
  completed (every item answered) one on about 1 in 5 charged or CPS NFA cases;
- a Full Code Test decision on every charged (and finalised) case, charging
  each of its offences against its suspect, and on every CPS NFA case;
- an approved police NFA proposal on every ``police_nfa`` case;
- three clinics per demo Area with agenda items from that Area's cases.

Like ``cases.demo`` this bypasses the services on purpose (thousands of rows
a second through ``bulk_create``): nothing is audited, no timeline event or
deadline is written for these objects (the cases seeder already wrote the
decisions' events and deadlines), and clinics have no actions, since an
action needs a deadline. The rows still satisfy every constraint and
``full_clean``. Timestamps the models stamp on creation are "now".
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.db import models, transaction
from django.utils import timezone

from cases.models import CaseFile, CaseFileUserObjectPermission, CaseOffence, CaseStatus, Suspect
from charging.action_plans.models import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanItemStatus,
    ActionPlanStatus,
)
from charging.clinics.models import Clinic, ClinicAgendaItem, ClinicOutcome, ClinicStatus
from charging.decisions.models import Charge, CodeTest, CpsDecision, DecisionOutcome
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest, EarlyAdviceStatus
from charging.police_nfa.models import HomeOfficeOutcome, PoliceNfaProposal, PoliceNfaStatus
from charging.queries.models import FileQualityQuery, QueryCategory, QueryStatus
from rasso.accounts.management.commands.seed_demo import DEMO_AREAS, DEMO_DOMAIN
from rasso.accounts.models import Organisation, OrganisationKind, User

BATCH = 5_000
EARLY_ADVICE_SHARE = 0.3
QUERY_SHARE = 0.1
COMPLETED_PLAN_SHARE = 0.2
CLINICS_PER_AREA = 3
AGENDA_PER_CLINIC = 5
# Police NFA outcomes in RASSO: mostly the complainant withdrawing support.
NFA_CODE_WEIGHTS = {
    HomeOfficeOutcome.NOT_IDENTIFIED_NO_SUPPORT: 15,
    HomeOfficeOutcome.EVIDENTIAL_WITH_SUPPORT: 30,
    HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT: 45,
    HomeOfficeOutcome.NO_SUSPECT: 10,
}
EARLY_ADVICE_SOURCES = frozenset(
    {
        CaseStatus.INVESTIGATION,
        CaseStatus.WITH_CPS,
        CaseStatus.ACTION_PLAN,
        CaseStatus.CHARGED,
        CaseStatus.FINALISED,
        CaseStatus.CPS_NFA,
    }
)
CHARGED = frozenset({CaseStatus.CHARGED, CaseStatus.FINALISED})
ITEM_NEEDS = (
    ("Obtain the complainant's phone download", "Messages before and after the incident"),
    ("Take a statement from the first account witness", "Recent complaint evidence"),
    ("Obtain the SARC forensic report", "Corroboration of the account"),
    ("Review CCTV from the venue", "Movements of complainant and suspect"),
    ("Obtain third-party material from the school", "Relevance to credibility"),
    ("Complete the MG6C schedule", "Disclosure of unused material"),
    ("Interview the suspect again on the new account", "Suspect's answer to consent"),
)
EVIDENTIAL_ISSUES = ("Consent", "Reasonable belief in consent", "Identification", "Disclosure")


@dataclass(frozen=True)
class Case:
    id: int
    status: str
    oic: int
    force: int
    area: int
    prosecutor: int | None
    version: int


@dataclass
class Staff:
    """The demo accounts charging work is done by, per force and per Area."""

    prosecutors: dict[int, list[int]] = field(default_factory=dict)
    cps_spoc: dict[int, int] = field(default_factory=dict)
    supervisor: dict[int, int] = field(default_factory=dict)
    spoc: dict[int, int] = field(default_factory=dict)
    forces: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Staff:
        users = dict(
            User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "id")
        )
        staff = cls()
        for area_name, force_names, _panel in DEMO_AREAS:
            area = Organisation.objects.get(name=area_name, kind=OrganisationKind.CPS_AREA)
            staff.prosecutors[area.pk] = [
                users[e]
                for e in (f"{h}.{area.slug}@{DEMO_DOMAIN}" for h in ("prosecutor", "prosecutor2"))
                if e in users
            ]
            if (spoc := users.get(f"cps-spoc.{area.slug}@{DEMO_DOMAIN}")) is not None:
                staff.cps_spoc[area.pk] = spoc
            staff.forces[area.pk] = []
            for name in force_names:
                force = Organisation.objects.get(name=name, kind=OrganisationKind.POLICE_FORCE)
                staff.forces[area.pk].append(force.pk)
                for handle, into in (("supervisor", staff.supervisor), ("spoc", staff.spoc)):
                    if (user := users.get(f"{handle}.{force.slug}@{DEMO_DOMAIN}")) is not None:
                        into[force.pk] = user
        return staff


def seed_charging(count: int) -> str:
    """Add charging objects to the ``count`` newest demo cases."""
    started = time.monotonic()
    if count <= 0:
        return "Charging: nothing to add"
    with transaction.atomic():
        added = ChargingWriter(Staff.load(), count).write()
    summary = ", ".join(f"{n} {label}" for label, n in added.items())
    return f"Charging: added {summary} in {time.monotonic() - started:.1f}s"


class ChargingWriter:
    def __init__(self, staff: Staff, count: int) -> None:
        self.staff = staff
        forces = [f for ids in staff.forces.values() for f in ids]
        self.cases = [
            Case(*row)
            for row in CaseFile.objects.filter(force__in=forces)
            .order_by("-id")
            .values_list("id", "status", "oic", "force", "cps_area", "prosecutor", "version")[
                :count
            ]
        ]
        self.oic_of = {c.id: c.oic for c in self.cases}
        self.rng = random.Random(self.cases[0].id if self.cases else 0)  # noqa: S311 (invented)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.view = Permission.objects.get(
            codename="view_casefile", content_type__app_label="cases"
        )

    def prosecutor(self, case: Case) -> int:
        return case.prosecutor or self.rng.choice(self.staff.prosecutors[case.area])

    def write(self) -> dict[str, int]:
        by_status: dict[str, list[Case]] = defaultdict(list)
        for case in self.cases:
            by_status[case.status].append(case)
        return {
            "early advice requests": self.early_advice(
                [c for c in self.cases if c.status in EARLY_ADVICE_SOURCES]
            ),
            "file-quality queries": self.queries(
                by_status[CaseStatus.WITH_CPS] + by_status[CaseStatus.CHARGED]
            ),
            "action plans": self.action_plans(
                by_status[CaseStatus.ACTION_PLAN],
                by_status[CaseStatus.CHARGED] + by_status[CaseStatus.CPS_NFA],
            ),
            "charging decisions": self.decisions(
                [c for c in self.cases if c.status in CHARGED], by_status[CaseStatus.CPS_NFA]
            ),
            "police NFA proposals": self.police_nfa(by_status[CaseStatus.POLICE_NFA]),
            "clinics": self.clinics(
                by_status[CaseStatus.INVESTIGATION] + by_status[CaseStatus.WITH_CPS]
            ),
        }

    # -- early advice -----------------------------------------------------------

    def early_advice(self, cases: Sequence[Case]) -> int:
        requests: list[EarlyAdviceRequest] = []
        advised: list[tuple[EarlyAdviceRequest, int]] = []
        grants: set[tuple[int, int]] = set()
        for case in cases:
            if self.rng.random() >= EARLY_ADVICE_SHARE:
                continue
            if case.status == CaseStatus.INVESTIGATION:
                status = self.rng.choices(
                    (
                        EarlyAdviceStatus.REQUESTED,
                        EarlyAdviceStatus.ALLOCATED,
                        EarlyAdviceStatus.ADVISED,
                        EarlyAdviceStatus.ACKNOWLEDGED,
                    ),
                    (2, 2, 2, 4),
                )[0]
            else:  # asked before the file went to CPS: long since answered
                status = self.rng.choices(
                    (EarlyAdviceStatus.ADVISED, EarlyAdviceStatus.ACKNOWLEDGED), (1, 9)
                )[0]
            request = EarlyAdviceRequest(
                case_id=case.id,
                status=status,
                requested_by_id=case.oic,
                lines_of_enquiry="Which lines of enquiry should we prioritise?",
                likely_charges="Is s.1 rape the likely charge, or s.3 sexual assault?",
                third_party_material="Do we need the complainant's counselling notes?",
            )
            if status != EarlyAdviceStatus.REQUESTED:
                prosecutor = self.prosecutor(case)
                request.prosecutor_id = prosecutor
                request.allocated_at = self.now
                grants.add((case.id, prosecutor))
                if status != EarlyAdviceStatus.ALLOCATED:
                    advised.append((request, prosecutor))
            if status == EarlyAdviceStatus.ACKNOWLEDGED:
                request.acknowledged_by_id = case.oic
                request.acknowledged_at = self.now
            requests.append(request)
        EarlyAdviceRequest.objects.bulk_create(requests, batch_size=BATCH)
        advice = [
            EarlyAdvice(
                request=request,
                given_by_id=prosecutor,
                investigation_strategy="Secure the digital evidence first, then re-interview.",
                reasonable_lines_of_enquiry="Phone download, first account witness, CCTV.",
                evidential_requirements="A full ABE with the timeline of the evening.",
                disclosure_decisions="Schedule the counselling notes as sensitive.",
                third_party_material_decisions="Counselling notes: not a reasonable line.",
            )
            for request, prosecutor in advised
        ]
        EarlyAdvice.objects.bulk_create(advice, batch_size=BATCH)
        # As early_advice_allocate does: the prosecutor is granted the case.
        CaseFileUserObjectPermission.objects.bulk_create(
            [
                CaseFileUserObjectPermission(
                    content_object_id=case_id, user_id=user_id, permission=self.view
                )
                for case_id, user_id in sorted(grants)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return len(requests)

    # -- file-quality queries ---------------------------------------------------

    def queries(self, cases: Sequence[Case]) -> int:
        queries: list[FileQualityQuery] = []
        # An exact share (at least one), so even a small demo has a query to show.
        chosen = max(round(len(cases) * QUERY_SHARE), 1) if cases else 0
        for case in self.rng.sample(list(cases), k=chosen):
            if case.status == CaseStatus.WITH_CPS:
                status = self.rng.choices(
                    (QueryStatus.OPEN, QueryStatus.WITH_OIC, QueryStatus.RESOLVED), (3, 2, 5)
                )[0]
            else:
                status = QueryStatus.RESOLVED
            spoc = self.staff.spoc.get(case.force, case.oic)
            query = FileQualityQuery(
                case_id=case.id,
                category=self.rng.choice(QueryCategory.values),
                description="Page 4 of the MG5 is missing and the MG6C totals do not add up.",
                status=status,
                raised_by_id=self.prosecutor(case),
            )
            if status == QueryStatus.WITH_OIC or (
                status == QueryStatus.RESOLVED and self.rng.random() < 0.3
            ):
                query.passed_by_id = spoc
                query.passed_at = self.now
            if status == QueryStatus.RESOLVED:
                query.resolved_by_id = case.oic if query.passed_by_id else spoc
                query.resolved_at = self.now
                query.answer = "Corrected pages uploaded to the file."
            queries.append(query)
        FileQualityQuery.objects.bulk_create(queries, batch_size=BATCH)
        return len(queries)

    # -- action plans -----------------------------------------------------------

    def action_plans(self, open_cases: Sequence[Case], decided: Sequence[Case]) -> int:
        plans: list[ActionPlan] = []
        for case in open_cases:
            status = self.rng.choice((ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS))
            plans.append(self.plan(case, status))
        for case in decided:
            if self.rng.random() < COMPLETED_PLAN_SHARE:
                plans.append(self.plan(case, ActionPlanStatus.COMPLETED))
        ActionPlan.objects.bulk_create(plans, batch_size=BATCH)
        items: list[ActionPlanItem] = []
        for plan in plans:
            size = min(self.rng.choice((3, 4, 5, 6, 8, 10, 12)) + self.rng.randint(0, 13), 25)
            oic = self.oic_of[plan.case_id]
            for number in range(1, size + 1):
                what, why = ITEM_NEEDS[(number - 1) % len(ITEM_NEEDS)]
                answered = plan.status == ActionPlanStatus.COMPLETED or (
                    plan.status == ActionPlanStatus.IN_PROGRESS and self.rng.random() < 0.5
                )
                item = ActionPlanItem(
                    plan=plan,
                    number=number,
                    what=what,
                    why=why,
                    evidential_issue=self.rng.choice(EVIDENTIAL_ISSUES),
                )
                if answered:
                    possible = self.rng.random() < 0.9
                    item.status = (
                        ActionPlanItemStatus.DONE if possible else ActionPlanItemStatus.NOT_POSSIBLE
                    )
                    item.answer = "Done: uploaded to the file." if possible else "Not retained."
                    item.answered_by_id = oic
                    item.answered_at = self.now
                items.append(item)
        ActionPlanItem.objects.bulk_create(items, batch_size=BATCH)
        return len(plans)

    def plan(self, case: Case, status: str) -> ActionPlan:
        return ActionPlan(
            case_id=case.id,
            status=status,
            drafted_by_id=self.prosecutor(case),
            required_by=self.today + timedelta(days=self.rng.randint(-10, 35)),
            issued_at=self.now,
            completed_at=self.now if status == ActionPlanStatus.COMPLETED else None,
        )

    # -- charging decisions -----------------------------------------------------

    def decisions(self, charged: Sequence[Case], nfa: Sequence[Case]) -> int:
        decisions: list[CpsDecision] = []
        for case in charged:
            decisions.append(
                self.decision(case, DecisionOutcome.CHARGE, evidential=True, public=True)
            )
        for case in nfa:
            if self.rng.random() < 0.85:
                decisions.append(
                    self.decision(case, DecisionOutcome.NFA_EVIDENTIAL, evidential=False)
                )
            else:
                decisions.append(
                    self.decision(
                        case, DecisionOutcome.NFA_PUBLIC_INTEREST, evidential=True, public=False
                    )
                )
        CpsDecision.objects.bulk_create(decisions, batch_size=BATCH)
        charging = {d.case_id: d for d in decisions if d.outcome == DecisionOutcome.CHARGE}
        offences = _ids_by_case(CaseOffence, charging)
        suspects = _ids_by_case(Suspect, charging)
        charges = [
            Charge(decision=decision, offence_id=offence, suspect_id=suspect)
            for case_id, decision in charging.items()
            for offence in offences.get(case_id, [])
            for suspect in suspects.get(case_id, [])
        ]
        Charge.objects.bulk_create(charges, batch_size=BATCH)
        return len(decisions)

    def decision(
        self, case: Case, outcome: str, *, evidential: bool, public: bool | None = None
    ) -> CpsDecision:
        return CpsDecision(
            case_id=case.id,
            case_version=case.version,
            decided_by_id=self.prosecutor(case),
            test=CodeTest.FULL,
            evidential_met=evidential,
            evidential_reasons="The account is consistent and supported by the first account."
            if evidential
            else "The account is not supported and the digital evidence undermines it.",
            public_interest_met=public,
            public_interest_reasons=""
            if public is None
            else "A serious offence: prosecution is required."
            if public
            else "The complainant's wishes and the suspect's age weigh against it.",
            outcome=outcome,
        )

    # -- police NFA -------------------------------------------------------------

    def police_nfa(self, cases: Sequence[Case]) -> int:
        codes = list(NFA_CODE_WEIGHTS)
        weights = list(NFA_CODE_WEIGHTS.values())
        proposals = [
            PoliceNfaProposal(
                case_id=case.id,
                outcome_code=self.rng.choices(codes, weights)[0],
                rationale="All reasonable lines of enquiry are complete; the evidence does "
                "not meet the threshold for a referral to CPS.",
                status=PoliceNfaStatus.APPROVED,
                proposed_by_id=case.oic,
                decided_by_id=self.staff.supervisor.get(case.force, case.oic),
                decided_at=self.now,
            )
            for case in cases
        ]
        PoliceNfaProposal.objects.bulk_create(proposals, batch_size=BATCH)
        return len(proposals)

    # -- clinics ----------------------------------------------------------------

    def clinics(self, candidates: Sequence[Case]) -> int:
        by_area: dict[int, list[Case]] = defaultdict(list)
        for case in candidates:
            by_area[case.area].append(case)
        clinics: list[Clinic] = []
        agenda: list[ClinicAgendaItem] = []
        forces: list[Any] = []
        attendees: list[Any] = []
        for area, force_ids in self.staff.forces.items():
            spoc = self.staff.cps_spoc.get(area)
            if spoc is None:
                continue
            people = [spoc, *self.staff.prosecutors[area]]
            people += [self.staff.spoc[f] for f in force_ids if f in self.staff.spoc]
            for weeks in (-2, -1, 1)[:CLINICS_PER_AREA]:
                clinic = Clinic(
                    cps_area_id=area,
                    held_on=self.today + timedelta(weeks=weeks),
                    status=ClinicStatus.HELD if weeks < 0 else ClinicStatus.SCHEDULED,
                    scheduled_by_id=spoc,
                )
                clinics.append(clinic)
                cases = by_area.get(area, [])
                for case in self.rng.sample(cases, k=min(AGENDA_PER_CLINIC, len(cases))):
                    item = ClinicAgendaItem(
                        clinic=clinic,
                        case_id=case.id,
                        question="Is the evidence enough for a charging submission?",
                        added_by_id=case.oic,
                    )
                    if clinic.status == ClinicStatus.HELD:
                        item.outcome = self.rng.choice(ClinicOutcome.values)
                        item.minutes = "Discussed the lines of enquiry; strategy agreed."
                        item.recorded_by_id = spoc
                        item.recorded_at = self.now
                    agenda.append(item)
                forces += [(clinic, f) for f in force_ids]
                attendees += [(clinic, u) for u in people]
        Clinic.objects.bulk_create(clinics)
        ClinicAgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
        Clinic.forces.through.objects.bulk_create(
            [Clinic.forces.through(clinic_id=c.pk, organisation_id=f) for c, f in forces]
        )
        Clinic.attendees.through.objects.bulk_create(
            [Clinic.attendees.through(clinic_id=c.pk, user_id=u) for c, u in attendees]
        )
        return len(clinics)


def _ids_by_case(model: type[models.Model], cases: dict[int, Any]) -> dict[int, list[int]]:
    ids: dict[int, list[int]] = defaultdict(list)
    keys = sorted(cases)
    for start in range(0, len(keys), BATCH):
        rows = (
            model._default_manager.filter(case_id__in=keys[start : start + BATCH])
            .order_by("id")
            .values_list("case_id", "id")
        )
        for case_id, pk in rows:
            ids[case_id].append(pk)
    return ids
