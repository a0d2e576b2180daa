from __future__ import annotations

from django import forms

from ats.services.cvs import ALLOWED_DESCRIPTION

# A part whose filename is not valid UTF-8 never reaches the form (Django's parser drops it), so
# the "no file" message also covers that case.
NO_FILE_MESSAGE = (
    "Select a file to upload. If you chose one, its name may have characters we cannot read: "
    "rename it and try again."
)


class CVUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your CV",
        help_text=f"Upload {ALLOWED_DESCRIPTION}, smaller than 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt,.rtf"}),
        error_messages={"required": NO_FILE_MESSAGE, "empty": "The selected file is empty."},
    )
