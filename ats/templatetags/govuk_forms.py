"""Render Django form fields with GOV.UK Design System markup: label, hint, error, described-by."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()

CHOICE_WIDGETS = {"radioselect", "checkboxselectmultiple"}
WIDGET_CLASSES = {
    "textarea": "textarea",
    "select": "select",
    "checkbox": "checkbox__input",
    "clearablefile": "file-upload",
    "file": "file-upload",
}


@register.filter
def field_kind(field) -> str:
    """'choices' (fieldset of radios/checkboxes), 'checkbox' (one tick box), 'hidden' or 'input'."""
    widget_type = field.widget_type
    if field.is_hidden:
        return "hidden"
    if widget_type in CHOICE_WIDGETS:
        return "choices"
    if widget_type == "checkbox":
        return "checkbox"
    return "input"


@register.filter
def is_honeypot(field) -> bool:
    names = {getattr(settings, "ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD", None), "website"}
    return field.name in names


@register.filter
def error_anchor(field) -> str:
    """The id an error-summary link points at: the first radio or checkbox of a group."""
    if field.widget_type in CHOICE_WIDGETS:
        subwidgets = list(field.subwidgets)
        if subwidgets:
            return subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id


@register.filter
def govuk_widget(field):
    """The field's widget with the class, aria-describedby and aria-invalid GOV.UK expects."""
    widget_type = field.widget_type
    css = WIDGET_CLASSES.get(widget_type, "input")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        css += f" {css}--error"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    # allauth positions its honeypot with an inline style, which our CSP blocks; CSS hides it.
    # (Widgets are copied per form instance, so this changes only this form.)
    field.field.widget.attrs.pop("style", None)
    return field.as_widget(attrs=attrs)


@register.filter
def knockout_note(field, value) -> str:
    """The template that explains, at the question, why this answer rules the job out (issue 24),
    or '' (forms set `field.knockouts = {value: template name}`)."""
    return getattr(field, "knockouts", {}).get(str(value), "")
