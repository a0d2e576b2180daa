"""Demo campaign site: the home page as the root of the default Wagtail site."""

from __future__ import annotations

from wagtail.models import Page, Site

from campaign.models import HomePage
from cms.models import SiteSettings


def seed(stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Work in care",
            slug="work-in-care",
            hero_heading="Care is a job that matters",
            hero_text=(
                "Find a care job near you across the North East, or start with free training at "
                "your local care academy."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Care Careers North East",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Care Careers North East"
        site.save()
    if old_root and old_root.pk != home.pk and type(old_root.specific) is Page and old_root.depth == 2:
        old_root.delete()  # Wagtail's placeholder "Welcome" page
    settings = SiteSettings.for_site(site)
    settings.brand_name = "Care Careers North East"
    settings.save()
    stdout.write(f"Campaign site: home page '{home.title}' at /")
