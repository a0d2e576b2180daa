from __future__ import annotations

from django import forms

from ats.applications.cvs import ALLOWED_DESCRIPTION

# A file whose name is not UTF-8 still reaches the form (ats.applications.uploads repairs the part header), and
# store_cv refuses it with its own message, so "no file" here really means none was chosen.
NO_FILE_MESSAGE = "Select your CV to upload"


class CVUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your CV",
        help_text=f"Upload {ALLOWED_DESCRIPTION}, smaller than 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt,.rtf"}),
        error_messages={"required": NO_FILE_MESSAGE, "empty": "The selected file is empty."},
    )
