"""The GOV.UK form rendering every form gets from the project's renderer."""

from __future__ import annotations

from django import forms


class Question(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("upheld", "Upheld"), ("overturned", "Overturned")],
        widget=forms.RadioSelect,
        help_text="What the review decided",
    )
    measures = forms.MultipleChoiceField(
        label="Special measures",
        choices=[("screens", "Screens"), ("live_link", "Live link")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(label="Summary")


def test_radios_and_checkboxes_are_a_fieldset_whose_legend_is_the_question() -> None:
    html = str(Question(data={"summary": "x"}))
    outcome = html.split('id="id_outcome"')[0].rsplit("<fieldset", 1)[1]
    # The group is described by its hint and its error, and named by its legend.
    assert 'aria-describedby="id_outcome-hint id_outcome-error"' in outcome
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Outcome</legend>' in (
        outcome
    )
    assert 'class="govuk-radios govuk-radios--small" id="id_outcome"' in html
    assert (
        '<label class="govuk-label govuk-radios__label" for="id_outcome_1">Overturned</label>'
        in (html)
    )
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Special measures' in (
        html
    )
    assert 'class="govuk-checkboxes__input" type="checkbox" name="measures"' in html
    # A label names one input, never a group.
    assert 'for="id_outcome"' not in html
    assert 'for="id_measures"' not in html
    # A single input keeps its label.
    assert '<label class="govuk-label" for="id_summary">Summary</label>' in html
