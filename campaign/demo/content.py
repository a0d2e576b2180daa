"""Demo content pages: FAQs, news, the contact form, the quiz and the privacy notice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from wagtail.models import Site

from campaign.demo.pages import block, child_page, paragraph
from campaign.models import (
    ArticlePage,
    ContactFormField,
    ContactPage,
    ContentPage,
    FAQPage,
    NewsIndexPage,
    QuizPage,
)
from cms.models import SiteSettings


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
