"""Organisation pages: people and invitations, message templates, pipeline export, audit log;
and interview slots of a vacancy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ats.organisations import memberships
from ats.organisations.models import Membership
from ats.organisations.permissions import (
    applications_for,
    can_edit,
    get_for_user,
    is_organisation_admin,
    is_regional_admin,
    organisations_for,
    slots_for,
    vacancies_for,
)
from ats.organisations.views.common import portal_view, require_post
from ats.pipeline.exports import pipeline_csv
from ats.pipeline.forms import InviteForm, MessageTemplateForm, SlotForm
from ats.pipeline.models import Interview, MessageTemplate, PersonalDataAccess
from ats.privacy.audit import record_access


def _organisation(request, public_id, *, admin=False):
    organisation = get_for_user(organisations_for(request.user), request.user, public_id=public_id)
    if admin and not is_organisation_admin(request.user, organisation.pk):
        raise Http404("Not found")
    return organisation


@portal_view
def organisation_list(request):
    organisations = list(organisations_for(request.user)[:200])
    for organisation in organisations:
        # Admin-only pages (personal data log, equality report) are linked only for their admins.
        organisation.viewer_is_admin = is_organisation_admin(request.user, organisation.pk)
    return render(
        request,
        "ats/recruit/organisation_list.html",
        {"organisations": organisations, "regional_admin": is_regional_admin(request.user)},
    )


@portal_view
def people(request, organisation):
    organisation = _organisation(request, organisation)
    is_admin = is_organisation_admin(request.user, organisation.pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not is_admin:
            raise Http404("Not found")
        if form.is_valid():
            try:
                memberships.invite_colleague(
                    organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    by=request.user,
                )
            except memberships.MembershipError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
                return redirect("recruit:people", organisation=organisation.public_id)
    return render(
        request,
        "ats/recruit/people.html",
        {
            "organisation": organisation,
            "members": organisation.memberships.select_related("user").order_by("user__email"),
            "invitations": organisation.invitations.filter(accepted_at=None, revoked_at=None),
            "form": form,
            "is_admin": is_admin,
        },
    )


@portal_view
def person_remove(request, organisation):
    organisation = _organisation(request, organisation, admin=True)
    require_post(request)
    membership = Membership.objects.filter(
        organisation=organisation, pk=request.POST.get("membership")
    ).first()
    if membership is None:
        raise Http404("Not found")
    try:
        memberships.remove_member(membership, by=request.user)
    except memberships.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        if membership.user_id == request.user.pk:  # they removed themselves: every session has ended
            logout(request)
            return redirect("account_login")
        messages.success(request, f"{membership.user.email} no longer has access to {organisation.name}.")
    return redirect("recruit:people", organisation=organisation.public_id)


def invitation_accept(request, token):
    """Reached from the emailed link. Not behind portal_view: the invitee is not a member yet."""
    invitation = memberships.invitation_from_token(token)
    if invitation is None:
        raise Http404("This invitation link is not valid or has expired.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.email.lower() != invitation.email.lower() or not invitation.is_pending:
        raise Http404("Not found")
    if request.method == "POST":
        memberships.accept_invitation(invitation, request.user)
        messages.success(request, f"You have joined {invitation.organisation.name}.")
        return redirect("recruit:dashboard")
    return render(request, "ats/recruit/invitation_accept.html", {"invitation": invitation})


@portal_view
def message_templates(request, organisation):
    organisation = _organisation(request, organisation)
    editable = can_edit(request.user, organisation.pk)
    form = MessageTemplateForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise Http404("Not found")
        remove = request.POST.get("remove")
        if remove:
            MessageTemplate.objects.filter(organisation=organisation, pk=remove).delete()
            messages.success(request, "Template deleted.")
            return redirect("recruit:message-templates", organisation=organisation.public_id)
        if form.is_valid():
            template = form.save(commit=False)
            template.organisation = organisation
            template.save()
            messages.success(request, f"Template “{template.name}” saved.")
            return redirect("recruit:message-templates", organisation=organisation.public_id)
    return render(
        request,
        "ats/recruit/message_templates.html",
        {
            "organisation": organisation,
            "templates": organisation.message_templates.all(),
            "form": form,
            "can_edit": editable,
        },
    )


@portal_view
def export(request, organisation):
    organisation = _organisation(request, organisation)
    applications = applications_for(request.user).filter(vacancy__organisation=organisation)
    record_access(
        actor=request.user,
        action=PersonalDataAccess.Action.EXPORTED,
        organisation=organisation,
        detail=f"{applications.count()} applications",
        request_id=getattr(request, "request_id", ""),
    )
    response = HttpResponse(pipeline_csv(applications), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.slug}-pipeline-{timezone.localdate()}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@portal_view
def audit_log(request, organisation):
    organisation = _organisation(request, organisation, admin=True)
    entries = organisation.data_access_log.select_related("actor", "application")[:500]
    return render(request, "ats/recruit/audit_log.html", {"organisation": organisation, "entries": entries})


@portal_view
def slots(request, vacancy):
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"), request.user, public_id=vacancy
    )
    editable = can_edit(request.user, vacancy.organisation_id)
    form = SlotForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise Http404("Not found")
        if form.is_valid():
            slot = form.save(commit=False)
            slot.vacancy = vacancy
            slot.save()
            messages.success(request, "Interview slot published. Invited candidates can book it now.")
            return redirect("recruit:slots", vacancy=vacancy.public_id)
    vacancy_slots = vacancy.interview_slots.annotate(
        booked=Count("interviews", filter=Q(interviews__status=Interview.Status.BOOKED))
    )
    return render(
        request,
        "ats/recruit/slots.html",
        {"vacancy": vacancy, "slots": vacancy_slots, "form": form, "can_edit": editable},
    )


@portal_view
def slot_delete(request, slot):
    slot = get_for_user(
        slots_for(request.user).select_related("vacancy"), request.user, write=True, public_id=slot
    )
    require_post(request)
    if slot.interviews.filter(status=Interview.Status.BOOKED).exists():
        messages.error(request, "Someone has booked this slot. Ask them to rebook before removing it.")
    else:
        slot.delete()
        messages.success(request, "Slot removed.")
    return redirect("recruit:slots", vacancy=slot.vacancy.public_id)
