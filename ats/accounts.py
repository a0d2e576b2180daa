"""django-allauth hooks: every account email goes through the project's outbox (cms/email.py)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from django.contrib.sites.shortcuts import get_current_site

from cms.models import OutboxEmail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's email as usual, then store it in the outbox and send after commit, so
        a verification or sign-in code email survives a broker outage like every other email."""
        from cms.tasks import enqueue_on_commit, send_outbox_email

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
