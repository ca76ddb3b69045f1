"""Drawing a meeting's sample: random, stratified, reproducible.

The frame is every decision of the panel's forces made in the period:
finalised CPS no-further-action decisions, approved police NFAs and, when the
chair asks for good practice, charges. Excluded: cases with a Victims' Right
to Review still open, cases no longer closed on that decision (reopened,
say), and cases this panel has reviewed already.

Each decision falls in a stratum by who decided and the outcome
(``cps:nfa_evidential``, ``cps:nfa_public_interest``, ``police:15``,
``charged``). The size is shared between strata in proportion to their
candidates (largest remainder), and each stratum's share is drawn with
``random.Random(seed)`` from its candidates in id order, so the same frame
and seed give the same cases, and the stored frame, seed and draw let anyone
check it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from cases.models import CaseStatus
from charging.decisions.models import CpsDecision, DecisionOutcome
from charging.panels.models import DecisionKind, Panel, ReviewPack
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus


@dataclass(frozen=True, order=True)
class Candidate:
    stratum: str
    case_id: int
    decision_kind: str


@dataclass(frozen=True)
class Frame:
    """What a sample is drawn from."""

    date_from: date
    date_to: date
    force_ids: tuple[int, ...]
    include_charged: bool

    def as_json(self) -> dict[str, object]:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "forces": list(self.force_ids),
            "include_charged": self.include_charged,
            "excluded": [
                "a Victims' Right to Review open",
                "no longer closed on the decision",
                "reviewed by this panel before",
            ],
        }


def _open_review_case_ids(case_ids: Iterable[int]) -> set[int]:
    # The Victims' Right to Review lives with the complainant (victims): read
    # here only to leave those cases out.
    from victims.models import Review, ReviewStatus

    return set(
        Review.objects.filter(case_id__in=list(case_ids))
        .exclude(status=ReviewStatus.COMPLETED)
        .values_list("case_id", flat=True)
    )


def candidates(panel: Panel, frame: Frame, case_id: int | None = None) -> list[Candidate]:
    """Every decision of the frame, one per case (the latest), in a fixed
    order: stratum, then case id. Three queries and the exclusions. With
    ``case_id``, that case alone if it is a candidate."""
    in_frame: dict[str, object] = {
        "case__force_id__in": frame.force_ids,
        "decided_at__date__gte": frame.date_from,
        "decided_at__date__lte": frame.date_to,
    }
    if case_id is not None:
        in_frame["case_id"] = case_id
    found: dict[int, Candidate] = {}
    outcomes = [DecisionOutcome.NFA_EVIDENTIAL, DecisionOutcome.NFA_PUBLIC_INTEREST]
    if frame.include_charged:
        outcomes.append(DecisionOutcome.CHARGE)
    closed_by: dict[str, tuple[str, ...]] = {
        DecisionOutcome.NFA_EVIDENTIAL: (CaseStatus.CPS_NFA,),
        DecisionOutcome.NFA_PUBLIC_INTEREST: (CaseStatus.CPS_NFA,),
        DecisionOutcome.CHARGE: (CaseStatus.CHARGED, CaseStatus.FINALISED),
    }
    for case_id, outcome, status in (
        CpsDecision.objects.filter(outcome__in=outcomes, **in_frame)
        .order_by("case_id", "decided_at", "id")
        .values_list("case_id", "outcome", "case__status")
    ):
        if status not in closed_by[outcome]:
            continue
        if outcome == DecisionOutcome.CHARGE:
            found[case_id] = Candidate("charged", case_id, DecisionKind.CHARGED)
        else:
            found[case_id] = Candidate(f"cps:{outcome}", case_id, DecisionKind.CPS_NFA)
    for case_id, code in (
        PoliceNfaProposal.objects.filter(
            status=PoliceNfaStatus.APPROVED, case__status=CaseStatus.POLICE_NFA, **in_frame
        )
        .order_by("case_id", "decided_at", "id")
        .values_list("case_id", "outcome_code")
    ):
        found[case_id] = Candidate(f"police:{code}", case_id, DecisionKind.POLICE_NFA)
    reviewed = set(
        ReviewPack.objects.filter(meeting__panel=panel, case_id__in=list(found)).values_list(
            "case_id", flat=True
        )
    )
    excluded = reviewed | _open_review_case_ids(found)
    return sorted(c for c in found.values() if c.case_id not in excluded)


def shares(counts: dict[str, int], size: int) -> dict[str, int]:
    """``size`` shared between strata in proportion to their counts, by the
    largest remainder (ties to the stratum named first); never more than a
    stratum holds."""
    total = sum(counts.values())
    size = min(size, total)
    if total == 0 or size == 0:
        return dict.fromkeys(counts, 0)
    exact = {name: size * count / total for name, count in counts.items()}
    given = {name: int(value) for name, value in exact.items()}
    left = size - sum(given.values())
    for name in sorted(exact, key=lambda n: (-(exact[n] - given[n]), n))[:left]:
        given[name] += 1
    return given


def draw(pool: Sequence[Candidate], size: int, seed: int) -> list[Candidate]:
    """A stratified random sample of ``pool``: the same pool and seed give
    the same sample."""
    strata: dict[str, list[Candidate]] = {}
    for candidate in sorted(pool):
        strata.setdefault(candidate.stratum, []).append(candidate)
    share = shares({name: len(members) for name, members in strata.items()}, size)
    # Reproducible on purpose: the seed is stored and anyone may draw again.
    rng = random.Random(seed)  # noqa: S311
    drawn: list[Candidate] = []
    for name in sorted(strata):
        drawn += rng.sample(strata[name], share[name])
    return drawn


def strata_counts(pool: Iterable[Candidate]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for candidate in pool:
        counts[candidate.stratum] = counts.get(candidate.stratum, 0) + 1
    return dict(sorted(counts.items()))
