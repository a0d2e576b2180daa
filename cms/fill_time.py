"""A minimum time between showing a public form and accepting it (bots post at once).

`FillTimeMixin` adds a hidden field holding a signed timestamp issued with the form. A post that
comes back sooner than FORM_MIN_FILL_SECONDS after it (or with no valid stamp) is not accepted: the
form is shown again with everything the person typed and a message asking them to send it again.
The stamp it carries keeps counting from when the form was first shown, so sending again after a
moment goes through. The setting is 0 in the test settings (tests post at once) except in the
tests that prove the check.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing

FIELD = "form_started"
SALT = "cms.fill-time"
TOO_FAST_MESSAGE = (
    "That was quicker than we expected, so nothing has been sent yet. "
    "Please take a moment, check your answers and send again."
)


def issue_stamp(now: float | None = None) -> str:
    return signing.dumps(time.time() if now is None else now, salt=SALT)


def stamp_time(value: str | None) -> float | None:
    """When the form carrying this stamp was shown; None if it is missing or was not ours."""
    if not value:
        return None
    try:
        started = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    return float(started) if isinstance(started, int | float) else None


class FillTimeMixin:
    """Put first among a form's bases: `class EnquiryForm(FillTimeMixin, ..., forms.Form)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(required=False, widget=forms.HiddenInput, initial=issue_stamp)
        self.form_started = stamp_time(self.data.get(self.add_prefix(FIELD))) if self.is_bound else None
        if self.is_bound and self.form_started is None:
            # Shown again, the form carries a stamp of its own from now on.
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD)] = issue_stamp()

    def clean(self):
        cleaned = super().clean()
        cleaned.pop(FIELD, None)  # not an answer: never stored or emailed
        minimum = settings.FORM_MIN_FILL_SECONDS
        if minimum and (self.form_started is None or time.time() - self.form_started < minimum):
            raise forms.ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        return cleaned
