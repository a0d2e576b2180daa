"""The receiving organisation's side of routing: routed enquiries, referrals and academy courses.

Every object is fetched through ats.organisations.permissions, so anything not routed or referred to the
user's organisations is a 404. Views parse input and call services; they hold no rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ats.organisations.models import Organisation
from ats.organisations.permissions import (
    can_edit,
    cohorts_for,
    is_regional_admin,
    organisations_for,
    referrals_for,
    routing_decisions_for,
)
from ats.organisations.views.common import portal_view, require_post
from ats.routing import academy as academy_service
from ats.routing import services as routing_service
from ats.routing.forms.enquiry import EnquiryForm
from ats.routing.forms.routing import InviteForm, ReferralForm
from ats.routing.models import Enrolment, Referral


def _can_act(user, organisation: Organisation) -> bool:
    return can_edit(user, organisation.pk)


@portal_view
def inbox(request):
    decisions = routing_decisions_for(request.user).filter(superseded_at=None).order_by("-decided_at")[:200]
    orgs = organisations_for(request.user)
    referrals = referrals_for(request.user)
    if not is_regional_admin(request.user):
        referrals = referrals.filter(to_org__in=orgs)
    return render(
        request,
        "ats/routing/inbox.html",
        {
            "decisions": decisions,
            "referrals": referrals[:200],
            "is_regional_admin": is_regional_admin(request.user),
        },
    )


def _in_words(field: str, values) -> str:
    """Stored codes as the enquiry form's own choice labels, in the form's order."""
    labels = dict(EnquiryForm.base_fields[field].choices)
    chosen = [values] if isinstance(values, str) else list(values or [])
    return ", ".join(str(labels.get(value, value)) for value in chosen if value)


def _answers(enquiry) -> list[tuple[str, str]]:
    """What the person told us, as (the form's question, the answer in their words)."""
    fields = EnquiryForm.base_fields
    return [
        (fields["experience"].label, _in_words("experience", enquiry.experience) or "Not given"),
        (fields["interests"].label, _in_words("interests", enquiry.interests) or "Not given"),
        ("NHS roles", "Interested" if enquiry.nhs_interest else "Not asked about"),
        (fields["availability"].label, _in_words("availability", enquiry.availability) or "Not given"),
        ("Hours a week", str(enquiry.hours_wanted or "Not given")),
        (fields["driving"].label, "Yes" if enquiry.driving else "No, or not said"),
        ("How far they could travel", f"{enquiry.max_travel_miles} miles"),
    ]


@portal_view
def decision_detail(request, pk: int):
    decision = get_object_or_404(routing_decisions_for(request.user), pk=pk)
    can_act = _can_act(request.user, decision.destination)
    is_academy = decision.destination.kind == Organisation.Kind.ACADEMY
    invite_form = None
    person = _person(decision)
    if can_act and is_academy and person:
        cohorts = cohorts_for(request.user).filter(
            academy=decision.destination, starts_on__gte=timezone.localdate()
        )
        invite_form = InviteForm(cohorts=cohorts)
    return render(
        request,
        "ats/routing/decision_detail.html",
        {
            "decision": decision,
            "enquiry": decision.enquiry,
            "answers": _answers(decision.enquiry) if decision.enquiry_id else [],
            "events": decision.events.all(),
            "history": _history(decision) if is_regional_admin(request.user) else [],
            "can_act": can_act,
            "can_refer": can_act and (is_academy or is_regional_admin(request.user)),
            "invite_form": invite_form,
            "enrolments": _enrolments(decision),
        },
    )


def _person(decision) -> dict:
    """Who a decision is about, as invite() takes it: the enquiry, or the applicant's account."""
    if decision.enquiry_id:
        return {"enquiry": decision.enquiry}
    if decision.application_id and decision.application.candidate_id:
        return {"candidate": decision.application.candidate}
    return {}


def _enrolments(decision):
    person = _person(decision)
    if not person:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(**person).select_related("cohort")


def _history(decision):
    owner = (
        {"enquiry_id": decision.enquiry_id}
        if decision.enquiry_id
        else {"application_id": decision.application_id}
    )
    return decision.__class__.objects.filter(**owner).select_related("destination").order_by("attempt")


@portal_view
def acknowledge(request, pk: int):
    decision = get_object_or_404(routing_decisions_for(request.user), pk=pk)
    if not _can_act(request.user, decision.destination):
        raise Http404
    require_post(request)
    routing_service.acknowledge(decision, by=request.user)
    messages.success(request, "Acknowledged. Now contact them.")
    return redirect("routing:decision", pk=decision.pk)


@portal_view
def refer(request, pk: int):
    decision = get_object_or_404(routing_decisions_for(request.user), pk=pk)
    if not _can_act(request.user, decision.destination):
        raise Http404
    candidate = decision.application.candidate if decision.application_id else None
    if decision.enquiry_id is None and candidate is None:
        raise Http404
    consent = academy_service.referral_consent(enquiry=decision.enquiry, candidate=candidate)
    form = ReferralForm(request.POST or None, from_org=decision.destination)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            academy_service.create_referral(
                from_org=decision.destination,
                to_org=data["to_org"],
                enquiry=decision.enquiry,
                candidate=candidate,
                vacancy=data["vacancy"],
                fields=data["fields"],
                by=request.user,
                note=data["note"],
            )
        except academy_service.AcademyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"You referred them to {data['to_org']}.")
            return redirect("routing:decision", pk=decision.pk)
    return render(
        request,
        "ats/routing/refer.html",
        {"decision": decision, "form": form, "consent": consent, "no_consent": academy_service.NO_CONSENT},
        status=400 if form.errors else 200,
    )


