"""Demo campaign site: home, landing pages, roles, stories, events, areas, academies, FAQs, news.

Idempotent: pages are found by slug under their parent and refreshed. Images are drawn here with
Pillow (warm illustrations of people, hills and sun), never copied photos, and all have alt text.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from io import BytesIO
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.fields import StreamField
from wagtail.models import Collection, Page, Site

from ats.demo import DemoAccount, demo_user
from ats.models import JobSearchPage, LocalAuthority, Organisation, Role
from campaign.collections import EDITORS, campaign_collection
from campaign.models import (
    AcademyIndexPage,
    AcademyPage,
    AreaIndexPage,
    AreaPage,
    ArticlePage,
    CampaignLandingPage,
    ContactFormField,
    ContactPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    FAQPage,
    HomePage,
    NewsIndexPage,
    QuizPage,
    RoleIndexPage,
    RoleProfilePage,
    StoryIndexPage,
    StoryPage,
)
from cms.models import CampaignBanner, CustomImage, NavigationSettings, SiteSettings

PALETTES = {
    "dawn": ((255, 214, 165), (250, 240, 226), (11, 95, 90), (255, 184, 28)),
    "teal": ((190, 226, 221), (240, 248, 246), (6, 63, 60), (255, 138, 101)),
    "rose": ((250, 200, 190), (252, 238, 232), (120, 40, 60), (255, 200, 80)),
    "sky": ((180, 210, 240), (236, 244, 252), (20, 60, 110), (255, 184, 28)),
    "moss": ((205, 225, 180), (244, 248, 236), (40, 80, 40), (240, 120, 80)),
}
SKIN = [(141, 85, 36), (198, 134, 66), (224, 172, 105), (241, 194, 125), (255, 219, 172), (92, 56, 30)]
CLOTHES = [(11, 95, 90), (0, 94, 184), (179, 65, 44), (106, 62, 150), (40, 110, 60), (200, 60, 90)]

# (key, title, alt text, palette, number of people, collection)
IMAGES = [
    (
        "home-hero",
        "Two carers laughing together",
        "Illustration: two carers in uniform smiling together under a rising sun",
        "dawn",
        2,
        "Always on",
    ),
    (
        "homecare",
        "Home care visit",
        "Illustration: a home care worker visiting an older man at his door",
        "teal",
        2,
        "Home care campaign",
    ),
    (
        "academy",
        "Care academy class",
        "Illustration: a group of learners at a care academy session",
        "sky",
        4,
        "New to care campaign",
    ),
    (
        "nhs",
        "NHS community team",
        "Illustration: an NHS community care team walking together",
        "sky",
        3,
        "NHS Northumberland campaign",
    ),
    (
        "care-worker",
        "Care worker",
        "Illustration: a care worker helping a woman stand from her chair",
        "rose",
        2,
        "Always on",
    ),
    (
        "senior",
        "Senior care worker",
        "Illustration: a senior carer leading a team handover",
        "moss",
        3,
        "Always on",
    ),
    (
        "support",
        "Support worker",
        "Illustration: a support worker and a young man shopping",
        "teal",
        2,
        "Always on",
    ),
    ("nurse", "Nurse", "Illustration: a nurse talking with a resident", "sky", 2, "Always on"),
    (
        "manager",
        "Registered manager",
        "Illustration: a manager speaking with her team",
        "dawn",
        4,
        "Always on",
    ),
    (
        "activities",
        "Activities coordinator",
        "Illustration: residents and a coordinator gardening together",
        "moss",
        3,
        "Always on",
    ),
    ("event", "Job fair", "Illustration: people meeting employers at a job fair", "rose", 4, "Events"),
    (
        "area",
        "North East coast",
        "Illustration: hills and coast of the North East with a warm sun",
        "teal",
        0,
        "Always on",
    ),
]

STORY_PEOPLE = [
    (
        "Amira",
        "home-care-worker",
        "Home care worker",
        "Tyne Valley Home Care",
        "E08000021",
        "rose",
        "I go home every day knowing I made someone's day better.",
        "Amira joined home care after ten years in retail. The academy paid for her DBS check and she had her first shift within five weeks.",
    ),
    (
        "Dave",
        "care-worker",
        "Night care assistant",
        "Wearside Court Care Home",
        "E08000024",
        "sky",
        "At 52 I thought it was too late to change. It wasn't.",
        "Dave was a forklift driver. He now works nights at a care home and is training for his Level 3.",
    ),
    (
        "Priya",
        "registered-nurse",
        "Registered nurse",
        "Durham Dales Nursing",
        "E06000047",
        "teal",
        "Nursing in care homes means you really know your residents.",
        "Priya moved from a hospital ward to a nursing home to lead a dementia unit.",
    ),
    (
        "Josh",
        "support-worker",
        "Support worker",
        "Tees Supported Living",
        "E06000002",
        "moss",
        "My job is helping people live the life they choose.",
        "Josh supports three young men with learning disabilities to live in their own flat.",
    ),
    (
        "Sandra",
        "senior-care-worker",
        "Senior carer",
        "Wearside Court Care Home",
        "E08000024",
        "dawn",
        "I started as a carer and now I run the shift.",
        "Sandra has been in care for 15 years and mentors every new starter.",
    ),
    (
        "Mo",
        "care-apprentice",
        "Care apprentice",
        "Tyne Valley Home Care",
        "E08000037",
        "rose",
        "I'm 19, earning, and getting a qualification.",
        "Mo left college and took a care apprenticeship; he's halfway through his Level 2.",
    ),
    (
        "Helen",
        "registered-manager",
        "Registered manager",
        "Durham Dales Nursing",
        "E06000047",
        "sky",
        "Good care starts with a team that feels looked after.",
        "Helen runs a 45-bed nursing home rated Good by the CQC.",
    ),
    (
        "Grace",
        "activities-coordinator",
        "Activities coordinator",
        "Wearside Court Care Home",
        "E08000023",
        "moss",
        "Every week we find something new that makes someone light up.",
        "Grace plans gardening, music and trips for 60 residents.",
    ),
]

ROLE_PROFILES = [
    (
        "care-worker",
        "Care worker",
        "care-worker",
        "Help people with washing, dressing, eating and getting out and about, in a care home or their own home.",
        "<p>You'll support people with everyday living: getting up, washing, dressing, meals, medication prompts and company. You'll write short care notes and notice when someone isn't themselves.</p>",
        "<p>Your shift starts with a handover. You help residents get ready for the day, serve breakfast, join an activity, and spend time listening. No two days are the same.</p>",
        "<ul><li>Kindness and patience</li><li>Good listening</li><li>Reliability</li><li>No qualifications needed: you'll get the Care Certificate</li></ul>",
    ),
    (
        "home-care-worker",
        "Home care worker",
        "homecare",
        "Visit people in their own homes so they can stay independent, often with flexible hours that fit around family.",
        "<p>You'll visit people at home to help with personal care, meals and medication, and to check they are safe and well.</p>",
        "<p>A morning run might be five visits: helping Jean get up, making breakfast for Ron, a medication check, a shower visit and a lunch call. You'll usually drive between visits, paid mileage.</p>",
        "<ul><li>Confidence working on your own</li><li>A driving licence helps in rural areas</li><li>Good timekeeping</li></ul>",
    ),
    (
        "senior-care-worker",
        "Senior care worker",
        "senior",
        "Lead a shift, give medication and support newer carers. A step up after a year or two in care.",
        "<p>You'll lead a team on shift, manage medication, update care plans and be the person families speak to.</p>",
        "<p>You run the handover, plan the shift, do the medication round, and coach a new starter through their first week.</p>",
        "<ul><li>Experience as a carer</li><li>Level 3 Diploma (or working towards it)</li><li>Calm under pressure</li></ul>",
    ),
    (
        "support-worker",
        "Support worker",
        "support",
        "Support adults with learning disabilities, autism or mental health needs to live the life they choose.",
        "<p>You'll help people with cooking, budgeting, getting to work or college, hobbies and friendships.</p>",
        "<p>You might help someone plan their week, cook together, then go swimming or to a football match.</p>",
        "<ul><li>Patience and creativity</li><li>Respect for people's choices</li><li>Training given</li></ul>",
    ),
    (
        "registered-nurse",
        "Nurse in social care",
        "nurse",
        "Lead clinical care in nursing homes and the community, with time to know the people you care for.",
        "<p>You'll assess and plan clinical care, lead a team of carers, and work with GPs and community teams.</p>",
        "<p>Your day includes a clinical round, wound care, reviewing care plans and supporting families.</p>",
        "<ul><li>NMC registration</li><li>Leadership</li><li>Interest in older people's or dementia care</li></ul>",
    ),
    (
        "registered-manager",
        "Registered manager",
        "manager",
        "Run a care service: its team, its quality and its CQC registration.",
        "<p>You'll lead the whole service: recruitment, quality, budgets, and keeping people safe and happy.</p>",
        "<p>Your day could include a team meeting, a family review, an audit and a chat with every resident.</p>",
        "<ul><li>Level 5 Diploma in Leadership (or working towards it)</li><li>Experience leading a team</li></ul>",
    ),
]

AREA_FACTS = {
    "E06000057": (
        "Northumberland",
        "From Berwick to Hexham, care here means rural roads, close communities and lots of home care.",
    ),
    "E08000037": (
        "Gateshead",
        "A busy borough with care homes, home care and supported living all looking for people.",
    ),
    "E08000021": ("Newcastle upon Tyne", "The city has more care services than anywhere else in the region."),
    "E08000022": (
        "North Tyneside",
        "Coastal towns and a strong network of home care and extra care housing.",
    ),
    "E08000023": ("South Tyneside", "A close-knit borough where many carers work minutes from home."),
    "E08000024": ("Sunderland", "A large city with new care homes opening and a busy care academy."),
    "E06000047": ("County Durham", "From the Dales to the coast, Durham has jobs in every kind of care."),
    "E06000005": ("Darlington", "A market town with growing home care and supported living services."),
    "E06000001": ("Hartlepool", "Care homes and home care teams across the town and nearby villages."),
    "E06000002": ("Middlesbrough", "A young town with lots of supported living and community roles."),
    "E06000003": ("Redcar and Cleveland", "Coastal and rural communities needing carers close to home."),
    "E06000004": ("Stockton-on-Tees", "A borough with care homes, extra care and reablement teams."),
}


def _illustration(seed: int, palette: str, people: int, size=(1600, 1200), scale: float = 1.0) -> bytes:
    """A warm flat illustration: sky gradient, sun, hills and simple figures (`scale` < 1 shrinks
    it, for tests)."""
    rnd = random.Random(seed)
    top, bottom, ink, sun = PALETTES[palette]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sx, sy = rnd.randint(200, width - 200), rnd.randint(150, 350)
    draw.ellipse([sx - 150, sy - 150, sx + 150, sy + 150], fill=sun)
    for layer in range(3):
        shade = tuple(min(255, int(c * (0.55 + 0.15 * layer))) for c in ink)
        base = int(height * (0.62 + 0.1 * layer))
        points = [(0, height)]
        for x in range(0, width + 200, 200):
            points.append((x, base + rnd.randint(-60, 60)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    if people:
        spacing = width // (people + 1)
        for i in range(people):
            cx = spacing * (i + 1) + rnd.randint(-40, 40)
            size_factor = rnd.uniform(0.85, 1.1)
            body_h, body_w, head = int(360 * size_factor), int(200 * size_factor), int(75 * size_factor)
            feet = height - 80
            draw.rounded_rectangle(
                [cx - body_w // 2, feet - body_h, cx + body_w // 2, feet], radius=90, fill=rnd.choice(CLOTHES)
            )
            draw.ellipse(
                [cx - head, feet - body_h - 2 * head - 10, cx + head, feet - body_h - 10],
                fill=rnd.choice(SKIN),
            )
    if scale != 1.0:
        image = image.resize((round(width * scale), round(height * scale)))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _images(scale: float = 1.0) -> dict[str, CustomImage]:
    collections: dict[str, Collection] = {}
    images = {}
    for index, (key, title, alt, palette, people, collection_name) in enumerate(IMAGES):
        if collection_name not in collections:  # one per campaign; editors may add and choose there
            collections[collection_name] = campaign_collection(collection_name)
        image = CustomImage.objects.filter(title=title).first()
        if image is None:
            data = _illustration(index + 7, palette, people, scale=scale)
            image = CustomImage(
                title=title,
                description=alt,
                collection=collections[collection_name],
                credit="Drawn for Care Careers North East",
                file=ImageFile(BytesIO(data), name=f"demo-{key}.jpg"),
            )
            image.save()
        images[key] = image
    for index, (name, *_rest, palette, _q, _b) in enumerate(STORY_PEOPLE):
        title = f"{name}, in their own words"
        image = CustomImage.objects.filter(title=title).first()
        if image is None:
            image = CustomImage.objects.create(
                title=title,
                description=f"Illustration: {name} at work, smiling",
                collection=collections["Always on"],
                file=ImageFile(
                    BytesIO(_illustration(100 + index, palette, 1, (1200, 900), scale=scale)),
                    name=f"story-{index}.jpg",
                ),
            )
        images[f"story-{name}"] = image
    return images


def child_page(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """Create or refresh a published child page of `parent`: the one way seed_demo and the test
    fixtures (tests/fixtures/campaign_site.py) build campaign pages."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    page = existing or model(slug=slug)
    for key, value in fields.items():
        setattr(page, key, value)
    if existing is None:
        parent.add_child(instance=page)
    publish_as_edited(page)
    return page


