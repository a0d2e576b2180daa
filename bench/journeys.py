"""The jobseeker's journeys on a 390 x 844 phone, counted: screens, taps, typed characters, seconds.

    .venv/bin/python bench/journeys.py [--url http://127.0.0.1:8000]

Without --url it starts `manage.py runserver` on a free port against the database of DATABASE_URL
(or the demo's SQLite file), which must hold the demo (`manage.py seed_demo`). Chromium is Debian's
(/usr/bin/chromium, or CHROMIUM_PATH).

The script plays a person who answers only what the screen asks: on each screen it types into
each empty required field, picks the first choice of each unanswered required question (the
hopeful answer: over 18, right to work, new to care), applies without a CV where it may, ticks
what must be ticked, and presses the screen's main button, until the application or enquiry is
sent. What the screen already holds (a profile's answers) it leaves alone.

Counted per journey:
- screens: pages loaded from the first tap on "Apply" (or on the form's link) to the confirmation,
  including the confirmation and the page the emailed link opens; the job page the journey starts
  on is not counted;
- taps: each field tapped into, each choice picked, each button or link pressed (opening the
  emailed link counts as one);
- typed: characters typed;
- seconds: wall-clock from the first tap to the confirmation, typing at machine speed (the server
  it starts has no minimum fill time; with --url, start yours with FORM_MIN_FILL_SECONDS=0), so it
  is the site's time, not a person's, and moves with the machine's load.

Journeys:
- guest: a first-time visitor with no account applies to a job, confirming their email address
  by the emailed link (read from the outbox table) when the journey asks for it;
- returning: the same person, now with a profile and still signed in, applies to a second job;
- enquiry: a visitor sends the "I'm interested" form from the home page's link.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import F  # noqa: E402

from ats.models import Application, Enquiry, Vacancy  # noqa: E402
from cms.models import OutboxEmail  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}

PERSON = {
    "first_name": "Jordan",
    "last_name": "Reed",
    "name": "Jordan Reed",
    "phone": "07700 900456",
    "postcode": "NE1 4ST",
    "personal_statement": "I looked after my grandad for two years and want to make care my job.",
    "message": "",
    "hours_wanted": "",
}
FALLBACK_TEXT = "Yes, I can."
CONFIRMATION_HEADINGS = re.compile(r"application sent|we have your enquiry|thank you|enquiry sent", re.I)


@dataclass
class Tally:
    name: str
    screens: int = 0
    taps: int = 0
    typed: int = 0
    seconds: float = 0.0
    path: list[str] = field(default_factory=list)


class Counter:
    """Counts main-frame page loads of one page."""

    def __init__(self, page, tally: Tally, base: str):
        self.tally = tally
        self.base = base
        page.on("framenavigated", self._navigated)
        self.page = page

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.tally.screens += 1
            self.tally.path.append(frame.url.removeprefix(self.base))


def _required_empty_inputs(page):
    """What a person must still answer on this screen: (kind, name, element) in page order."""
    return page.evaluate(
        """() => {
        const form = document.querySelector('main form[method=post]') || document.querySelector('main form');
        if (!form) return [];
        const out = []; const seenGroups = new Set();
        for (const el of form.querySelectorAll('input, textarea, select')) {
          if (el.type === 'hidden' || el.closest('.honeypot') || el.disabled) continue;
          if (el.offsetParent === null && el.type !== 'radio' && el.type !== 'checkbox') continue;
          const name = el.name;
          if (el.type === 'radio') {
            if (seenGroups.has(name)) continue; seenGroups.add(name);
            const group = form.querySelectorAll(`input[type=radio][name="${name}"]`);
            if (!Array.from(group).some(r => r.checked)) out.push(['radio', name]);
          } else if (el.type === 'checkbox') {
            if (seenGroups.has(name)) continue; seenGroups.add(name);
            const group = form.querySelectorAll(`input[type=checkbox][name="${name}"]`);
            // Django marks no box of a group required: a person answers a group of boxes anyway.
            const required = el.required || group.length > 1;
            if (required && !Array.from(group).some(c => c.checked)) out.push(['checkbox', name]);
          } else if (el.type === 'file') {
            continue;
          } else if (el.required && !el.value) {
            out.push([el.tagName.toLowerCase() === 'select' ? 'select' : 'text', name]);
          }
        }
        return out;
      }"""
    )


def _fill_screen(page, tally: Tally, email: str) -> None:
    for kind, name in _required_empty_inputs(page):
        if kind == "radio":
            group = page.locator(f"main input[type=radio][name='{name}']")
            choice = group.first
            if name == "cv":  # apply without a CV where the employer allows it
                none = page.locator("main input[type=radio][name='cv'][value='none']")
                if none.count():
                    choice = none
            choice.check()
            tally.taps += 1
        elif kind == "checkbox":
            page.locator(f"main input[type=checkbox][name='{name}']").first.check()
            tally.taps += 1
        elif kind == "select":
            page.locator(f"main select[name='{name}']").select_option(index=1)
            tally.taps += 2
        else:
            value = email if "email" in name else PERSON.get(name) or FALLBACK_TEXT
            if name.startswith("referee_") and name.endswith("_contact"):
                value = "0191 498 0000"
            elif name.startswith("referee_") and name.endswith("_relationship"):
                value = "Manager"
            elif name.startswith("referee_"):
                value = "Sam Boss" if "_1_" in name else "Ali Friend"
            page.locator(f"main [name='{name}']").first.fill(value)
            tally.taps += 1
            tally.typed += len(value)


def _press_main_button(page, tally: Tally) -> None:
    button = page.locator("main form[method=post] button[type=submit].button").last
    if not button.count():
        button = page.locator("main form button[type=submit]").last
    with page.expect_navigation():
        button.click()
    tally.taps += 1


def _confirmed(page) -> bool:
    heading = page.locator("main h1").first
    return heading.count() > 0 and bool(CONFIRMATION_HEADINGS.search(heading.inner_text()))


def _follow_emailed_link(page, tally: Tally, email: str, since_pk: int) -> bool:
    mail = OutboxEmail.objects.filter(to=[email], pk__gt=since_pk).order_by("-pk").first()
    if mail is None:
        return False
    match = re.search(r"https?://[^/\s]+(/jobs/\S+/apply/confirm/\S+?/)", mail.body_text)
    if not match:
        return False
    page.goto(tally.base + match.group(1))
    tally.taps += 1
    return True


def run_form_journey(page, tally: Tally, email: str, *, max_screens: int = 25) -> None:
    outbox_start = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    while not _confirmed(page):
        if tally.screens > max_screens:
            raise RuntimeError(f"{tally.name}: no confirmation after {max_screens} screens: {tally.path}")
        if "check your email" in page.locator("main h1").first.inner_text().lower():
            if not _follow_emailed_link(page, tally, email, outbox_start):
                raise RuntimeError(f"{tally.name}: no emailed link for {email}")
            continue
        _fill_screen(page, tally, email)
        if not page.locator("main form button[type=submit]").count():
            raise RuntimeError(
                f"{tally.name}: stuck at {page.url}: {page.locator('main').inner_text()[:300]}"
            )
        _press_main_button(page, tally)
        errors = page.locator("[data-error-summary], .error-summary")
        if errors.count() and errors.first.is_visible():
            raise RuntimeError(f"{tally.name}: {page.url} refused: {errors.first.inner_text()}")


def _forget_earlier_runs() -> None:
    """Each run applies to the same jobs as the last: its people and what they sent go first."""
    people = get_user_model().objects.filter(email__startswith="bench.")
    Application.objects.filter(candidate__in=people).delete()
    Enquiry.objects.filter(email__startswith="bench.").delete()
    people.delete()


def _vacancies(count: int) -> list[Vacancy]:
    """Live jobs to apply to on the site, ones with the employer's own questions first."""
    live = Vacancy.objects.filter(
        status=Vacancy.Status.LIVE, apply_method=Vacancy.ApplyMethod.ON_SITE
    ).order_by(F("screening_questions__id").desc(nulls_last=True), "slug")
    chosen: list[Vacancy] = []
    for vacancy in live:
        if vacancy.is_live and vacancy not in chosen:
            chosen.append(vacancy)
        if len(chosen) == count:
            return chosen
    raise RuntimeError("The demo has too few live jobs to apply to: run manage.py seed_demo")


