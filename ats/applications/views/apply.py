"""The apply journey at /jobs/<slug>/apply/: guest start, one page per step, check answers, submit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ats.applications.apply import (
    AlreadyApplied,
    ApplicationClosed,
    ApplyError,
    DraftIncomplete,
    can_apply_on_site,
    existing_application,
    get_or_create_draft,
    missing_steps,
    save_step,
    submit_application,
)
from ats.applications.cvs import CVRejected, store_cv
from ats.applications.forms.apply import GuestStartForm, build_form, display_rows, steps_for, stored_answers
from ats.applications.models import CV, ApplicationDraft
from ats.jobs.models import Vacancy
from cms import ratelimit
from cms.attribution import get_attribution
from cms.email import queue_email

GUEST_SALT = "ats.apply.guest"
GUEST_LINK_MAX_AGE = 2 * 24 * 3600


def _vacancy(slug: str) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("organisation").exclude(status=Vacancy.Status.DRAFT), slug=slug
    )


def _too_many(request):
    return render(request, "ats/apply/too_many.html", status=429)


def _closed(request, vacancy):
    return render(request, "ats/apply/closed.html", {"vacancy": vacancy}, status=410)


def _already(request, vacancy, application):
    return render(
        request,
        "ats/apply/already_applied.html",
        {"vacancy": vacancy, "application": application},
        status=409,
    )


def _draft_for(request, vacancy) -> ApplicationDraft | None:
    if not request.user.is_authenticated:
        return None
    return (
        ApplicationDraft.objects.filter(vacancy=vacancy, candidate=request.user).select_related("cv").first()
    )


def start(request, slug):
    vacancy = _vacancy(slug)
    if request.user.is_authenticated:
        first = existing_application(vacancy, request.user)
        if first is not None:
            return _already(request, vacancy, first)
    if not can_apply_on_site(vacancy):
        return _closed(request, vacancy)
    if not request.user.is_authenticated:
        return guest_start(request, vacancy)
    draft = get_or_create_draft(vacancy, request.user, attribution=get_attribution(request))
    missing = missing_steps(draft)
    if not missing:
        return redirect("apply:check", slug=slug)
    return redirect("apply:step", slug=slug, step=missing[0])


def guest_start(request, vacancy):
    """A visitor without an account gives an email address and gets a link that confirms it."""
    form = GuestStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not ratelimit.allow(request, "apply"):
            return _too_many(request)
        if form.is_valid():
            if not form.is_spam:
                draft = ApplicationDraft.objects.create(
                    vacancy=vacancy,
                    guest_email=form.cleaned_data["email"].lower(),
                    attribution=get_attribution(request),
                )
                token = signing.dumps(str(draft.public_id), salt=GUEST_SALT)
                link = request.build_absolute_uri(reverse("apply:guest", args=[vacancy.slug, token]))
                queue_email(
                    draft.guest_email, "emails/apply_confirm_email", {"vacancy": vacancy, "link": link}
                )
            # The same answer whatever the address: nothing tells a visitor whether it has an account.
            return render(
                request,
                "ats/apply/check_email.html",
                {"vacancy": vacancy, "email": form.cleaned_data["email"]},
            )
    login_url = reverse("account_login") + "?next=" + reverse("apply:start", args=[vacancy.slug])
    return render(
        request,
        "ats/apply/guest_start.html",
        {"vacancy": vacancy, "form": form, "login_url": login_url},
        status=400 if form.errors else 200,
    )


def guest_confirm(request, slug, token):
    """The emailed link: confirms the address, makes (or finds) the account, resumes the draft."""
    vacancy = _vacancy(slug)
    try:
        draft_id = signing.loads(token, salt=GUEST_SALT, max_age=GUEST_LINK_MAX_AGE)
    except signing.BadSignature:
        return render(request, "ats/apply/link_expired.html", {"vacancy": vacancy}, status=400)
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    User = get_user_model()
    with transaction.atomic():
        draft = (
            ApplicationDraft.objects.select_for_update().filter(public_id=draft_id, vacancy=vacancy).first()
        )
        if draft is None or draft.candidate_id or draft.submitted_at:
            return render(request, "ats/apply/link_expired.html", {"vacancy": vacancy}, status=400)
        user = User.objects.filter(email__iexact=draft.guest_email).first()
        if user is None:
            user = User.objects.create_user(email=draft.guest_email, password=None)
        EmailAddress.objects.update_or_create(
            user=user, email=draft.guest_email, defaults={"verified": True, "primary": True}
        )
        if ApplicationDraft.objects.filter(vacancy=vacancy, candidate=user).exists():
            draft.delete()  # they already started one while signed in: keep that one
        else:
            draft.candidate = user
            draft.save(update_fields=["candidate", "updated_at"])
    # An emailed link must not bypass a second factor or a staff account's sign in.
    if user.is_staff or Authenticator.objects.filter(user=user).exists():
        messages.info(request, "Your email address is confirmed. Sign in to carry on with your application.")
        return redirect(reverse("account_login") + "?next=" + reverse("apply:start", args=[slug]))
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    messages.success(request, "Your email address is confirmed. You can now carry on with your application.")
    return redirect("apply:start", slug=slug)


def _step_or_404(vacancy, key):
    steps = steps_for(vacancy)
    for index, step in enumerate(steps):
        if step.key == key:
            return steps, index, step
    raise Http404


def step_view(request, slug, step):
    vacancy = _vacancy(slug)
    steps, index, current = _step_or_404(vacancy, step)
    draft = _draft_for(request, vacancy)
    if draft is None:
        if not request.user.is_authenticated or existing_application(vacancy, request.user):
            return redirect("apply:start", slug=slug)
        draft = get_or_create_draft(vacancy, request.user, attribution=get_attribution(request))
    if draft.application_id:
        return redirect("apply:confirmation", slug=slug)
    if not can_apply_on_site(vacancy):
        return _closed(request, vacancy)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = build_form(current, draft, data=request.POST, files=request.FILES)
        if form.is_valid():
            if getattr(form, "is_spam", False):
                return redirect("apply:check", slug=slug)
            answers = stored_answers(form)
            cv = False
            if current.key == "cv":
                choice = form.cleaned_data["cv"]
                if choice == "upload":
                    try:
                        cv = store_cv(request.user, form.cleaned_data["file"])
                    except CVRejected as exc:
                        form.add_error("file", str(exc))
                    else:
                        answers["cv"] = str(cv.public_id)
                elif choice == "none":
                    cv = None
                else:
                    cv = CV.objects.get(public_id=choice, candidate=request.user)
            if current.key == "consent":
                answers["wording"] = form.wording
            if not form.errors:
                save_step(draft, current.key, answers, cv=cv)
                if changing or index + 1 == len(steps) or not missing_steps(draft):
                    return redirect("apply:check", slug=slug)
                return redirect("apply:step", slug=slug, step=steps[index + 1].key)
    else:
        form = build_form(current, draft)
    back = (
        reverse("apply:check", args=[slug])
        if changing
        else reverse("apply:step", args=[slug, steps[index - 1].key])
        if index
        else vacancy.get_absolute_url()
    )
    return render(
        request,
        "ats/apply/step.html",
        {
            "vacancy": vacancy,
            "form": form,
            "step": current,
            "number": index + 1,
            "total": len(steps),
            "back_url": back,
            "multipart": current.key == "cv",
        },
        status=400 if form.errors else 200,
    )


def check(request, slug):
    vacancy = _vacancy(slug)
    draft = _draft_for(request, vacancy)
    if draft is None:
        return redirect("apply:start", slug=slug)
    if draft.application_id and request.method == "GET":
        return redirect("apply:confirmation", slug=slug)
    if request.method == "POST":
        if not ratelimit.allow(request, "apply"):
            return _too_many(request)
        try:
            submit_application(draft, by=request.user)
        except AlreadyApplied as exc:
            return _already(request, vacancy, exc.application)
        except ApplicationClosed:
            return _closed(request, vacancy)
        except DraftIncomplete as exc:
            messages.error(request, str(exc))
            return redirect("apply:step", slug=slug, step=exc.missing[0])
        except ApplyError as exc:
            messages.error(request, str(exc))
            return redirect("apply:start", slug=slug)
        return redirect("apply:confirmation", slug=slug)
    missing = missing_steps(draft)
    if missing:
        return redirect("apply:step", slug=slug, step=missing[0])
    sections = [
        {"key": step.key, "title": step.title, "rows": display_rows(step, draft)}
        for step in steps_for(vacancy)
    ]
    return render(request, "ats/apply/check.html", {"vacancy": vacancy, "sections": sections})


def confirmation(request, slug):
    vacancy = _vacancy(slug)
    draft = _draft_for(request, vacancy)
    if draft is None or not draft.application_id:
        return redirect("apply:start", slug=slug)
    return render(
        request, "ats/apply/confirmation.html", {"vacancy": vacancy, "application": draft.application}
    )