@portal_view
def referral_detail(request, pk: int):
    referral = get_object_or_404(referrals_for(request.user), pk=pk)
    return render(
        request,
        "ats/routing/referral_detail.html",
        {"referral": referral, "can_respond": _can_act(request.user, referral.to_org)},
    )


@portal_view
def referral_respond(request, pk: int):
    referral = get_object_or_404(referrals_for(request.user), pk=pk)
    if not _can_act(request.user, referral.to_org):
        raise Http404
    require_post(request)
    accept = request.POST.get("answer") == "accept"
    try:
        academy_service.respond_to_referral(
            referral, accept=accept, by=request.user, note=request.POST.get("note", "")[:2000]
        )
    except academy_service.AcademyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "You accepted the referral." if accept else "You declined the referral.")
    return redirect("routing:referral", pk=referral.pk)


@portal_view
def cohort_list(request):
    cohorts = cohorts_for(request.user).annotate(
        taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.WITHDRAWN))
    )
    return render(request, "ats/routing/cohort_list.html", {"cohorts": cohorts})


@portal_view
def cohort_detail(request, pk: int):
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    enrolments = cohort.enrolments.select_related("enquiry", "candidate")
    return render(
        request,
        "ats/routing/cohort_detail.html",
        {
            "cohort": cohort,
            "enrolments": enrolments,
            "can_act": _can_act(request.user, cohort.academy),
            "moves": academy_service.ENROLMENT_MOVES,
        },
    )


@portal_view
def invite(request, pk: int):
    decision = get_object_or_404(routing_decisions_for(request.user), pk=pk)
    person = _person(decision)
    if not person or not _can_act(request.user, decision.destination):
        raise Http404
    require_post(request)
    form = InviteForm(request.POST, cohorts=cohorts_for(request.user).filter(academy=decision.destination))
    if form.is_valid():
        try:
            academy_service.invite(form.cleaned_data["cohort"], **person)
        except academy_service.AcademyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "You invited them to the course.")
    else:
        messages.error(request, "Choose a course.")
    return redirect("routing:decision", pk=decision.pk)


@portal_view
def enrolment_move(request, pk: int):
    enrolment = get_object_or_404(
        Enrolment.objects.filter(cohort__in=cohorts_for(request.user)).select_related("cohort__academy"),
        pk=pk,
    )
    if not _can_act(request.user, enrolment.cohort.academy):
        raise Http404
    require_post(request)
    try:
        academy_service.move_enrolment(enrolment, request.POST.get("to", ""))
    except (academy_service.AcademyError, ValueError) as exc:
        messages.error(
            request, str(exc) if isinstance(exc, academy_service.AcademyError) else "Choose a status."
        )
    else:
        messages.success(request, "Saved.")
    return redirect("routing:cohort", pk=enrolment.cohort_id)


@login_required
@require_POST
def referral_consent(request):
    """The candidate agrees (or no longer agrees) to be referred, from their dashboard."""
    answer = request.POST.get("agree")
    if answer == "yes":
        academy_service.give_referral_consent(user=request.user)
        messages.success(request, "Thank you. Organisations helping you can now refer you to others.")
    elif answer == "no":
        academy_service.withdraw_referral_consent(request.user)
        messages.success(request, "Done. Nobody can refer you to another organisation now.")
    else:
        messages.error(request, "Choose whether organisations may refer you.")
    return redirect(reverse("candidate:dashboard") + "#referrals-heading")


def candidate_referrals(user):
    """Referrals about this candidate, for their dashboard (see templatetags/routing_tags.py)."""
    if not user.is_authenticated:
        return Referral.objects.none()
    return Referral.objects.filter(Q(candidate=user) | Q(enquiry__user=user)).select_related(
        "from_org", "to_org", "vacancy"
    )
