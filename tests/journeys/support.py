"""What the journeys do as people do: read the screen, choose by visible labels, use an authenticator."""

from __future__ import annotations

import base64
import hmac
import re
import struct
import time

from django.test import Client

from cms.models import OutboxEmail


def authenticator_code(secret: str, at: float | None = None) -> str:
    """What an authenticator app shows (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


# For exploring a screen: every form on it with its fields, their labels and buttons.
FORMS = """Array.from(document.querySelectorAll('main form')).map(f => f.action + ' :: ' + Array.from(f.querySelectorAll('input,select,textarea,button')).map(e => e.tagName + ' ' + e.type + ' ' + e.name + ' [' + (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText) + ']').join(' | ')).join('\\n')"""


def sees(page, text: str) -> bool:
    """The text is on the screen (as a person reads it, whatever case or spacing the HTML has)."""
    return page.get_by_text(text).first.is_visible()


def click(page, role: str, name: str, **kwargs) -> None:
    page.get_by_role(role, name=name, **kwargs).click()
    page.wait_for_load_state()


def answer(page, question: str, choice: str) -> None:
    """Choose a radio button or checkbox by its label inside the question's fieldset."""
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def emailed_path(to: str, subject_starts: str, path_pattern: str) -> str:
    """The path of the link in the newest email to `to` whose subject starts so."""
    mail = OutboxEmail.objects.filter(to=[to], subject__startswith=subject_starts).latest("pk")
    return re.search(r"https?://[^/\s]+(" + path_pattern + r")", mail.body_text).group(1)


def staff_client(email: str, password: str, totp_secret: str) -> Client:
    """A browserless session that signed in the ordinary way: password, then authenticator code."""
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    response = client.post(response["Location"], {"code": authenticator_code(totp_secret)})
    assert response.status_code == 302, response.content[:500]
    return client


class StaffTrail:
    """Every staff URL a page opens or posts to, so that others can replay them."""

    PREFIXES = ("/recruit/", "/admin/", "/routing/", "/enquiries/")

    def __init__(self, page, base_url: str):
        self.base_url = base_url
        self.visits: list[tuple[str, str]] = []
        page.on("request", self._record)

    def _record(self, request) -> None:
        path = request.url.removeprefix(self.base_url)
        if request.resource_type == "document" and path.startswith(self.PREFIXES):
            entry = (request.method, path)
            if entry not in self.visits:
                self.visits.append(entry)

    @property
    def gets(self) -> list[str]:
        return [path for method, path in self.visits if method == "GET"]

    @property
    def posts(self) -> list[str]:
        return [path for method, path in self.visits if method == "POST"]


def sign_in_as_staff(page, live_server, staff, landing: str = "/recruit/") -> None:
    """Email and password, then the authenticator app's code, as staff sign in."""
    page.goto(f"{live_server.url}{landing}")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(staff.password)
    click(page, "button", "Sign In")
    page.get_by_label("Code").fill(authenticator_code(staff.totp_secret))
    click(page, "button", "Sign In")
