"""The page layout's template helpers, for every app's templates (the base
layout and its header are this app's: see ``context_processors``)."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag
def scrollable_pane(content: SafeString, *label: object) -> SafeString:
    """A table in MOJ's scrollable pane, so that a table wider than the window
    scrolls inside the page instead of widening it (WCAG 1.4.10)::

        {% load layout_tags %}
        {% scrollable_pane "Deadlines of case " case.urn %}
        <table class="govuk-table">...</table>
        {% endscrollable_pane %}

    The pane is a region named by ``label`` (its parts joined: the table's
    caption) and takes the keyboard focus, so that it can be scrolled without a
    mouse. Every table of the service's pages is in one."""
    return render_to_string(
        "includes/scrollable_pane.html",
        {"label": "".join(str(part) for part in label), "content": content},
    )
