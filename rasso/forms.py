"""GOV.UK Design System fields through Django's template-based form rendering.

Forms need nothing special: the renderer gives every field the GOV.UK classes,
the error state and the ``aria-describedby`` links to its hint and error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
]
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def govuk_widget_class(widget: forms.Widget) -> str:
    for widget_type, css_class in _WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return css_class
    return ""


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css_class = govuk_widget_class(widget)
        classes = [attrs.get("class", ""), widget.attrs.get("class", ""), css_class]
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}-hint")
        if self.errors:
            classes.append(_ERROR_CLASSES.get(css_class, ""))
            described_by.append(f"{self.auto_id}-error")
        attrs["class"] = " ".join(c for c in classes if c)
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_group(self) -> bool:
        """Radios or checkboxes: a question with several inputs, rendered
        as a fieldset with the label as its legend."""
        return isinstance(self.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
    bound_field_class = GovukBoundField
