"""Snapshot: the HTML of every public page, to check that a change meant only for speed changes
no byte a visitor gets.

Writes one file per response into a folder, with INDEX listing each URL, its status and a hash:
every live page, the story index filtered by each role and area, 400 job searches (the search
benchmark's random searches, seeded, so the same every run), 150 job pages and 50 employer
pages, each requested twice: with the page cache purged ("uncached") and straight after
("cached"). Per-request values (CSP nonces, CSRF tokens) are blanked.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccne_bench .venv/bin/python bench/snapshot.py /tmp/snap-before
    # ... change the code (or run the other version from a git worktree) ...
    DATABASE_URL=... .venv/bin/python bench/snapshot.py /tmp/snap-after
    .venv/bin/python bench/snapshot.py --compare /tmp/snap-before /tmp/snap-after

Take both close in time: job listings change at midnight (closing dates) and with the clock.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DEBUG", "false")

NONCE = re.compile(rb'nonce="[^"]*"')
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def compare(before: Path, after: Path) -> int:
    def index(folder: Path) -> dict[str, str]:
        rows = (line.split("\t") for line in (folder / "INDEX").read_text().splitlines())
        return {url: f"{status}\t{digest}" for url, status, digest, _name in rows}

    old, new = index(before), index(after)
    differing = [url for url in old if new.get(url) != old[url]]
    missing = [url for url in new if url not in old]
    for url in differing[:40]:
        print("differs:", url, old[url], new.get(url, "(absent)"))
    for url in missing[:10]:
        print("only in", after, url)
    print(f"{len(old)} responses before, {len(new)} after, {len(differing)} differ, {len(missing)} new")
    return 1 if differing or missing else 0


def snapshot(folder: Path) -> None:
    import _setup  # noqa: F401  (Django ready)
    import search

    from django.core.cache import cache
    from django.test import Client

    from wagtail.models import Page

    from ats.models import Organisation, Postcode, Vacancy
    from campaign.models import StoryIndexPage
    from campaign.models.stories import STORY_FILTERS, story_filter_choices
    from cms.page_cache import purge_page_cache

    folder.mkdir(parents=True, exist_ok=True)
    cache.clear()
    client = Client()
    urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path")]
    for story_index in StoryIndexPage.objects.live():
        roles, areas = story_filter_choices(STORY_FILTERS.list(story_index))
        urls += [f"{story_index.url}?role={slug}" for slug, _ in roles]
        urls += [f"{story_index.url}?area={slug}" for slug, _ in areas]
    rng = random.Random(20261127)
    postcodes = list(
        Postcode.objects.exclude(latitude=None)
        .order_by("postcode")
        .values_list("postcode", flat=True)[:50000]
    )

    urls += ["/jobs/?" + urlencode(search.random_search(rng, postcodes)) for _ in range(400)]
    live = Vacancy.objects.order_by("pk").values_list("slug", flat=True)
    urls += [f"/jobs/{slug}/" for slug in live[:150]]
    employers = Organisation.objects.order_by("pk").values_list("slug", flat=True)
    urls += [f"/jobs/employers/{slug}/" for slug in employers[:50]]

    lines = []
    for number, url in enumerate(urls):
        for kind in ("uncached", "cached"):
            if kind == "uncached":
                purge_page_cache()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            body = CSRF.sub(rb"\1\2", NONCE.sub(b'nonce=""', response.content))
            name = f"{number:04d}-{kind}.html"
            (folder / name).write_bytes(body)
            lines.append(
                f"{url} {kind}\t{response.status_code}\t{hashlib.sha256(body).hexdigest()[:16]}\t{name}"
            )
    (folder / "INDEX").write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} responses ({len(urls)} URLs) written to {folder}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    snapshot(Path(sys.argv[1]))
