"""Who may do what to a complainant's record, each rule in one place.

Each rule returns why the user may not, or None: the services raise that
reason, and the pages offer a link or button exactly when there is none, so
a page never offers what a service refuses.
"""

from __future__ import annotations

from cases import rules
from cases.models import CaseFile, CaseStatus
from rasso.accounts.models import Role, User
from victims.models import LetterKind, ReviewScheme


def record_refusal(user: User, case: CaseFile, doing: str) -> str | None:
    """The complainant's record is the police's: the OIC and officers
    granted the case (who see the identity), at any stage of the case."""
    if rules.works_on_case(user, case):
        return None
    return f"Only the officers of the case can {doing}"


def contact_refusal(user: User, case: CaseFile, doing: str) -> str | None:
    """Log a contact, write a letter: those entitled to the identity."""
    if rules.may_see_complainant_identity(user, case):
        return None
    return f"Only the officers of the case and the allocated prosecutor can {doing}"


def _allocated_prosecutor(user: User, case: CaseFile) -> bool:
    return case.prosecutor_id == user.pk and rules.has_role(user, Role.PROSECUTOR, case.cps_area_id)


# -- letters ---------------------------------------------------------------------------

# Which letters a case's state allows.
LETTER_STATUSES: dict[str, frozenset[str]] = {
    LetterKind.NFA: frozenset({CaseStatus.POLICE_NFA, CaseStatus.CPS_NFA}),
    LetterKind.CHARGE: frozenset({CaseStatus.CHARGED, CaseStatus.FINALISED}),
    LetterKind.CPS_INTRODUCTION: frozenset(
        {CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN, CaseStatus.CHARGED}
    ),
}


def letter_refusal(user: User, case: CaseFile, kind: str) -> str | None:
    """Whose letter each kind is (None when ``user`` may write it): the
    police tell the complainant of a charge and of their own decision not to
    go on; the prosecutor introduces the CPS; a CPS decision not to charge
    is written by the prosecutor or by the police on the CPS's behalf."""
    police = rules.works_on_case(user, case)
    prosecutor = _allocated_prosecutor(user, case)
    if kind == LetterKind.CPS_INTRODUCTION and not prosecutor:
        return "The CPS introduction letter comes from the prosecutor allocated the case"
    if kind == LetterKind.CHARGE and not police:
        return "The point-of-charge letter comes from the officers of the case"
    if kind == LetterKind.NFA and not (
        police or (prosecutor and case.status == CaseStatus.CPS_NFA)
    ):
        return "The letter about a police decision comes from the officers of the case"
    return None


def letter_kinds_for(user: User, case: CaseFile) -> list[tuple[str, str]]:
    """The letters the case's state allows and ``user`` may write."""
    return [
        (kind, label)
        for kind, label in LetterKind.choices
        if case.status in LETTER_STATUSES[kind] and letter_refusal(user, case, kind) is None
    ]


# -- the Victims' Right to Review ------------------------------------------------------


def review_scheme(case: CaseFile) -> str | None:
    """The review scheme an NFA of this case falls under (None: no NFA)."""
    if case.status == CaseStatus.CPS_NFA:
        return ReviewScheme.CPS
    if case.status == CaseStatus.POLICE_NFA:
        return ReviewScheme.POLICE
    return None


def _reviews(user: User, case: CaseFile, scheme: str) -> bool:
    if scheme == ReviewScheme.POLICE:
        return rules.is_police_supervisor_of(user, case.force_id)
    return rules.has_role(user, Role.CPS_SPOC, case.cps_area_id)


def review_refusal(user: User, case: CaseFile, scheme: str) -> str | None:
    """Who carries out a review (acknowledges and completes it), independent
    of the decision's own team: the force's supervisors and SPOCs for a
    police decision, the Area's CPS SPOC for a CPS one."""
    return None if _reviews(user, case, scheme) else "You cannot act on this review"


def review_request_refusal(user: User, case: CaseFile) -> str | None:
    """A review is of a decision to take no further action. It is recorded by
    the reviewers, and by whoever the complainant asked: the officers of the
    case for a police decision, the allocated prosecutor for a CPS one."""
    scheme = review_scheme(case)
    if scheme is None:
        return "A review is of a decision to take no further action"
    if _reviews(user, case, scheme) or (
        rules.works_on_case(user, case)
        if scheme == ReviewScheme.POLICE
        else _allocated_prosecutor(user, case)
    ):
        return None
    return "You cannot record a request for a review on this case"


def review_reasons_visible(
    user: User, case: CaseFile, scheme: str, *, identity_visible: bool | None = None
) -> bool:
    """A review's reasons (why a late request is accepted, why the decision
    stands or falls) are free text that may name the complainant: they are
    for those entitled to the identity and for the reviewers of the scheme,
    who need them to carry the review out. ``identity_visible`` spares the
    question when the caller has it."""
    if identity_visible is None:
        identity_visible = rules.may_see_complainant_identity(user, case)
    return identity_visible or _reviews(user, case, scheme)
