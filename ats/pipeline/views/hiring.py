"""Candidate-facing hiring pages reached from emails: book or rebook an interview (the link's UUID
is the key), and the criminal-record self-disclosure at conditional offer (signed in as the candidate)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ats.applications.models import Application
from ats.pipeline import interviews, offers, references
from ats.pipeline.forms import BookSlotForm, DisclosureForm
from ats.pipeline.models import Interview, Offer
from ats.pipeline.moves import PipelineError
from ats.pipeline.reference_forms import RefereesForm, ReferenceForm
from ats.pipeline.status import OPEN_STAGES, Stage
from ats.routing import academy


def book_interview(request, interview):
    interview = get_object_or_404(
        Interview.objects.select_related("application__vacancy__organisation", "slot"), public_id=interview
    )
    is_open = interview.status in interviews.ACTIVE and interview.application.is_open
    slots = interviews.available_slots(interview).filter(booked__lt=F("capacity"))
    form = BookSlotForm(request.POST or None, slots=slots, initial={"slot": interview.slot})
    if request.method == "POST" and is_open and form.is_valid():
        try:
            interviews.book_slot(interview, form.cleaned_data["slot"])
        except interviews.BookingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "Your interview is booked. We have emailed you the details and a calendar invite."
            )
        return redirect("hiring:interview-book", interview=interview.public_id)
    return render(
        request,
        "ats/hiring/book_interview.html",
        {
            "interview": interview,
            "vacancy": interview.application.vacancy,
            "form": form,
            "is_open": is_open,
            "has_slots": slots.exists(),
        },
    )


@login_required
def disclosure(request, offer):
    offer = get_object_or_404(
        Offer.objects.select_related("application__vacancy__organisation"), public_id=offer
    )
    application = offer.application
    if application.candidate_id != request.user.pk:
        raise Http404("Not found")
    if offer.status != Offer.Status.MADE or application.stage not in (Stage.OFFER, Stage.CHECKS):
        raise Http404("This offer is no longer open")
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offers.record_disclosure(
                offer,
                has_unspent_convictions=form.cleaned_data["has_unspent_convictions"],
                details=form.cleaned_data["details"],
            )
        except PipelineError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Thank you. Your answer has been sent to the employer.")
        return redirect("hiring:offer-disclosure", offer=offer.public_id)
    return render(
        request, "ats/hiring/disclosure.html", {"offer": offer, "vacancy": application.vacancy, "form": form}
    )


def course_place(request, token):
    """From a course invitation email: book the place or give it back (no account needed)."""
    enrolment = academy.enrolment_for_link(token)
    if enrolment is None:
        raise Http404("This link is not valid")
    error = ""
    if request.method == "POST":
        try:
            academy.answer_invitation(enrolment, accept=request.POST.get("answer") == "yes")
        except academy.AcademyError as exc:
            error = str(exc)
        else:
            return redirect("hiring:course-place", token=token)
    return render(
        request,
        "ats/hiring/course_place.html",
        {"enrolment": enrolment, "cohort": enrolment.cohort, "error": error},
        status=400 if error else 200,
    )


def reference(request, token):
    """A referee's form, from the link in their email: no account, single use, expiring."""
    reference_request = references.request_for_token(token)
    if reference_request is None:
        raise Http404("This link is not valid")
    problem = references.link_problem(reference_request)
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            references.submit_reference(reference_request, form.answers())
        except PipelineError as exc:
            problem = str(exc)
        else:
            return redirect("hiring:reference", token=token)
    return render(
        request,
        "ats/hiring/reference.html",
        {
            "reference": reference_request,
            "vacancy": reference_request.application.vacancy,
            "candidate_name": (reference_request.application.snapshot or {}).get("name", "the candidate"),
            "form": form,
            "problem": problem,
        },
        status=400 if request.method == "POST" and (problem or form.errors) else 200,
    )


@login_required
def referees(request, application):
    """The candidate gives referees when the employer asks for them (at offer, if the application
    had none with an email address); they are asked at once."""
    application = get_object_or_404(
        Application.objects.select_related("vacancy__organisation"),
        public_id=application,
        candidate=request.user,
    )
    if application.stage not in OPEN_STAGES:
        raise Http404("This application is closed")
    asked = list(application.reference_requests.all())
    form = RefereesForm(request.POST or None)
    if request.method == "POST" and not asked and form.is_valid():
        references.request_references(application, referees=form.referees())
        messages.success(request, "Thank you. We have emailed your referees.")
        return redirect("hiring:referees", application=application.public_id)
    return render(
        request,
        "ats/hiring/referees.html",
        {"application": application, "vacancy": application.vacancy, "form": form, "asked": asked},
    )
