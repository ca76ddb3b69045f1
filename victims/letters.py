"""Letters to complainants, rendered from templates as PDF by WeasyPrint.

A letter names the complainant and is addressed to them, so it is generated
and downloaded only by those entitled to the identity. Once generated it is
kept as rendered: what was sent does not change when a template does, and
it is downloaded (``letter_attachment``) as it was kept, from the browser and
the API alike.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control

from cases import rules
from cases.models import CaseFile, CaseStatus
from rasso.accounts.models import Role, User
from rasso.core.pdf import pdf_render
from victims.models import Complainant, Letter, LetterKind

# The forces that sign as a constabulary; the rest are "<name> Police"
# unless their name already says what they are.
CONSTABULARIES = frozenset(
    {
        "Cambridgeshire",
        "Cheshire",
        "Cumbria",
        "Derbyshire",
        "Durham",
        "Gloucestershire",
        "Hampshire and Isle of Wight",
        "Hertfordshire",
        "Lancashire",
        "Norfolk",
        "Suffolk",
    }
)


def force_title(name: str) -> str:
    """How a force signs a letter: Kent Police, Durham Constabulary."""
    if "Police" in name or "Constabulary" in name:
        return name
    return f"{name} Constabulary" if name in CONSTABULARIES else f"{name} Police"


def letter_context(
    *, kind: str, case: CaseFile, complainant: Complainant, author: User
) -> dict[str, Any]:
    from victims.services import review_window

    today = timezone.localdate()
    # The letter comes from the author's side: a prosecutor writes for the
    # CPS Area, an officer for the force (also about a CPS decision, which the
    # police may pass on).
    from_cps = rules.has_role(author, Role.PROSECUTOR, case.cps_area_id)
    context: dict[str, Any] = {
        "kind": kind,
        "case": case,
        "complainant": complainant,
        "author": author,
        "today": today,
        "sender": f"Crown Prosecution Service {case.cps_area.name}"
        if from_cps
        else force_title(case.force.name),
        "from_cps": from_cps,
        "decided_by_cps": case.status == CaseStatus.CPS_NFA,
        # A complainant who wants no letters at home gets theirs by email or
        # by hand: the letter then carries no address.
        "show_address": not complainant.no_letters_home,
    }
    if kind == LetterKind.NFA:
        scheme, in_time_until, accepted_until = review_window(case, today)
        context.update(scheme=scheme, review_by=in_time_until, late_until=accepted_until)
    if kind == LetterKind.CHARGE:
        context["offences"] = sorted(
            {co.offence.title for co in case.offences.select_related("offence")}
        )
    return context


def letter_render(*, kind: str, case: CaseFile, complainant: Complainant, author: User) -> bytes:
    context = letter_context(kind=kind, case=case, complainant=complainant, author=author)
    html = render_to_string(f"victims/letters/{kind}.html", context)
    # Its styles are inline in the template (a PDF, never served to a
    # browser); the fetcher loads nothing but our static files, so text a
    # user wrote can make the letter read no file and call no address.
    return pdf_render(html)


def letter_attachment(letter: Letter) -> HttpResponse:
    """The letter's PDF as an attachment the browser will neither render nor
    sniff, never cached. ``letter`` is read with its PDF and its complainant
    (``victims.selectors.letter_get``)."""
    complainant = letter.complainant
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    # The file name carries the URN and the pseudonym, never the name.
    name = f"{complainant.case.urn}-{complainant.pseudonym}-{letter.kind}-{letter.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    # A letter names and addresses the complainant: never cached.
    patch_cache_control(response, private=True, no_store=True)
    return response
