"""Issue 21.2: an application made through the real apply flow, read by the recruiter of a vacancy that
shortlists anonymously. Nothing here builds the application with a factory: the candidate posts every
step of the apply journey, so the snapshot has the shape the real flow writes."""

import csv
import io

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from ats.models import Application, Postcode, ScreeningQuestion
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf, places, site  # noqa: F401
from tests.factories import UserFactory, VacancyFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places", "eager_tasks"),
]

ANSWERS = {
    "details": {
        "first_name": "Zofia",
        "last_name": "Kowalczyk",
        "phone": "07700900987",
        "postcode": "ne6 2tq",
    },
    "eligibility": {"over_18": "yes", "right_to_work": "yes", "driving_licence": "yes", "has_car": "no"},
    "availability": {"availability": ["nights", "weekends"], "hours_wanted": "30"},
    "experience": {"experience": "none", "care_certificate": "in_progress", "qualifications": "Food hygiene"},
    "statement": {"personal_statement": "I looked after my grandfather for three years."},
    "referees": {
        "referee_1_name": "Bartholomew Quince",
        "referee_1_relationship": "Manager at the bakery",
        "referee_1_contact": "b.quince@bakery.example",
        "referee_2_name": "Winifred Oakes",
        "referee_2_relationship": "Volunteer lead",
        "referee_2_contact": "0191 498 0321",
    },
    "consent": {"consent": "on"},
}
CV_NAME = "zk-curriculum-2026.pdf"
EMAIL = "zofia.k@example.org"

# Everything that names or locates the candidate, as typed and as stored.
SECRETS = (
    "Zofia",
    "Kowalczyk",
    EMAIL,
    "07700 900987",
    "07700900987",
    "NE6 2TQ",
    "Bartholomew",
    "Quince",
    "Winifred",
    "Oakes",
    "b.quince@bakery.example",
    "0191 498 0321",
    "zk-curriculum",
)


@pytest.fixture
def vacancy(employer_a, recruiter_a):
    Postcode.objects.create(postcode="NE6 2TQ", latitude=54.98, longitude=-1.57, la_code="E08000021")
    vacancy = VacancyFactory(
        organisation=employer_a, title="Night care assistant", anonymised_shortlisting=True
    )
    ScreeningQuestion.objects.create(
        vacancy=vacancy, text="Can you work at night?", kind="yes_no", knockout_answer="no", sort_order=0
    )
    ScreeningQuestion.objects.create(
        vacancy=vacancy,
        text="Which shift pattern suits you?",
        kind="choice",
        choices=["Long days", "Short days"],
        sort_order=1,
    )
    return vacancy


