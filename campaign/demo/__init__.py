"""Demo campaign site: home, landing pages, roles, stories, events, areas, academies, FAQs, news,
seeded by `manage.py seed_demo` through `seed` (`site`), one module per page family.

Idempotent: pages are found by slug under their parent and refreshed. Images are drawn here with
Pillow (warm illustrations of people, hills and sun), never copied photos, and all have alt text.
"""

from campaign.demo.pages import block, child_page, paragraph, publish_as_edited
from campaign.demo.site import point_site_at, seed, seed_editors, seed_job_search_page, site_address

__all__ = [
    "block",
    "child_page",
    "paragraph",
    "point_site_at",
    "publish_as_edited",
    "seed",
    "seed_editors",
    "seed_job_search_page",
    "site_address",
]
