"""The apply journey at /jobs/<slug>/apply/: guest start, a few screens, check answers, submit.

A returning jobseeker's profile fills in what it can (`prefill_from_profile`), so they see only
the screens with something left to answer: usually this job's own, then check and send."""

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
    prefill_from_profile,
    save_step,
    submit_application,
)
from ats.applications.cvs import CVRejected, store_cv
from ats.applications.forms.apply import (
    ConsentForm,
    GuestStartForm,
    build_form,
    display_rows,
    screen_of,
    screens_for,
    steps_for,
    stored_answers,
)
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
    prefill_from_profile(draft)
    return redirect(_next_screen_url(draft))


def _next_screen_url(draft: ApplicationDraft) -> str:
    """The first screen with something unanswered, or check your answers."""
    missing = set(missing_steps(draft)) - {"consent"}
    for screen in screens_for(draft.vacancy):
        if missing & set(screen.keys):
            return reverse("apply:step", args=[draft.vacancy.slug, screen.key])
    return reverse("apply:check", args=[draft.vacancy.slug])


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
                    answers={"details": form.details()},
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


def _screen_or_404(vacancy, key):
    screens = [screen for screen in screens_for(vacancy) if screen.steps]
    for index, screen in enumerate(screens):
        if screen.key == key:
            return screens, index, screen
    raise Http404


def _save_cv_choice(request, form, answers: dict):
    """The CV the candidate chose (uploading a new one), None for none, or False on an error."""
    choice = form.cleaned_data["cv"]
    if choice == "none":
        return None
    if choice != "upload":
        return CV.objects.get(public_id=choice, candidate=request.user)
    try:
        cv = store_cv(request.user, form.cleaned_data["file"])
    except CVRejected as exc:
        form.add_error("file", str(exc))
        return False
    answers["cv"] = str(cv.public_id)
    return cv


def step_view(request, slug, step):
    vacancy = _vacancy(slug)
    moved = screen_of(vacancy, step)  # an older link to one step: its screen now
    if moved is not None and moved.key != step:
        return redirect("apply:step", slug=slug, step=moved.key)
    screens, index, current = _screen_or_404(vacancy, step)
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
        forms = [
            (part, build_form(part, draft, data=request.POST, files=request.FILES)) for part in current.steps
        ]
        if all(form.is_valid() for _, form in forms):
            saved = []
            for part, form in forms:
                answers, cv = stored_answers(form), False
                if part.key == "cv":
                    cv = _save_cv_choice(request, form, answers)
                    if cv is False:
                        break
                saved.append((part.key, answers, cv))
            else:
                for key, answers, cv in saved:
                    save_step(draft, key, answers, cv=cv)
                return redirect(reverse("apply:check", args=[slug]) if changing else _next_screen_url(draft))
    else:
        forms = [(part, build_form(part, draft)) for part in current.steps]
    back = (
        reverse("apply:check", args=[slug])
        if changing
        else reverse("apply:step", args=[slug, screens[index - 1].key])
        if index
        else vacancy.get_absolute_url()
    )
    has_errors = any(form.errors for _, form in forms)
    return render(
        request,
        "ats/apply/step.html",
        {
            "vacancy": vacancy,
            "forms": forms,
            "screen": current,
            "number": index + 1,
            "total": len(screens),
            "back_url": back,
            "multipart": "cv" in current.keys,
            "has_errors": has_errors,
        },
        status=400 if has_errors else 200,
    )


def check(request, slug):
    vacancy = _vacancy(slug)
    draft = _draft_for(request, vacancy)
    if draft is None:
        return redirect("apply:start", slug=slug)
    if draft.application_id and request.method == "GET":
        return redirect("apply:confirmation", slug=slug)
    consent = build_form(
        _consent_step(vacancy), draft, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        if not ratelimit.allow(request, "apply"):
            return _too_many(request)
        if not consent.is_valid():
            return _check_page(request, vacancy, draft, consent, status=400)
        if consent.is_spam:
            return redirect("apply:check", slug=slug)
        save_step(draft, "consent", {**stored_answers(consent), "wording": consent.wording})
        try:
            submit_application(draft, by=request.user)
        except AlreadyApplied as exc:
            return _already(request, vacancy, exc.application)
        except ApplicationClosed:
            return _closed(request, vacancy)
        except DraftIncomplete as exc:
            messages.error(request, str(exc))
            return redirect(_next_screen_url(draft))
        except ApplyError as exc:
            messages.error(request, str(exc))
            return redirect("apply:start", slug=slug)
        return redirect("apply:confirmation", slug=slug)
    prefill_from_profile(draft)
    if set(missing_steps(draft)) - {"consent"}:
        return redirect(_next_screen_url(draft))
    return _check_page(request, vacancy, draft, consent)


def _consent_step(vacancy):
    return next(step for step in steps_for(vacancy) if step.key == "consent")


def _check_page(request, vacancy, draft, consent: ConsentForm, *, status: int = 200):
    sections = [
        {
            "key": step.key,
            "screen": screen_of(vacancy, step.key).key,
            "title": step.title,
            "rows": display_rows(step, draft),
        }
        for step in steps_for(vacancy)
        if step.key != "consent"
    ]
    return render(
        request,
        "ats/apply/check.html",
        {"vacancy": vacancy, "sections": sections, "form": consent},
        status=status,
    )


def confirmation(request, slug):
    vacancy = _vacancy(slug)
    draft = _draft_for(request, vacancy)
    if draft is None or not draft.application_id:
        return redirect("apply:start", slug=slug)
    return render(
        request, "ats/apply/confirmation.html", {"vacancy": vacancy, "application": draft.application}
    )
