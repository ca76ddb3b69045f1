"""Small template helpers for case pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone

from cases.identity import WITHHELD, CaseTexts, TextReader

register = template.Library()

_STATUS_TAG_CLASSES = {
    "draft": "govuk-tag--grey",
    "with_cps": "govuk-tag--purple",
    "action_plan": "govuk-tag--orange",
    "charged": "govuk-tag--green",
    "finalised": "govuk-tag--teal",
    "police_nfa": "govuk-tag--magenta",
    "cps_nfa": "govuk-tag--magenta",
    "created_in_error": "govuk-tag--red",
}


@register.filter
def status_tag_class(status: str) -> str:
    """The GOV.UK tag colour for a case status (a filter, not an include, as
    it runs once per row of every list)."""
    tag = _STATUS_TAG_CLASSES.get(status)
    return f" {tag}" if tag else ""


@register.filter
def readable(text: Any, reader: Any) -> Any:
    """Free text of a case as the page's reader may read it:
    ``{{ item.question|readable:reader|linebreaksbr }}``, where ``reader`` is
    the page's ``cases.identity.TextReader`` (``render_case_page`` gives one
    for the case). A page that forgot its reader fails (Django refuses the
    missing argument); one whose reader is not a reader shows nothing of the
    text: never the text as written."""
    if not text:
        return text
    if isinstance(reader, TextReader):
        return reader(text)
    return WITHHELD


@register.filter
def reader_of(texts: Any, case: Any) -> Any:
    """The reader of one case's text on a page spanning cases:
    ``{% with reader=texts|reader_of:item.case %}``."""
    if isinstance(texts, CaseTexts):
        return texts.reader(case)
    return None


@register.filter
def days_since(moment: Any, today: Any) -> Any:
    """Whole calendar days from ``moment`` (a date or a date and time) to
    ``today``: ``{{ case.submitted_at|days_since:today }}``."""
    if moment is None or today is None:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return (today - moment).days