def apply_through_the_real_flow(client, vacancy) -> Application:
    """The candidate signs in and posts every step of the apply journey, then sends it."""
    candidate = UserFactory(email=EMAIL, first_name="", last_name="")
    client.force_login(candidate)
    assert client.get(f"/jobs/{vacancy.slug}/apply/")["Location"].endswith("/details/")
    questions = list(vacancy.screening_questions.all())
    screens = [
        ("details", ANSWERS["details"]),
        ("about", {**ANSWERS["eligibility"], **ANSWERS["availability"], **ANSWERS["experience"]}),
        (
            "job",
            {
                **ANSWERS["statement"],
                **ANSWERS["referees"],
                f"q_{questions[0].pk}": "no",
                f"q_{questions[1].pk}": "Long days",
                "cv": "upload",
                "file": SimpleUploadedFile(CV_NAME, make_pdf("Zofia Kowalczyk")),
            },
        ),
    ]
    for key, data in screens:
        response = client.post(f"/jobs/{vacancy.slug}/apply/{key}/", data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
    response = client.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", ANSWERS["consent"])
    assert response["Location"].endswith("/application-sent/")
    client.logout()
    return Application.objects.get(vacancy=vacancy)


def recruiter_view(client, recruiter, application):
    client.force_login(recruiter)
    page = client.get(f"/recruit/applications/{application.public_id}/")
    assert page.status_code == 200
    export = client.get(f"/recruit/organisations/{application.vacancy.organisation.public_id}/export.csv")
    assert export.status_code == 200
    return page.content.decode(), export.content.decode()


def recruiter_emails(recruiter):
    emails = [message for message in mail.outbox if recruiter.email in message.to]
    assert emails, "the recruiter was told about the application"
    return "\n".join(
        [m.subject + "\n" + m.body + "".join(content for content, _ in m.alternatives) for m in emails]
    )


def history(html: str) -> str:
    return html[html.index('id="h-history"') :]


def test_recruiter_of_an_anonymised_vacancy_sees_no_identity_anywhere(client, recruiter_a, vacancy):
    application = apply_through_the_real_flow(client, vacancy)

    html, export = recruiter_view(client, recruiter_a, application)
    emails = recruiter_emails(recruiter_a)

    for secret in SECRETS:
        assert secret not in html, f"{secret!r} on the application page"
        assert secret not in history(html), f"{secret!r} in the history"
        assert secret not in export, f"{secret!r} in the CSV export"
        assert secret not in emails, f"{secret!r} in an email to the recruiter"
    assert "Candidate A-" in html and "Candidate A-" in emails
    assert "by the candidate" in history(html)


def test_recruiter_reads_the_job_related_answers_in_plain_words_in_the_forms_order(
    client, recruiter_a, vacancy
):
    application = apply_through_the_real_flow(client, vacancy)

    html, export = recruiter_view(client, recruiter_a, application)

    expected_in_order = [
        "Can you work in care?",
        "Do you have the right to work in the UK?",  # driving is asked only for jobs that need it
        "When can you work?",
        "Nights, Weekends",
        "Your experience",
        "Food hygiene",
        "Questions from the employer",
        "Can you work at night?",
        "Which shift pattern suits you?",
        "Long days",
        "About you",
        "I looked after my grandfather for three years.",
    ]
    answers = html[html.index('id="h-answers"') :]
    positions = [answers.index(text) for text in expected_in_order]
    assert positions == sorted(positions)
    assert "Can you work at night?: No" in html  # the knock-out flag, in words
    rows = list(csv.DictReader(io.StringIO(export)))
    assert rows[0]["Name"] == "" and "Nights, Weekends" in rows[0]["Answers"]
    assert "Can you work at night?: No" in rows[0]["Knock-out flags"]
    assert "Your details" not in html and "Referees" not in html  # hidden sections are left out


def test_no_raw_python_structures_on_the_application_page_or_in_the_export(client, recruiter_a, vacancy):
    application = apply_through_the_real_flow(client, vacancy)
    vacancy.anonymised_shortlisting = False
    vacancy.save()

    html, export = recruiter_view(client, recruiter_a, application)

    for text in (html, export):
        for raw in ("{'", "[{", "{&#x27;", "[&#x27;", "': '", "&#x27;: &#x27;"):
            assert raw not in text


def test_identity_shows_once_the_application_reaches_interview(client, recruiter_a, vacancy):
    application = apply_through_the_real_flow(client, vacancy)
    client.force_login(recruiter_a)
    for before, to in (("applied", "shortlisted"), ("shortlisted", "interview")):
        response = client.post(
            f"/recruit/applications/{application.public_id}/move/", {"to": to, "expected_stage": before}
        )
        assert response.status_code == 302

    html, export = recruiter_view(client, recruiter_a, application)

    for secret in (
        "Zofia Kowalczyk",
        EMAIL,
        "07700 900987",
        "NE6 2TQ",
        "Bartholomew Quince",
        "Winifred Oakes",
    ):
        assert secret in html, secret
        assert secret in export, secret
    assert CV_NAME in html
    assert "Zofia Kowalczyk" in history(html) or "by the candidate" in history(html)


def test_recruiters_of_a_named_vacancy_are_told_who_applied(client, recruiter_a, vacancy):
    vacancy.anonymised_shortlisting = False
    vacancy.save()

    application = apply_through_the_real_flow(client, vacancy)
    html, _ = recruiter_view(client, recruiter_a, application)

    assert "Zofia Kowalczyk has applied" in recruiter_emails(recruiter_a)
    assert "Bartholomew Quince" in html and "Your details" in html
