"""django-allauth hooks: every account email goes through the project's outbox (cms/email.py), and
after signing in each kind of user lands on their own start page."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse

from ats.organisations.permissions import can_use_portal
from cms.client_ip import client_ip
from cms.models import OutboxEmail
from cms.tasks import enqueue_on_commit, send_outbox_email


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Where to go after signing in when there is no `next` (allauth follows a safe `next`
        first): the recruiter portal for organisation members and regional admins, the Wagtail
        admin for other staff (CMS editors), and the jobseeker's dashboard for everyone else."""

        user = request.user
        if can_use_portal(user):
            return reverse("recruit:dashboard")
        if user.is_staff:
            return reverse("wagtailadmin_home")
        return reverse("candidate:dashboard")

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits (sign-in, password reset, codes) key on the visitor behind our
        proxies, like every other limit, not on the proxy's own address."""
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's email as usual, then store it in the outbox and send after commit, so
        a verification or sign-in code email survives a broker outage like every other email."""

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        outbox = OutboxEmail.objects.create(
            to=list(message.to),
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            template=template_prefix,
        )
        enqueue_on_commit(send_outbox_email, outbox.pk)
