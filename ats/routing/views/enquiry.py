"""'Not sure where to start?': the enquiry form."""

from __future__ import annotations

from django.shortcuts import render

from ats.routing.enquiries import enquiry_outcome, submit_enquiry
from ats.routing.forms.enquiry import ENQUIRY_CONSENT, EnquiryForm
from cms import ratelimit
from cms.attribution import get_attribution


def enquiry(request):
    initial = (
        {"email": request.user.email, "name": request.user.get_full_name()}
        if request.user.is_authenticated
        else {}
    )
    form = EnquiryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not ratelimit.allow(request, "enquiry"):
            return render(request, "ats/apply/too_many.html", status=429)
        if form.is_valid():
            outcome = None
            if not form.is_spam:
                enquiry = submit_enquiry(
                    form.cleaned_data,
                    user=request.user,
                    attribution=get_attribution(request),
                    consent_wording=ENQUIRY_CONSENT,
                )
                outcome = enquiry_outcome(enquiry)
            return render(
                request, "ats/enquiry_sent.html", {"email": form.cleaned_data["email"], "outcome": outcome}
            )
    return render(request, "ats/enquiry.html", {"form": form}, status=400 if form.errors else 200)
