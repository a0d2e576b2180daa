"""What a browser would post for a rendered form: an html.parser reading of the page's forms.

Follows the HTML standard's "constructing the entry list" closely enough for our forms: disabled
controls are left out, checkboxes and radios only when checked, a select sends its selected options
(or its first option when none is selected), a textarea its text without the first newline, and the
submit button pressed its own name and value. Inputs whose value the browser cannot show (a date not
written as YYYY-MM-DD in a date input, text in a number input) are sent empty, as a browser
sanitises them: that is how a form that "looks fine" in a test loses a date in real use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# The value sanitisation a browser applies before showing an input (HTML standard, "input" types).
_VALID = {
    "date": re.compile(r"^\d{4,}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "month": re.compile(r"^\d{4,}-\d{2}$"),
    "number": re.compile(r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$"),
    "range": re.compile(r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$"),
}
_STRIP_LINE_BREAKS = {"email", "url", "tel", "text", "search", "password", "hidden"}
_NEVER_SENT = {"file", "image", "reset", "button"}


@dataclass
class Form:
    action: str
    method: str
    attrs: dict
    entries: list[tuple[str, str]] = field(default_factory=list)
    submitters: list[tuple[str, str]] = field(default_factory=list)
    _select: dict | None = None
    _textarea: dict | None = None

    def data(self, *, submitter: int = 0) -> dict[str, list[str]]:
        """The form data set as a dict of lists (for the test client), pressing one submit button."""
        result: dict[str, list[str]] = {}
        pairs = list(self.entries)
        if self.submitters:
            name, value = self.submitters[submitter]
            if name:
                pairs.append((name, value))
        for name, value in pairs:
            result.setdefault(name, []).append(value)
        return result


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "form":
            self.form = Form(attrs.get("action", ""), attrs.get("method", "get").lower(), attrs)
            self.forms.append(self.form)
            return
        form = self.form
        if form is None or "disabled" in attrs:
            if tag in ("select", "textarea") and form is not None:
                # Disabled: read it (to leave its options and text behind) without sending it.
                setattr(form, f"_{tag}", {"name": None, "options": [], "text": [], "multiple": False})
            return
        name = attrs.get("name", "")
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit",):
                form.submitters.append((name, attrs.get("value", "")))
                return
            if not name or kind in _NEVER_SENT:
                return
            value = attrs.get("value", "")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.entries.append((name, value or "on"))
                return
            if kind in _STRIP_LINE_BREAKS:
                value = value.replace("\r", "").replace("\n", "")
            if kind in ("email", "url"):
                value = value.strip()
            pattern = _VALID.get(kind)
            if pattern is not None and value and not pattern.match(value):
                value = ""
            form.entries.append((name, value))
        elif tag == "button":
            if attrs.get("type", "submit").lower() == "submit":
                form.submitters.append((name, attrs.get("value", "")))
        elif tag == "select":
            form._select = {"name": name, "options": [], "multiple": "multiple" in attrs}
        elif tag == "option" and form._select is not None:
            form._select["options"].append(
                {"value": attrs.get("value"), "selected": "selected" in attrs, "text": []}
            )
        elif tag == "textarea":
            form._textarea = {"name": name, "text": []}

    def handle_data(self, data):
        form = self.form
        if form is None:
            return
        if form._textarea is not None:
            form._textarea["text"].append(data)
        elif form._select is not None and form._select["options"]:
            form._select["options"][-1]["text"].append(data)

    def handle_endtag(self, tag):
        form = self.form
        if tag == "form":
            self.form = None
        elif form is None:
            return
        elif tag == "select" and form._select is not None:
            select, form._select = form._select, None
            if not select["name"]:
                return
            options = select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"]
                if value is None:
                    value = " ".join("".join(option["text"]).split())
                form.entries.append((select["name"], value))
        elif tag == "textarea" and form._textarea is not None:
            textarea, form._textarea = form._textarea, None
            if not textarea["name"]:
                return
            text = "".join(textarea["text"])
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            # A browser sends a textarea's line breaks as CRLF.
            form.entries.append((textarea["name"], text.replace("\r\n", "\n").replace("\n", "\r\n")))


def forms_on(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms
