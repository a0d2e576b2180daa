"""Demo campaign landing pages and the home page's body."""

from __future__ import annotations

from campaign.demo.pages import block, child_page, publish_as_edited
from campaign.demo.people import STORY_PEOPLE
from campaign.models import (
    CampaignLandingPage,
)


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