def apply_journey(context, base: str, name: str, vacancy: Vacancy, email: str) -> Tally:
    page = context.new_page()
    tally = Tally(name)
    tally.base = base  # type: ignore[attr-defined]
    page.goto(base + vacancy.get_absolute_url())
    Counter(page, tally, base)
    started = time.monotonic()
    apply = page.locator("main a", has_text=re.compile(r"^\s*Apply", re.I)).first
    apply.click()
    page.wait_for_load_state()
    tally.taps += 1
    run_form_journey(page, tally, email)
    tally.seconds = time.monotonic() - started
    if not Application.objects.filter(vacancy=vacancy, candidate__email=email).exists():
        raise RuntimeError(f"{name}: no application stored for {email}")
    page.close()
    return tally


def enquiry_journey(context, base: str, email: str) -> Tally:
    page = context.new_page()
    tally = Tally("enquiry")
    tally.base = base  # type: ignore[attr-defined]
    page.goto(base + "/")
    Counter(page, tally, base)
    started = time.monotonic()
    link = page.locator("a[href*='/not-sure/']").first
    if not link.count():
        page.goto(base + "/not-sure/")  # not linked: the visitor has to know the address
    else:
        link.click()
        page.wait_for_load_state()
        tally.taps += 1
    run_form_journey(page, tally, email)
    tally.seconds = time.monotonic() - started
    page.close()
    return tally


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # No minimum fill time: the script types at once, and the seconds are the site's, not a person's.
    env = {**os.environ, "SITE_URL": base, "VIRUS_SCAN": "off", "FORM_MIN_FILL_SECONDS": "0"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, base
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("runserver did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start runserver on a free port)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    process = None
    base = args.url.rstrip("/") if args.url else None
    if base is None:
        process, base = _start_server()
    stamp = int(time.time())
    email = f"bench.guest.{stamp}@example.org"
    tallies: list[Tally] = []
    try:
        _forget_earlier_runs()
        first, second = _vacancies(2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport=PHONE)
            tallies.append(apply_journey(context, base, "guest", first, email))
            tallies.append(apply_journey(context, base, "returning", second, email))
            context.close()
            context = browser.new_context(viewport=PHONE)
            tallies.append(enquiry_journey(context, base, f"bench.enquiry.{stamp}@example.org"))
            context.close()
            browser.close()
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
    print(f"{'journey':<10} {'screens':>7} {'taps':>5} {'typed':>6} {'seconds':>8}")
    for tally in tallies:
        print(f"{tally.name:<10} {tally.screens:>7} {tally.taps:>5} {tally.typed:>6} {tally.seconds:>8.1f}")
    if os.environ.get("JOURNEYS_VERBOSE"):
        for tally in tallies:
            print(tally.name, " -> ".join(tally.path))


if __name__ == "__main__":
    main()
