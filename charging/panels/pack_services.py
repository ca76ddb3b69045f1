"""Preparing, releasing and correcting a review pack.

A pack is prepared from its case (``packs.pack_facts``, and each passage of
free text with the redactions ``redaction`` proposes), its passages accepted
or edited by the preparer, and released only when the rendered pack holds no
identifier recorded on the case; the refusal names the category found. A
released pack is frozen: a correction is a new version, which supersedes the
old one when it is released in turn. Every step is audited.
"""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from charging.decisions.models import CpsDecision
from charging.panels import rules
from charging.panels.models import PackStatus, ReviewPack
from charging.panels.packs import pack_facts
from charging.panels.redaction import pack_redactor
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse
from rasso.core.pdf import pdf_render


def _locked(pack: ReviewPack) -> ReviewPack:
    return (
        ReviewPack.objects.select_for_update(of=("self",))
        .select_related("meeting__panel", "case")
        .get(pk=pack.pk)
    )


def _passages_of(pack: ReviewPack) -> list[tuple[str, str, str]]:
    """(key, label, text as written) of the decision's free text."""
    found: list[tuple[str, str, str]] = []
    decision = CpsDecision.objects.filter(case=pack.case).order_by("-decided_at", "-id").first()
    if decision is not None:
        found += [
            (
                "evidential_reasons",
                "The evidential stage: the prosecutor's reasons",
                decision.evidential_reasons,
            ),
            (
                "public_interest_reasons",
                "The public interest: the prosecutor's reasons",
                decision.public_interest_reasons,
            ),
        ]
    nfa = (
        PoliceNfaProposal.objects.filter(case=pack.case, status=PoliceNfaStatus.APPROVED)
        .order_by("-decided_at", "-id")
        .first()
    )
    if nfa is not None:
        found.append(("nfa_rationale", "The police rationale for no further action", nfa.rationale))
    return [(key, label, text) for key, label, text in found if text.strip()]


def _reading(pack: ReviewPack) -> dict[str, Any]:
    passages = [
        {"label": p["label"], "text": p["accepted"]}
        for p in pack.passages
        if p["accepted"]  # an empty passage is left out
    ]
    return {"pack": pack, "passages": passages}


def pack_html(pack: ReviewPack) -> str:
    """The pack's body as the panel reads it, from its accepted passages."""
    return render_to_string("charging/panels/pack_body.html", _reading(pack))


def pack_pdf(pack: ReviewPack, watermark: str) -> bytes:
    """The pack as a tagged PDF (PDF/UA), watermarked on every page with
    ``watermark`` (the reader's pseudonymous reference)."""
    html = render_to_string(
        "charging/panels/pack_pdf.html", {**_reading(pack), "watermark": watermark}
    )
    return pdf_render(html, pdf_variant="pdf/ua-1", custom_metadata=True)


def pdf_text(pdf: bytes) -> str:
    """The text a reader of the PDF can copy out of it."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@transaction.atomic
def pack_prepare(*, actor: User, pack: ReviewPack) -> ReviewPack:
    """Build (or build again) the draft's facts and passages from its case,
    each passage with the redactions proposed and not yet accepted."""
    pack = _locked(pack)
    refuse(rules.pack_prepare_refusal(actor, pack))
    redactor = pack_redactor(pack.case)
    pack.facts = pack_facts(pack.case)
    pack.passages = [
        {
            "key": key,
            "label": label,
            "original": text,
            "proposed": redactor.propose(text),
            "accepted": None,
        }
        for key, label, text in _passages_of(pack)
    ]
    pack.preparer = actor
    pack.save(update_fields=["facts", "passages", "preparer"])
    audit_record(
        actor=actor, action="panel.pack_prepared", obj=pack, detail={"passages": len(pack.passages)}
    )
    return pack


@transaction.atomic
def pack_passage_accept(*, actor: User, pack: ReviewPack, key: str, text: str) -> ReviewPack:
    """The preparer accepts a passage as proposed, or as they edited it."""
    pack = _locked(pack)
    refuse(rules.pack_prepare_refusal(actor, pack))
    passage: dict[str, Any] | None = next((p for p in pack.passages if p["key"] == key), None)
    if passage is None:
        raise DomainError("No such passage in this pack")
    passage["accepted"] = text.strip()
    pack.save(update_fields=["passages"])
    audit_record(
        actor=actor, action="panel.pack_passage_accepted", obj=pack, detail={"passage": key}
    )
    return pack


def release_refusal(pack: ReviewPack, *, with_pdf: bool = True) -> str | None:
    """Why the pack may not be released yet: a passage not accepted, or an
    identifier of the case still in the rendered pack (its category named)."""
    waiting = [p["label"] for p in pack.passages if p["accepted"] is None]
    if waiting:
        return f"Accept or edit every passage first: {waiting[0]}"
    redactor = pack_redactor(pack.case)
    found = redactor.categories_in_html(pack_html(pack))
    # And the PDF as members download it: its text, its metadata.
    if with_pdf and not found:
        found = redactor.categories_in(pdf_text(pack_pdf(pack, "Release check")))
    if found:
        return f"The pack still contains {', '.join(found)}: redact it before release"
    return None


@transaction.atomic
def pack_release(*, actor: User, pack: ReviewPack) -> ReviewPack:
    pack = _locked(pack)
    refuse(rules.pack_prepare_refusal(actor, pack))
    if reason := release_refusal(pack):
        raise DomainError(reason)
    ReviewPack.objects.filter(
        meeting=pack.meeting, number=pack.number, status=PackStatus.RELEASED
    ).update(status=PackStatus.SUPERSEDED)
    pack.status = PackStatus.RELEASED
    pack.released_at = timezone.now()
    pack.released_by = actor
    pack.save(update_fields=["status", "released_at", "released_by"])
    audit_record(
        actor=actor, action="panel.pack_released", obj=pack, detail={"version": pack.version}
    )
    return pack


@transaction.atomic
def pack_correct(*, actor: User, pack: ReviewPack) -> ReviewPack:
    """A new draft version of a released pack, its passages to accept again."""
    pack = _locked(pack)
    refuse(rules.pack_correct_refusal(actor, pack))
    if ReviewPack.objects.filter(
        meeting=pack.meeting, number=pack.number, status=PackStatus.DRAFT
    ).exists():
        raise DomainError("A correction of this pack is already in preparation")
    latest = (
        ReviewPack.objects.filter(meeting=pack.meeting, number=pack.number)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    correction = ReviewPack.objects.create(
        meeting=pack.meeting,
        case=pack.case,
        decision_kind=pack.decision_kind,
        stratum=pack.stratum,
        number=pack.number,
        version=(latest or pack.version) + 1,
        added_reason=pack.added_reason,
        facts=pack.facts,
        passages=[{**p, "accepted": None} for p in pack.passages],
        preparer=actor,
    )
    audit_record(actor=actor, action="panel.pack_corrected", obj=correction, detail={"of": pack.pk})
    return correction
