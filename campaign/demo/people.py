"""Demo pages about the work and the people: role profiles, stories and areas."""

from __future__ import annotations

from ats.models import LocalAuthority, Role
from campaign.demo.pages import block, child_page, publish_as_edited
from campaign.models import (
    AreaIndexPage,
    AreaPage,
    RoleIndexPage,
    RoleProfilePage,
    StoryIndexPage,
    StoryPage,
)

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
