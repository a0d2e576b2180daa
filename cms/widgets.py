"""Form widgets that write their HTML in Python: the same markup as Django's templates give.

Django renders a `<select>` through a template, which includes one template per option and one
more per option's attributes: the story index's two small filter menus cost about a tenth of the
page. `Select` writes the same bytes directly (flat choices; grouped choices are left to Django).

`FormRenderer` (settings.FORM_RENDERER) does the same for every `<input>` widget (text, email,
number, checkbox, hidden...): Django renders each through three templates (the type's, input.html
and attrs.html), about 0.35 ms a field; the academy page's six-field form was a sixth of the page.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: in order; True is a bare name, False is left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options, selected_one = [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not selected_one and option_value in chosen  # the first match, as Django
            selected_one |= selected
            options.append(
                f'\n  <option value="{conditional_escape(option_value)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>\n"
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # nosec B308 B703  # names, values and labels are escaped above
            f'<select name="{conditional_escape(name)}"{_attrs(final_attrs)}>{"".join(options)}\n</select>'
        )


# Django's widget templates that only include django/forms/widgets/input.html.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "number",
        "url",
        "password",
        "hidden",
        "search",
        "tel",
        "color",
        "date",
        "datetime",
        "time",
        "checkbox",
    )
)


def _stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}`: str(), escaped unless the value was safe."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def input_html(widget: dict) -> str:
    """django/forms/widgets/input.html (with attrs.html) for a widget's template context."""
    value = widget["value"]
    attrs = "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_stringformat(value)}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{'' if value is None else f' value="{_stringformat(value)}"'}{attrs}>"
    )


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with `<input>` widgets written in Python (byte for byte the
    same as their templates: tests/cms/test_widgets.py)."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES and "widget" in context:
            return input_html(context["widget"])
        return super().render(template_name, context, request)
