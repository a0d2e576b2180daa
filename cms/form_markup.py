"""The shared form templates, for callers that still build a page in Python.

A form's error summary and its fields are templates (components/form_errors.html,
components/error_summary.html, components/form_fields.html with components/form_field.html per
field), as every form template includes them. campaign/page_markup.py still writes the academy,
event and contact pages in Python and calls these three functions; they only render those
templates. Once campaign's pages are templates themselves this module can go.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


def form_errors(form) -> SafeString:
    """components/form_errors.html: the error summary, linking each error to its field."""
    return render_to_string("components/form_errors.html", {"form": form})


def error_summary(form) -> SafeString:
    """components/error_summary.html: the contact page's error summary, linking each error to its
    field's label target."""
    return render_to_string("components/error_summary.html", {"form": form})


def form_fields(form) -> SafeString:
    """components/form_fields.html: every field of the form with its label, hint and errors."""
    return render_to_string("components/form_fields.html", {"form": form})
