"""seed_demo builds a usable demo and can run twice."""

from django.core.management import call_command

from wagtail.models import Site

from ats.models import LocalAuthority, Organisation, Vacancy
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

    from ats.models import Application, Membership

    settings.BASE_DIR = tmp_path
    call_command("seed_demo", no_postcodes=True)
    call_command("seed_demo", no_postcodes=True)

    recruiter = Membership.objects.get(user__email="recruiter@tynevalley.example").user
    assert Authenticator.objects.filter(user=recruiter, type="totp").exists()
    email, password, secret = (tmp_path / ".demo-recruiters").read_text().splitlines()[0].split(" / ")
    assert email == recruiter.email and recruiter.check_password(password) and len(secret) == 32
    assert {"applied", "interview", "offer", "rejected"} <= set(
        Application.objects.values_list("stage", flat=True)
    )
    client.force_login(recruiter)
    html = client.get("/recruit/").content.decode()
    assert "Home care worker" in html
