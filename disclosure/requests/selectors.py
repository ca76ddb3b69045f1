"""Every read of victim information requests.

A request says what is sought about a complainant and why (counselling,
medical, social-services records): it is as restricted as the complainant's
identity (DESIGN.md §3). ``requests_visible_to`` is the one read path:

- on the cases the user may see, those whose complainants' identity they are
  entitled to (``cases.rules.cases_with_identity_visible``: the OIC, the
  officers granted the case, the prosecutor on it);
- and for a police supervisor of the case's force, the requests awaiting a
  supervisor's decision (a counselling approval, a credibility override),
  which they must read to decide. They read it as everyone not entitled to
  the identity reads a case's free text: through the identity scrubber
  (``cases.identity``), on the page.

A supervisor is not entitled to the complainant's identity (DESIGN.md §3:
the OIC, the officers granted the case and the prosecutor are), so their
need to know lasts as long as the decision does: once they have approved,
overridden or returned it (or the officer withdrew it), the request is the
case's officers' and prosecutor's alone again, and a supervisor fetching it
gets 404 like anyone else. ``request_decided_by`` says only whether they
were the one who decided, so that a second click of their button is
answered as the first's success rather than as a 404.

Nobody else: a CPS SPOC, a supervisor of another force, panel members and
managers see none, and fetching one answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cases import rules as case_rules
from cases.models import CaseFile
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from rasso.accounts.models import Role, User, Viewer
from rasso.accounts.selectors import memberships_of


def _entitled_case_ids(user: User) -> set[int]:
    """The cases with requests that ``user`` may see with the complainants'
    identity: two queries at most (the cases, then the grants), whatever
    their number. Only cases that hold a request are read, so a supervisor
    of a large force does not read every case of it."""
    cases = (
        CaseFile.objects.visible_to(user)
        .filter(pk__in=VictimInformationRequest.objects.values("case_id"))
        .only("pk", "force", "cps_area", "oic", "prosecutor")
    )
    return case_rules.cases_with_identity_visible(user, cases)


def _supervised_forces(user: User) -> list[int]:
    return sorted(
        {m.organisation_id for m in memberships_of(user) if m.role == Role.POLICE_SUPERVISOR}
    )


def requests_visible_to(user: Viewer) -> QuerySet[VictimInformationRequest]:
    # A visitor who is not signed in, and a disabled account (a leaver), see none.
    if not isinstance(user, User) or not user.is_active:
        return VictimInformationRequest.objects.none()
    condition = Q(case_id__in=sorted(_entitled_case_ids(user)))
    forces = _supervised_forces(user)
    if forces:
        # Awaiting a supervisor's decision, and only then: a draft is the
        # officer's until submitted, an ordinary request never comes to them,
        # and a decided one is no longer theirs to know of.
        condition |= Q(
            case__force__in=forces,
            case__in=CaseFile.objects.visible_to(user),
            status=RequestStatus.AWAITING_APPROVAL,
        )
    return VictimInformationRequest.objects.filter(condition)


def request_decided_by(user: Viewer, pk: int, case_pk: int) -> bool:
    """Whether ``user``, a police supervisor of the force on a case they may
    see, approved, overrode or returned request ``pk`` of case ``case_pk``:
    what they know already, so a repeat of their decision may be answered as
    done. Nothing of the request is read."""
    if not isinstance(user, User) or not user.is_active:
        return False
    forces = _supervised_forces(user)
    if not forces:
        return False
    return (
        VictimInformationRequest.objects.filter(
            pk=pk,
            case_id=case_pk,
            case__force__in=forces,
            case__in=CaseFile.objects.visible_to(user),
        )
        .filter(Q(approved_by=user) | Q(override_by=user) | Q(returned_by=user))
        .exists()
    )


_RELATED = ("case", "case__force", "case__cps_area", "complainant", "created_by")


def request_get(user: Viewer, pk: int, case_pk: int | None = None) -> VictimInformationRequest:
    """One request the user may see, or 404 (its existence is not revealed)."""
    qs = requests_visible_to(user).select_related(*_RELATED)
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except VictimInformationRequest.DoesNotExist:
        raise Http404("No such request") from None


def requests_list(user: Viewer, case_pk: int | None = None) -> QuerySet[VictimInformationRequest]:
    qs = requests_visible_to(user).select_related(*_RELATED)
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    return qs.order_by("-created_at", "-id")