def publish_as_edited(page: Page) -> None:
    """Publish the page with its StreamFields stored as Wagtail's editor stores them: list items
    with their own ids (raw lists without them get new ids made up on every render)."""
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            for _block in getattr(page, field.attname):
                pass  # converted from raw data: saved in full, as the editor saves it
    page.save_revision().publish()


def block(block_type: str, value) -> dict:
    """One StreamField block as raw data."""
    return {"type": block_type, "value": value}


def paragraph(html: str) -> dict:
    return block("paragraph", html)


def seed(stdout, *, image_scale: float = 1.0) -> None:
    """Build or refresh the campaign site. `image_scale` < 1 draws smaller images (tests)."""
    images = _images(image_scale)
    home = _home(images)
    _site(home, images)
    roles = _roles(home, images)
    stories_index = _stories(home, images)
    events_index = _events(home, images)
    academies = _academies(home, images)
    _areas(home, images)
    faq = _faqs(home)
    _news(home, images)
    contact = _contact(home)
    quiz = _quiz(home, roles, academies)
    privacy = _privacy(home)
    landings = _landings(home, images)
    _home_body(home, images, stories_index)
    _navigation(home, roles, stories_index, events_index, academies, quiz, faq, contact, privacy)
    _redirects(home, landings)
    CampaignBanner.objects.get_or_create(
        text="Care Week job fairs: meet employers across the North East this month.",
        defaults={"link_text": "See events", "link_url": events_index.url},
    )
    stdout.write(
        f"Campaign site: {Page.objects.live().type(HomePage).count()} home, "
        f"{CampaignLandingPage.objects.count()} landing pages, {RoleProfilePage.objects.count()} roles, "
        f"{StoryPage.objects.count()} stories, {EventPage.objects.count()} events, "
        f"{AreaPage.objects.count()} areas, {AcademyPage.objects.count()} academies"
    )


