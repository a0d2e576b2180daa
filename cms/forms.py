"""Forms of the site-wide views (campaign.views.search)."""

from django import forms


class SiteSearchForm(forms.Form):
    # CharField refuses a NUL character (PostgreSQL text can't hold one): say so in plain words.
    q = forms.CharField(
        label="Search the site",
        required=False,
        error_messages={
            "null_characters_not_allowed": "Search words can only contain letters, numbers and punctuation"
        },
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:200]
