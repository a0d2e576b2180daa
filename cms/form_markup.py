"""A form's error summary and its fields in GOV.UK markup, written in Python.

components/form_errors.html and components/form_fields.html (which includes
components/form_field.html once per field) are the site's shared form templates; on the academy
page, whose registration form has six fields, they were over half of the page's own markup: an
include per field, a `{% with %}`, four filters and some thirty variable lookups each. Here they are
functions of the form with every value escaped as the templates escaped it and the widgets written
by the same filters (ats.templatetags.govuk_forms), so the HTML is the same byte for byte
(tests/cms/test_form_markup.py renders the templates, which other forms still use, and compares).
"""

from __future__ import annotations

from ats.templatetags.govuk_forms import error_anchor, field_kind, govuk_widget, is_honeypot
from cms.markup import escaped as _e


def _summary(attrs: str, general: str, fields: str) -> str:
    """An error summary box (the two templates differ in their attributes' order and their links)."""
    return (
        f'\n<div class="error-summary" {attrs}>\n'
        '  <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>\n'
        '  <ul class="error-summary__list">\n'
        f"    {general}\n"
        f"    {fields}\n"
        "  </ul>\n"
        "</div>\n\n"
    )


def form_errors(form) -> str:
    """components/form_errors.html: the error summary, linking each error to its field."""
    if not form.errors:
        return "\n"
    general = "".join(f"<li>{_e(error)}</li>" for error in form.non_field_errors())
    fields = "".join(
        "".join(
            f'\n      <li><a href="#{_e(error_anchor(field))}">{_e(error)}</a></li>\n    '
            for error in field.errors
        )
        for field in form
    )
    return _summary(
        'role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-error-summary', general, fields
    )


def error_summary(form) -> str:
    """components/error_summary.html: the older error summary (the contact page's), linking each
    error to its field's label target."""
    if not form or not form.errors:
        return "\n"
    general = "".join(f"<li>{_e(error)}</li>" for error in form.non_field_errors())
    fields = "".join(
        f'<li><a href="#{_e(field.id_for_label)}">{_e(error)}</a></li>'
        for field in form
        for error in field.errors
    )
    return _summary('aria-labelledby="error-summary-title" role="alert" tabindex="-1"', general, fields)


def _errors(field, auto_id: str) -> str:
    """All of a field's errors in one message, so its id is not repeated (issue 21.9)."""
    if not field.errors:
        return ""
    messages = "<br>".join(
        f'<span class="visually-hidden">Error:</span> {_e(error)}' for error in field.errors
    )
    return f'<p class="error-message" id="{auto_id}-error">{messages}</p>'


def _choices(field, auto_id: str, help_text) -> str:
    errors = field.errors
    described = ""
    if help_text or errors:
        described = f' aria-describedby="{f"{auto_id}-hint " if help_text else ""}{f"{auto_id}-error" if errors else ""}"'
    hint = f'<div class="hint" id="{auto_id}-hint">{help_text}</div>' if help_text else ""
    choices = "".join(
        f'\n        <div class="choice">{_e(choice.tag())}<label class="choice__label" '
        f'for="{_e(choice.id_for_label)}">{_e(choice.choice_label)}</label></div>\n      '
        for choice in field
    )
    return (
        f'\n<div class="form-group{" form-group--error" if errors else ""}">\n'
        f'  <fieldset class="fieldset"{described}>\n'
        f'    <legend class="fieldset__legend">{_e(field.label)}</legend>\n'
        f"    {hint}\n"
        f"    {_errors(field, auto_id)}\n"
        f'    <div class="{"radios" if field.widget_type == "radioselect" else "checkboxes"}">\n'
        f"      {choices}\n"
        "    </div>\n"
        "  </fieldset>\n"
        "</div>\n"
    )


def form_field(field) -> str:
    """components/form_field.html: one field with its label, hint and errors."""
    kind = field_kind(field)
    if kind == "hidden":
        return f"\n{_e(field)}\n\n"
    if is_honeypot(field):
        return f'\n\n<div class="honeypot" aria-hidden="true">{_e(field.label_tag())}{_e(govuk_widget(field))}</div>\n\n'
    auto_id = _e(field.auto_id)
    help_text = field.help_text and str(field.help_text)  # `|safe`: editors' and developers' own HTML
    if kind == "choices":
        return f"\n{_choices(field, auto_id, help_text)}\n"
    error_class = " form-group--error" if field.errors else ""
    if kind == "checkbox":
        hint = f'<div class="hint choice__hint" id="{auto_id}-hint">{help_text}</div>' if help_text else ""
        return (
            f'\n\n<div class="form-group{error_class}">\n'
            f"  {_errors(field, auto_id)}\n"
            f'  <div class="choice">{_e(govuk_widget(field))}<label class="choice__label" '
            f'for="{_e(field.id_for_label)}">{_e(field.label)}</label></div>\n'
            f"  {hint}\n"
            "</div>\n\n"
        )
    label = field.label
    optional = " (optional)" if not field.field.required and label else ""
    hint = f'<div class="hint" id="{auto_id}-hint">{help_text}</div>' if help_text else ""
    return (
        f'\n\n<div class="form-group{error_class}">\n'
        f'  <label class="label" for="{_e(field.id_for_label)}">{_e(label)}{optional}</label>\n'
        f"  {hint}\n"
        f"  {_errors(field, auto_id)}\n"
        f"  {_e(govuk_widget(field))}\n"
        "</div>\n\n"
    )


def form_fields(form) -> str:
    """components/form_fields.html: every field of the form."""
    return "".join(form_field(field) for field in form) + "\n"
