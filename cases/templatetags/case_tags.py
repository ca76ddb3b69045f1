"""Small template helpers for case pages."""

from __future__ import annotations

from django import template

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
