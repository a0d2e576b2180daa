"""Transactional email through an outbox table.

`queue_email` renders the message and stores it in the same transaction as whatever caused it,
then asks Celery to send it after commit. If the broker is down the row waits; the periodic
`drain_outbox` task sends whatever is due. Sending locks the row, so a message is never sent twice,
and a failing SMTP server is retried with exponential backoff.

Emails that share large pieces (a run's job alert digests all show the same few thousand jobs) can
store each piece once as an `OutboxPart` and refer to it (`with_parts`); sending splices them back
in by joining strings, so the email sent is the one rendered at queue time (ADR 0009).
"""

from __future__ import annotations

import re
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.html import escape

from cms.models import OutboxEmail, OutboxPart

MAX_ATTEMPTS = 8
PARTS = "\x00"  # where an email's shared parts go: no form value or database text can hold it


def render_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and (optionally) `<prefix>.html`."""
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}.txt", context)
    try:
        html = render_to_string(f"{template_prefix}.html", context)
    except Exception:  # a text-only email has no HTML template
        html = ""
    return subject, text, html


def build_email(
    to: str | list[str],
    template_prefix: str,
    context: dict,
    *,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    reply_to: str = "",
) -> OutboxEmail:
    """A rendered outbox email, not yet saved. Attachments: (filename, content, mimetype)."""
    subject, text, html = render_email(template_prefix, {"site_url": settings.SITE_URL, **context})
    return OutboxEmail(
        to=[to] if isinstance(to, str) else list(to),
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers or {},
        attachments=attachments or [],
        reply_to=reply_to,
        template=template_prefix,
    )


def slot(name: str) -> str:
    """A marker for one email's own value in an `EmailFrame`'s context."""
    return f"\x1f<{name}>\x1f"


_SLOT = re.compile("\x1f(<|&lt;)(\\w+)(?:>|&gt;)\x1f")


class SlotObject:
    """Stands in for an object in an `EmailFrame`'s context: its named attributes are slots, and
    asking for any other raises, so a template can't quietly print one recipient's value for all."""

    def __init__(self, label: str, **slots: str):
        self._label, self._slots = label, slots

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._slots[name]
        except KeyError:
            raise LookupError(f"{self._label}.{name} is not a slot of this email frame") from None


class EmailFrame:
    """An email's templates rendered once with a `slot` where each recipient's own values go, so
    building each recipient's email is string joins, not three template renders. The result is the
    template's own output: a slot the template printed escaped is filled escaped, one printed as it
    is (autoescape off, or a value marked safe) is filled as it is. A slot a filter changed can't be
    filled, so making the frame raises; values that decide the frame's shape (an `if`, a `yesno`)
    must be real values in the context, one frame per combination."""

    def __init__(self, template_prefix: str, context: dict):
        self.template_prefix = template_prefix
        context = {"site_url": settings.SITE_URL, **context}
        self.subject = self._parts(f"{template_prefix}_subject.txt", context)
        self.text = self._parts(f"{template_prefix}.txt", context)
        try:
            self.html = self._parts(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:  # a text-only email
            self.html = []

    @staticmethod
    def _parts(template_name: str, context: dict) -> list[str | tuple[str, bool]]:
        rendered = get_template(template_name).render(context)
        parts: list[str | tuple[str, bool]] = []
        pieces = _SLOT.split(rendered)  # text, opening, name, text, opening, name, ..., text
        for k in range(0, len(pieces), 3):
            if "\x1f" in pieces[k]:
                raise ValueError(f"{template_name}: a slot is changed by a filter, so it can't be filled")
            parts.append(pieces[k])
            if k + 2 < len(pieces):
                parts.append((pieces[k + 2], pieces[k + 1] == "&lt;"))
        return parts

    @staticmethod
    def _fill(parts: list[str | tuple[str, bool]], values: dict[str, str]) -> str:
        return "".join(
            part if isinstance(part, str) else escape(values[part[0]]) if part[1] else values[part[0]]
            for part in parts
        )

    def build(self, to: str, values: dict[str, str], *, headers: dict[str, str] | None = None) -> OutboxEmail:
        """The email for one recipient (not yet saved), as `build_email` would make it."""
        return OutboxEmail(
            to=[to],
            subject=" ".join(self._fill(self.subject, values).split()),
            body_text=self._fill(self.text, values),
            body_html=self._fill(self.html, values),
            headers=headers or {},
            attachments=[],
            reply_to="",
            template=self.template_prefix,
        )


def store_parts(parts: list[tuple[str, str]]) -> list[int]:
    """Store shared parts (text, HTML) and return their ids, in order."""
    stored = OutboxPart.objects.bulk_create([OutboxPart(text=text, html=html) for text, html in parts], 1000)
    return [part.pk for part in stored]


def with_parts(email: OutboxEmail, part_ids: list[int]) -> OutboxEmail:
    """The email with its shared parts cut out: where the bodies have the `PARTS` marker, the stored
    parts (joined in order) go back when it is sent. The last marker counts: whatever a template
    prints before the parts (a person's own words) can't move them."""
    text_at, html_at = email.body_text.rindex(PARTS), email.body_html.rindex(PARTS)
    email.body_text = email.body_text[:text_at] + email.body_text[text_at + 1 :]
    email.body_html = email.body_html[:html_at] + email.body_html[html_at + 1 :]
    email.parts = {"ids": part_ids, "text_at": text_at, "html_at": html_at}
    return email


def email_bodies(email: OutboxEmail) -> tuple[str, str]:
    """The text and HTML bodies as sent, the shared parts spliced back in."""
    if not email.parts:
        return email.body_text, email.body_html
    ids = email.parts["ids"]
    stored = OutboxPart.objects.in_bulk(ids)
    parts = [stored[pk] for pk in ids]  # a missing part is an error: never send a digest short
    text_at, html_at = email.parts["text_at"], email.parts["html_at"]
    text = "".join([email.body_text[:text_at], *(part.text for part in parts), email.body_text[text_at:]])
    html = "".join([email.body_html[:html_at], *(part.html for part in parts), email.body_html[html_at:]])
    return text, html


def queue_email(to: str | list[str], template_prefix: str, context: dict, **options) -> OutboxEmail:
    """Store a rendered email and send it after commit (options as for `build_email`)."""
    from cms.tasks import enqueue_on_commit, send_outbox_email

    email = build_email(to, template_prefix, context, **options)
    email.save()
    enqueue_on_commit(send_outbox_email, email.pk)
    return email


def queue_emails(emails: list[OutboxEmail]) -> list[OutboxEmail]:
    """Store many built emails in one statement and send them with one task after commit (a
    failure is retried per email by the sweep, as for `queue_email`)."""
    from cms.tasks import enqueue_on_commit, send_outbox_emails

    if not emails:
        return []
    if connection.vendor == "postgresql":
        _copy_emails(emails)
    else:
        emails = OutboxEmail.objects.bulk_create(emails, batch_size=1000)
    enqueue_on_commit(send_outbox_emails, [email.pk for email in emails])
    return emails


def _copy_emails(emails: list[OutboxEmail]) -> None:
    """COPY rather than INSERT: a run of job alert digests is ~1,000 rows of ~9 KB a batch, and an
    INSERT's parameters are quoted and escaped in Python, then parsed again by the server. COPY
    returns no ids, so they are taken from the table's sequence first."""
    table = OutboxEmail._meta.db_table
    fields = OutboxEmail._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(emails)],
        )
        for email, (pk,) in zip(emails, cursor.fetchall(), strict=True):
            email.pk = pk
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for email in emails:
                copy.write_row(
                    [field.get_db_prep_save(field.pre_save(email, True), connection) for field in fields]
                )
        for email in emails:
            email._state.adding = False