MODERATORS = "Marketing moderators"  # made by migration campaign 0003, with EDITORS
DEMO_EDITORS = [
    (
        "Marketing moderator (approves and publishes pages, sees no candidate)",
        "moderator@carecareers.example",
        "Mo",
        "Moss",
        MODERATORS,
    ),
    (
        "Marketing editor (drafts pages and images, submits them for approval, sees no candidate)",
        "editor@carecareers.example",
        "Eddie",
        "Eliot",
        EDITORS,
    ),
]


def seed_editors(saved: dict) -> list[DemoAccount]:
    """A marketing moderator and a marketing editor of the campaign site (Wagtail admin users)."""
    accounts = []
    for label, email, first, last, group_name in DEMO_EDITORS:
        user, account = demo_user(label, email, first, last, saved=saved)
        user.groups.set(Group.objects.filter(name=group_name))
        accounts.append(account)
    return accounts


def site_address(url: str) -> tuple[str, int]:
    """(hostname, port) of a base URL such as SITE_URL: http://127.0.0.1:8000 -> ("127.0.0.1", 8000)."""
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def point_site_at(url: str) -> Site | None:
    """Give the default Wagtail site the hostname and port of `url`, so that the URLs it writes (sitemap,
    canonical links, feeds) agree with SITE_URL and the emails."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = site_address(url)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    return site


def _home(images) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Work in care", slug="work-in-care")
        root.add_child(instance=home)
    home.title = "Work in care"
    home.seo_title = "Care jobs in the North East"
    home.search_description = "Find a care job near you across the North East, or start with free training at your local care academy."
    home.hero_heading = "Care is a job that matters"
    home.hero_text = "Find a care job near you across the North East, or start with free training at your local care academy."
    home.hero_image = images["home-hero"]
    home.hero_cta_text = "Find a care job near you"
    home.hero_cta_url = "/jobs/"
    home.share_image = images["home-hero"]
    publish_as_edited(home)
    return home


def _site(home, images) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    hostname, port = site_address(django_settings.SITE_URL)
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Care Careers North East",
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.site_name = "Care Careers North East"
        site.save()
    if old_root and old_root.pk != home.pk and type(old_root.specific) is Page and old_root.depth == 2:
        old_root.delete()  # Wagtail's placeholder "Welcome" page
    settings = SiteSettings.for_site(site)
    settings.brand_name = "Care Careers North East"
    settings.contact_email = "hello@carecareers.example"
    settings.default_share_image = images["home-hero"]
    settings.save()


def _roles(home, images) -> dict[str, RoleProfilePage]:
    index = child_page(
        home,
        RoleIndexPage,
        "roles",
        title="Jobs in care",
        intro="<p>Care has jobs for every stage of life and every kind of person. Find the one for you.</p>",
        search_description="The jobs you can do in adult social care, what they pay and where they lead.",
    )
    pages: dict[str, RoleProfilePage] = {}
    for slug, title, image_key, summary, what, day, skills in ROLE_PROFILES:
        pages[slug] = child_page(
            index,
            RoleProfilePage,
            slug,
            title=title,
            role=Role.objects.filter(slug=slug).first(),
            summary=summary,
            search_description=summary,
            image=images[image_key],
            what_you_do=what,
            day_in_the_life=day,
            skills=skills,
        )
    ladder = ["care-worker", "senior-care-worker", "registered-manager"]
    for slug, page in pages.items():
        steps = [s for s in ladder if s != slug]
        page.progression = [
            block("step", {"title": pages[s].title, "text": pages[s].summary, "role_page": pages[s].pk})
            for s in steps
        ]
        publish_as_edited(page)
    return pages


def _stories(home, images) -> StoryIndexPage:
    index = child_page(
        home,
        StoryIndexPage,
        "stories",
        title="Stories from people in care",
        intro="<p>Real jobs, real people. Read how they started and what keeps them in care.</p>",
        search_description="Stories from care workers, nurses and managers across the North East.",
    )
    for name, role_slug, job_title, employer, la_code, _palette, quote, body in STORY_PEOPLE:
        child_page(
            index,
            StoryPage,
            name.lower(),
            title=f"{name}: {job_title.lower()}",
            person_name=name,
            quote=quote,
            role=Role.objects.filter(slug=role_slug).first(),
            job_title=job_title,
            employer_name=employer,
            local_authority=LocalAuthority.objects.filter(ons_code=la_code).first(),
            photo=images[f"story-{name}"],
            body=f"<p>{body}</p><p>“{quote}”</p>",
            search_description=quote,
        )
    return index


def _events(home, images) -> EventIndexPage:
    index = child_page(
        home,
        EventIndexPage,
        "events",
        title="Events",
        intro="<p>Meet employers, ask questions and find out about training at a job fair or open day.</p>",
        search_description="Care job fairs, open days and care academy information sessions in the North East.",
    )
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    def at(days: int, hour: int) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour), tzinfo=tz)

    specs = [
        (
            "newcastle-care-jobs-fair",
            "Newcastle care jobs fair",
            EventPage.Kind.JOB_FAIR,
            9,
            10,
            "E08000021",
            "Civic Centre, Barras Bridge",
            "NE1 8QH",
            200,
        ),
        (
            "sunderland-academy-info",
            "Sunderland Care Academy information session",
            EventPage.Kind.INFO_SESSION,
            5,
            18,
            "E08000024",
            "City Hall, Plater Way",
            "SR1 3AA",
            30,
        ),
        (
            "durham-open-day",
            "Durham Dales Nursing open day",
            EventPage.Kind.OPEN_DAY,
            14,
            11,
            "E06000047",
            "Durham Dales Nursing",
            "DH1 1SQ",
            40,
        ),
        (
            "online-is-care-for-me",
            "Is care for me? Online session",
            EventPage.Kind.ONLINE,
            3,
            19,
            None,
            "",
            "",
            None,
        ),
        (
            "teesside-jobs-fair",
            "Teesside care jobs fair",
            EventPage.Kind.JOB_FAIR,
            21,
            10,
            "E06000002",
            "Middlesbrough Town Hall",
            "TS1 2QQ",
            2,
        ),
        (
            "gateshead-spring-fair",
            "Gateshead care jobs fair",
            EventPage.Kind.JOB_FAIR,
            -20,
            10,
            "E08000037",
            "Gateshead Civic Centre",
            "NE8 1HH",
            150,
        ),
    ]
    for slug, title, kind, days, hour, la_code, venue, postcode, capacity in specs:
        event = child_page(
            index,
            EventPage,
            slug,
            title=title,
            kind=kind,
            summary=f"{title}: meet local employers and the care academy, and find a job that fits your life.",
            search_description=f"{title}. Free, drop in or register for a place.",
            image=images["event"],
            start=at(days, hour),
            end=at(days, hour) + timedelta(hours=3 if kind != EventPage.Kind.ONLINE else 1),
            venue_name=venue,
            address=venue,
            postcode=postcode,
            online_url="https://meet.example.org/is-care-for-me" if kind == EventPage.Kind.ONLINE else "",
            local_authority=LocalAuthority.objects.filter(ons_code=la_code).first() if la_code else None,
            capacity=capacity,
            body=[paragraph("<p>Bring a friend. No CV needed: just come and talk to us.</p>")],
        )
        if slug == "teesside-jobs-fair":  # a full event, to show how it looks
            for n in range(2):
                EventRegistration.objects.get_or_create(
                    event=event, email=f"demo{n}@example.org", defaults={"name": f"Demo person {n}"}
                )
    return index


def _academies(home, images) -> AcademyIndexPage:
    index = child_page(
        home,
        AcademyIndexPage,
        "care-academies",
        title="Care academies",
        intro=(
            "<p>Every North East council has a care academy. If you're new to care, it trains you for free: "
            "the Care Certificate, a paid DBS check and a guaranteed interview.</p>"
        ),
        search_description="Free training for people new to care from your council's care academy.",
    )
    today = timezone.localdate()
    for org in Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).select_related("local_authority"):
        la = org.local_authority
        child_page(
            index,
            AcademyPage,
            org.slug,
            title=org.name,
            organisation=org,
            intro=f"New to care in {la.name}? Train for free and get a guaranteed interview with a local employer.",
            search_description=f"{org.name}: free care training for people new to care in {la.name}.",
            image=images["academy"],
            programme=(
                "<p>Our two-week programme covers the Care Certificate standards, moving and handling, "
                "first aid and safeguarding. We pay for your DBS check and uniform.</p>"
                "<ul><li>No experience needed</li><li>Daytime and evening groups</li>"
                "<li>A guaranteed interview at the end</li></ul>"
            ),
            cohorts=[
                block(
                    "cohort",
                    {
                        "name": f"Care Certificate – starts {(today + timedelta(days=d)).strftime('%B')}",
                        "start_date": (today + timedelta(days=d)).isoformat(),
                        "end_date": (today + timedelta(days=d + 11)).isoformat(),
                        "venue": f"{la.name} Civic Centre",
                        "places": f"{12 - d // 10} places left",
                    },
                )
                for d in (14, 42)
            ],
        )
    return index


def _areas(home, images) -> None:
    index = child_page(
        home,
        AreaIndexPage,
        "areas",
        title="Care jobs by area",
        intro="<p>Find care jobs, your care academy and events in your council area.</p>",
        search_description="Care jobs, academies and events in each of the 12 North East council areas.",
    )
    for la in LocalAuthority.objects.filter(in_region=True):
        _name, text = AREA_FACTS.get(la.ons_code, (la.name, f"Care jobs across {la.name}."))
        child_page(
            index,
            AreaPage,
            la.slug,
            title=f"Care jobs in {la.name}",
            local_authority=la,
            intro=f"<p>{text}</p>",
            image=images["area"],
            search_description=f"Care jobs, training and events in {la.name}.",
            figures=[
                block("figure", {"figure": "Free", "label": "training at your care academy", "source": ""})
            ],
        )


def _faqs(home) -> FAQPage:
    return child_page(
        home,
        FAQPage,
        "questions",
        title="Questions about working in care",
        search_description="Answers to common questions about care jobs, pay, training and checks.",
        intro="<p>Can't find your answer? Contact us and we'll help.</p>",
        sections=[
            block(
                "section",
                {
                    "heading": "Starting in care",
                    "items": [
                        {
                            "question": "Do I need qualifications?",
                            "answer": "<p>No. Employers and care academies train you, starting with the Care Certificate.</p>",
                        },
                        {
                            "question": "Am I too old to start?",
                            "answer": "<p>No. People start in care at every age; life experience is valued.</p>",
                        },
                        {
                            "question": "Do I need to drive?",
                            "answer": "<p>Not for care homes or supported living. Many home care jobs need a licence, especially in rural areas.</p>",
                        },
                    ],
                },
            ),
            block(
                "section",
                {
                    "heading": "Pay and checks",
                    "items": [
                        {
                            "question": "What does care pay?",
                            "answer": "<p>Each role page shows the pay range from live jobs on this site. NHS jobs are paid on Agenda for Change bands.</p>",
                        },
                        {
                            "question": "Who pays for my DBS check?",
                            "answer": "<p>Your employer or care academy usually pays for it.</p>",
                        },
                    ],
                },
            ),
        ],
    )


def _news(home, images) -> None:
    index = child_page(
        home,
        NewsIndexPage,
        "news",
        title="News",
        intro="<p>News from care in the North East.</p>",
        search_description="News about care jobs and training in the North East.",
    )
    today = timezone.localdate()
    for days, slug, title, image in [
        (2, "care-week-fairs", "Care Week job fairs across the region", "event"),
        (12, "academies-open", "All 12 care academies now taking applications", "academy"),
        (30, "nhs-home-care", "NHS home care jobs in Northumberland on Agenda for Change", "nhs"),
    ]:
        child_page(
            index,
            ArticlePage,
            slug,
            title=title,
            date=today - timedelta(days=days),
            summary=f"{title}. Find out what it means for you.",
            search_description=f"{title}.",
            image=images[image],
            body=[
                paragraph(
                    f"<p>{title}. Read on to find out how to take part, and where to find jobs near you.</p>"
                )
            ],
        )


def _contact(home) -> ContactPage:
    page = child_page(
        home,
        ContactPage,
        "contact",
        title="Contact us",
        intro="<p>Questions about care jobs or training? Send us a message and we'll reply within two working days.</p>",
        thank_you_text="<p>Thanks. We'll reply within two working days.</p>",
        to_address="hello@carecareers.example",
        from_address="no-reply@carecareers.example",
        subject="Website enquiry",
        search_description="Contact the Care Careers North East team.",
    )
    if not page.form_fields.exists():
        for order, (label, field_type, required) in enumerate(
            [
                ("Your name", "singleline", True),
                ("Email address", "email", True),
                ("Postcode", "singleline", False),
                ("Your message", "multiline", True),
            ]
        ):
            ContactFormField.objects.create(
                page=page, sort_order=order, label=label, field_type=field_type, required=required
            )
    return page


def _quiz(home, roles, academies) -> QuizPage:
    def answer(text, role_slugs=(), new=False):
        return {"text": text, "roles": [roles[s].pk for s in role_slugs], "new_to_care": new}

    return child_page(
        home,
        QuizPage,
        "is-care-for-me",
        title="Is care for me?",
        search_description="Answer five quick questions to find the care jobs that could suit you.",
        intro="<p>Five quick questions. There are no wrong answers.</p>",
        academy_finder_page=academies,
        questions=[
            block(
                "question",
                {
                    "question": "Have you worked in care before?",
                    "hint": "",
                    "answers": [
                        answer("Yes, I work in care now", ["senior-care-worker", "registered-manager"]),
                        answer("I have, a while ago", ["care-worker", "home-care-worker"]),
                        answer("No, I'm new to care", ["care-worker", "support-worker"], new=True),
                    ],
                },
            ),
            block(
                "question",
                {
                    "question": "Where would you like to work?",
                    "hint": "",
                    "answers": [
                        answer("In people's own homes", ["home-care-worker"]),
                        answer("In a care home", ["care-worker", "senior-care-worker"]),
                        answer("Helping people live independently", ["support-worker"]),
                    ],
                },
            ),
            block(
                "question",
                {
                    "question": "Do you drive?",
                    "hint": "",
                    "answers": [
                        answer("Yes, I have a car", ["home-care-worker"]),
                        answer("No", ["care-worker", "support-worker"]),
                    ],
                },
            ),
            block(
                "question",
                {
                    "question": "Do you have a nursing qualification?",
                    "hint": "",
                    "answers": [
                        answer("Yes, I'm a registered nurse", ["registered-nurse"]),
                        answer("No", []),
                    ],
                },
            ),
            block(
                "question",
                {
                    "question": "Would you like to lead a team one day?",
                    "hint": "",
                    "answers": [
                        answer("Yes", ["senior-care-worker", "registered-manager"]),
                        answer("Not yet", ["care-worker"]),
                    ],
                },
            ),
        ],
    )


def _privacy(home) -> ContentPage:
    page = child_page(
        home,
        ContentPage,
        "privacy",
        title="Privacy and cookies",
        search_description="How we use your information and cookies.",
        body=[
            block("heading", {"text": "Cookies", "level": "h2"}),
            paragraph(
                "<p>We use essential cookies to keep the site working and secure, and to remember your cookie "
                "choice. Analytics cookies are only set if you accept them.</p>"
                "<ul><li><strong>cookie_consent</strong>: your cookie choice, kept for a year (essential).</li>"
                "<li><strong>sessionid</strong> and <strong>csrftoken</strong>: keep you signed in and protect "
                "forms (essential).</li>"
                "<li><strong>ccne_attr</strong>: which campaign brought you here, kept for 90 days (see "
                "below).</li></ul>"
            ),
            block("heading", {"text": "Which campaign brought you here", "level": "h2"}),
            paragraph(
                "<p>When you arrive from one of our adverts we keep a small signed cookie saying which campaign "
                "and which website sent you (for example 'bus advert'), your first and latest visit. It holds no "
                "name or contact details. If you then register for an event, apply or send an enquiry we store "
                "it with what you sent, so the councils can tell which adverts work, and delete it with your "
                "registration, application or enquiry.</p>"
            ),
            block("cookie_basis", None),
            block("heading", {"text": "Event registrations", "level": "h2"}),
            paragraph(
                "<p>If you register for an event we keep your name, email and phone number to send your "
                "invite and reminder, and delete them six months after the event.</p>"
            ),
        ],
    )
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = page
    settings.save()
    return page


def _landings(home, images) -> dict[str, CampaignLandingPage]:
    specs = {
        "home-care": {
            "title": "Home care jobs",
            "hero_heading": "Home care: make a difference, on your doorstep",
            "hero_text": "Help people stay in the homes they love. Flexible hours, paid mileage and full training.",
            "hero_image": images["homecare"],
            "hero_cta_text": "See home care jobs",
            "hero_cta_url": "/jobs/?role=home-care-worker",
            "body": [
                block("job_search", {"heading": "Find home care jobs near you"}),
                block(
                    "featured_jobs",
                    {
                        "heading": "Home care jobs hiring now",
                        "role": "home-care-worker",
                        "setting": "home_care",
                        "area": "",
                        "employer_kind": "",
                        "count": 3,
                    },
                ),
                block(
                    "quote",
                    {
                        "quote": STORY_PEOPLE[0][6],
                        "name": "Amira",
                        "role": "Home care worker, Newcastle",
                        "image": None,
                    },
                ),
                block(
                    "image_text",
                    {
                        "image": images["homecare"].pk,
                        "heading": "Hours that fit your life",
                        "text": "<p>Mornings only, school hours or weekends: home care rotas are built around you.</p>",
                        "image_on_right": False,
                        "link": {"text": "", "page": None, "url": ""},
                    },
                ),
                block(
                    "video",
                    {
                        "url": "https://www.youtube-nocookie.com/watch?v=homecare-demo",
                        "title": "A morning with a home care worker",
                        "thumbnail": images["homecare"].pk,
                        "transcript": "<p>Amira: I start at seven with Jean...</p>",
                    },
                ),
                block("upcoming_events", {"heading": "Meet home care employers", "area": "", "count": 3}),
            ],
        },
        "new-to-care": {
            "title": "New to care? Start at your academy",
            "hero_heading": "New to care? Start at your care academy",
            "hero_text": "Free training, a paid DBS check and a guaranteed interview with a local employer.",
            "hero_image": images["academy"],
            "hero_cta_text": "Find your academy",
            "hero_cta_url": "/find-your-academy/",
            "body": [
                block(
                    "academy_finder",
                    {
                        "heading": "Find your local care academy",
                        "text": "Enter your postcode and we'll show your council's academy.",
                    },
                ),
                block(
                    "stat_cards",
                    {
                        "heading": "What the academy gives you",
                        "stats": [
                            {"figure": "£0", "label": "cost of your training", "source": ""},
                            {"figure": "2 weeks", "label": "to get job-ready", "source": ""},
                            {"figure": "100%", "label": "of learners get an interview", "source": ""},
                        ],
                    },
                ),
                block("stories", {"heading": "People who started at an academy", "stories": [], "count": 4}),
                block(
                    "accordion",
                    {
                        "heading": "Questions",
                        "items": [
                            {
                                "question": "Is it really free?",
                                "answer": "<p>Yes. Your council pays for the course and your DBS check.</p>",
                            },
                            {
                                "question": "Can I do it around my family?",
                                "answer": "<p>Yes: there are daytime and evening groups.</p>",
                            },
                        ],
                    },
                ),
            ],
        },
        "nhs-home-care-northumberland": {
            "title": "NHS home care jobs in Northumberland",
            "hero_heading": "NHS home care in Northumberland",
            "hero_text": "Deliver home care on NHS Agenda for Change terms: NHS pension, 27 days' leave and more.",
            "hero_image": images["nhs"],
            "hero_cta_text": "See NHS home care jobs",
            "hero_cta_url": "/jobs/?kind=nhs_trust&area=northumberland",
            "body": [
                block(
                    "featured_jobs",
                    {
                        "heading": "NHS jobs open now",
                        "role": "",
                        "setting": "home_care",
                        "area": "",
                        "employer_kind": "nhs_trust",
                        "count": 3,
                    },
                ),
                block(
                    "stat_cards",
                    {
                        "heading": "NHS terms",
                        "stats": [
                            {
                                "figure": "Band 3",
                                "label": "Agenda for Change pay",
                                "source": "NHS Employers 2025/26",
                            },
                            {
                                "figure": "27 days",
                                "label": "annual leave plus bank holidays",
                                "source": "NHS Terms and Conditions",
                            },
                        ],
                    },
                ),
                block(
                    "call_to_action",
                    {
                        "heading": "Not sure yet?",
                        "text": "Take our two-minute quiz.",
                        "link": {"text": "Is care for me?", "page": None, "url": "/is-care-for-me/"},
                    },
                ),
            ],
        },
    }
    pages = {}
    for slug, fields in specs.items():
        fields["search_description"] = fields["hero_text"]
        fields["share_image"] = fields["hero_image"]
        pages[slug] = child_page(home, CampaignLandingPage, slug, **fields)
    return pages


def _home_body(home, images, stories_index) -> None:
    home.body = [
        block("job_search", {"heading": "Find a care job near you"}),
        block(
            "stat_cards",
            {
                "heading": "Care in the North East",
                "stats": [
                    {"figure": "1,900", "label": "care services across the region", "source": "CQC"},
                    {
                        "figure": "12",
                        "label": "council care academies training people for free",
                        "source": "",
                    },
                    {
                        "figure": "£12.40+",
                        "label": "an hour for new care workers",
                        "source": "Live jobs on this site",
                    },
                ],
            },
        ),
        block(
            "featured_jobs",
            {
                "heading": "Jobs you could start soon",
                "role": "",
                "setting": "",
                "area": "",
                "employer_kind": "",
                "count": 3,
            },
        ),
        block(
            "image_text",
            {
                "image": images["academy"].pk,
                "heading": "New to care? We'll train you",
                "text": "<p>Your council's care academy gives you free training, pays for your DBS check and guarantees you an interview.</p>",
                "image_on_right": True,
                "link": {"text": "Find your academy", "page": None, "url": "/find-your-academy/"},
            },
        ),
        block("stories", {"heading": "Stories from people in care", "stories": [], "count": 4}),
        block("upcoming_events", {"heading": "Meet us at an event", "area": "", "count": 3}),
        block(
            "academy_finder",
            {
                "heading": "Find your local care academy",
                "text": "Enter your postcode to find the academy run by your council.",
            },
        ),
        block(
            "call_to_action",
            {
                "heading": "Not sure care is for you?",
                "text": "Answer five quick questions and we'll suggest jobs that fit.",
                "link": {"text": "Take the quiz", "page": None, "url": "/is-care-for-me/"},
            },
        ),
    ]
    publish_as_edited(home)


def _navigation(home, roles, stories, events, academies, quiz, faq, contact, privacy) -> None:
    site = Site.objects.get(is_default_site=True)
    nav = NavigationSettings.for_site(site)
    role_index = next(iter(roles.values())).get_parent()

    def link(text, page=None, url=""):
        return block("link", {"text": text, "page": page.pk if page else None, "url": url})

    nav.header_links = [
        link("Find a job", url="/jobs/"),
        link("Jobs in care", role_index),
        link("Care academies", academies),
        link("Events", events),
        link("Stories", stories),
        link("Is care for me?", quiz),
    ]
    nav.footer_links = [
        link("Questions", faq),
        link("Contact us", contact),
        link("Privacy and cookies", privacy),
        link("Care jobs by area", url="/areas/"),
        link("News", url="/news/"),
    ]
    nav.social_links = [
        block("social", {"network": "facebook", "url": "https://www.facebook.com/"}),
        block("social", {"network": "instagram", "url": "https://www.instagram.com/"}),
    ]
    nav.save()


def _redirects(home, landings) -> None:
    site = Site.objects.get(is_default_site=True)
    for old_path, slug in [
        ("/homecare", "home-care"),
        ("/newtocare", "new-to-care"),
        ("/nhs", "nhs-home-care-northumberland"),
    ]:
        Redirect.objects.update_or_create(
            old_path=old_path, site=site, defaults={"redirect_page": landings[slug], "is_permanent": False}
        )


def seed_job_search_page(stdout) -> None:
    """The job search page under the home page, at /jobs/ (run after the campaign site exists)."""
    home = HomePage.objects.first()
    if home is None or JobSearchPage.objects.exists():
        return
    page = JobSearchPage(
        title="Find a care job",
        slug="jobs",
        intro="<p>Search care jobs across the North East. Many employers welcome people new to care.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    stdout.write("Job search page at /jobs/")
