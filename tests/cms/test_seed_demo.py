"""seed_demo builds a usable demo and can run twice."""

import re
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from ats.models import LocalAuthority, Membership, Organisation, Vacancy
from campaign.models import HomePage


def test_seed_demo_builds_the_site_and_is_idempotent(db, client, settings, tmp_path):
    settings.BASE_DIR = tmp_path  # keep the credentials file out of the work tree
    call_command("seed_demo", no_postcodes=True)
    call_command("seed_demo", no_postcodes=True)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert HomePage.objects.count() == 1
    assert LocalAuthority.objects.filter(in_region=True).count() == 12
    assert Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).count() == 12
    assert Organisation.objects.filter(kind=Organisation.Kind.NHS_TRUST).exists()
    assert Vacancy.objects.filter(status=Vacancy.Status.LIVE).count() >= 5
    assert client.get("/").status_code == 200
    assert client.get("/jobs/").status_code == 200
    # Pages are stored as Wagtail's editor stores them: every list item keeps its own id (raw
    # lists get ids made up again on every render, and block ids change between visits).
    list_items = [
        item
        for block in site.root_page.specific.body.raw_data
        for value in block["value"].values()
        if isinstance(value, list)
        for item in value
    ]
    assert list_items
    assert all(
        isinstance(item, dict) and item.get("type") == "item" and item.get("id") for item in list_items
    )


def test_seed_demo_makes_recruiters_with_an_authenticator_and_a_pipeline(db, client, settings, tmp_path):
    from allauth.mfa.models import Authenticator

    from ats.models import Application

    settings.BASE_DIR = tmp_path
    call_command("seed_demo", no_postcodes=True)
    call_command("seed_demo", no_postcodes=True)

    recruiter = Membership.objects.get(user__email="recruiter@tynevalley.example").user
    assert Authenticator.objects.filter(user=recruiter, type="totp").exists()
    saved = {
        line.split(" | ")[1]: line.split(" | ")
        for line in (tmp_path / ".demo-accounts").read_text().splitlines()[1:]
    }
    _, email, password, secret = saved["recruiter@tynevalley.example"]
    assert email == recruiter.email and recruiter.check_password(password) and len(secret) == 32
    assert {"applied", "interview", "offer", "rejected"} <= set(
        Application.objects.values_list("stage", flat=True)
    )
    client.force_login(recruiter)
    html = client.get("/recruit/").content.decode()
    assert "Home care worker" in html


def _accounts(text: str) -> dict[str, tuple[str, str, str]]:
    """email -> (label, password, secret) from seed_demo's printed list of demo accounts."""
    accounts = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if "  password: " in line:
            email, password = line.split("  password: ")
            secret = ""
            if index + 1 < len(lines) and "authenticator secret: " in lines[index + 1]:
                secret = lines[index + 1].split("authenticator secret: ")[1]
            accounts[email.strip()] = (lines[index - 1].strip(), password.strip(), secret)
    return accounts


def test_seed_demo_prints_every_account_with_its_role_password_and_authenticator(
    db, client, settings, tmp_path
):
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    from cms.models import User

    settings.BASE_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", no_postcodes=True, stdout=out)
    printed = _accounts(out.getvalue())

    labels = [label for label, _, _ in printed.values()]
    assert len(printed) == 8 and len(set(labels)) == 8  # no two accounts share a label
    for role in ["Regional admin", "Marketing moderator", "Marketing editor", "Recruiter", "Viewer",
                 "Academy coordinator", "NHS recruiter", "Jobseeker"]:  # fmt: skip
        assert sum(label.startswith(role) for label in labels) == 1, role
    for email, (label, password, secret) in printed.items():
        user = User.objects.get(email=email)
        assert user.check_password(password), email
        totp = Authenticator.objects.filter(user=user, type="totp").first()
        if label.startswith("Jobseeker"):
            assert not secret and totp is None
            assert user.applications.exists()
        else:  # staff: the printed secret is the one their authenticator app must hold
            assert get_adapter().decrypt(totp.data["secret"]) == secret
    assert "authenticator app" in out.getvalue()
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser
    assert (
        User.objects.get(email="editor@carecareers.example").groups.filter(name="Marketing editors").exists()
    )
    moderator = User.objects.get(email="moderator@carecareers.example")
    assert moderator.groups.filter(name="Marketing moderators").exists()
    nhs = Membership.objects.get(user__email="recruiter@northumbria-nhs.example")
    assert nhs.organisation.kind == "nhs_trust" and nhs.role == "recruiter"
    assert Membership.objects.get(user__email="viewer@tynevalley.example").role == "viewer"


def test_a_second_seed_demo_skips_the_seeding_and_prints_the_same_accounts(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    first, second = StringIO(), StringIO()
    call_command("seed_demo", no_postcodes=True, stdout=first)
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", no_postcodes=True, stdout=second)

    assert "Seeding the demo" in first.getvalue()
    assert "already seeded" in second.getvalue() and "Seeding the demo" not in second.getvalue()
    assert len(queries) < 20
    assert _accounts(second.getvalue()) == _accounts(first.getvalue())
    forced = StringIO()
    call_command("seed_demo", no_postcodes=True, force=True, stdout=forced)
    assert "Seeding the demo" in forced.getvalue()
    assert _accounts(forced.getvalue()) == _accounts(first.getvalue())  # the same passwords and secrets


def test_the_demo_sites_links_follow_site_url(db, client, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("seed_demo", no_postcodes=True, stdout=StringIO())

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8123").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any("/stories/" in url for url in locations) and any("/jobs/" in url for url in locations)
    assert all(url.startswith("http://127.0.0.1:8123/") for url in locations), locations

    settings.SITE_URL = "http://localhost:9000"  # make demo again with another HOST/PORT
    call_command("seed_demo", no_postcodes=True, stdout=StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("localhost", 9000)