# A handover that has not been recorded as done after this long was interrupted (the worker was
# killed or lost the database): longer than any SMTP conversation (EMAIL_TIMEOUT is seconds).
HANDOVER_LEASE = timedelta(minutes=10)
INTERRUPTED = (
    "Interrupted while the mail server had it: it may have been delivered, so it is not sent again "
    "automatically (to avoid a duplicate). Check with the recipient before resending."
)


def build_message(email: OutboxEmail) -> EmailMultiAlternatives:
    body_text, body_html = email_bodies(email)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        headers={**email.headers, "Message-ID": email.message_id},
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for filename, content, mimetype in email.attachments:
        message.attach(filename, content, mimetype)
    return message


def send_outbox(email_id: int) -> bool:
    """Send one outbox email if it is due and unsent. Returns True if it was sent now.

    Delivery is idempotent per message: the worker connects to the mail server, then records (and
    commits) that it is handing the email over, with the Message-ID it sends it under; only then
    does it send, and it records `sent_at` once the server has accepted it. A retry (a killed
    worker's task redelivered, or the sweep) of an email whose handover was recorded but never
    finished does not send it again: the server may already have accepted it (RFC 1047). It is
    marked for a person to check instead. A worker killed before the handover was recorded (while
    rendering or connecting) leaves the email to be sent normally. docs/security.md, "Availability".
    """
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id, sent_at=None).first()
        )
        if email is None or email.attempts >= MAX_ATTEMPTS:
            return False
        if email.handed_over_at is not None:
            if timezone.now() - email.handed_over_at < HANDOVER_LEASE:
                return False  # another worker is handing it over right now
            email.attempts = MAX_ATTEMPTS  # never again automatically
            email.last_error = INTERRUPTED
            email.save(update_fields=["attempts", "last_error"])
            return False
        if email.next_attempt_at > timezone.now():
            return False
        email.attempts += 1
        email.message_id = email.message_id or make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)
        email.next_attempt_at = timezone.now() + HANDOVER_LEASE  # claimed: no other worker takes it
        email.save(update_fields=["attempts", "message_id", "next_attempt_at"])
    try:
        with mailers.default as connection:  # connect (and sign in) before the handover is recorded
            if isinstance(connection, SMTPBackend) and connection.connection is not None:
                # Greet the server too (smtplib would do it at MAIL): only MAIL, RCPT and DATA, where
                # the server may accept the email, are left after the handover is recorded.
                connection.connection.ehlo_or_helo_if_needed()
            message = build_message(email)
            email.handed_over_at = timezone.now()
            email.save(update_fields=["handed_over_at"])  # committed: from now it may be delivered
            connection.send_messages([message])
    except Exception as exc:  # SMTP down or refusing (or a part missing): back off, the sweep retries
        email.handed_over_at = None
        email.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
        email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
        email.save(update_fields=["handed_over_at", "last_error", "next_attempt_at"])
        return False
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["sent_at", "last_error"])
    return True


def due_email_ids(limit: int = 500) -> list[int]:
    return list(
        OutboxEmail.objects.filter(
            sent_at=None, next_attempt_at__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


# A run of job alerts reuses its stored parts across its batches; no run lasts a day.
LONGEST_RUN = timedelta(days=1)


def purge_outbox(now=None) -> tuple[int, int]:
    """Forget emails sent (or given up on) more than OUTBOX_KEEP_DAYS ago, and the shared parts no
    remaining email can refer to: those stored more than a run's length before the oldest email
    still using parts. An email waiting to be sent, and every part it refers to, is kept.
    Returns (emails, parts) deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    emails, _ = OutboxEmail.objects.filter(
        Q(sent_at__lt=cutoff) | Q(sent_at=None, attempts__gte=MAX_ATTEMPTS, created_at__lt=cutoff)
    ).delete()
    oldest = (
        OutboxEmail.objects.filter(parts__has_key="ids")
        .order_by("created_at")
        .values_list("created_at", flat=True)
    ).first()
    keep_from = cutoff if oldest is None else min(cutoff, oldest - LONGEST_RUN)
    parts, _ = OutboxPart.objects.filter(created_at__lt=keep_from).delete()
    return emails, parts
