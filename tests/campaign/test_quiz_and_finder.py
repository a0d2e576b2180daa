"""'Is care for me?' and 'find your local care academy'."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ats.models import PostcodeDistrict
from campaign.demo import block
from campaign.models import RoleProfilePage
from cms.page_cache import purge_page_cache


def test_quiz_suggests_roles_and_the_academy_for_people_new_to_care(client, site):
    html = client.get(site.quiz.url, {"q1": "1"}).content.decode()

    assert "Care worker" in html
    assert "Register interest with your local academy" in html
    assert f'href="{site.academies.url}"' in html


def test_quiz_suggests_searching_jobs_for_experienced_people(client, site):
    html = client.get(site.quiz.url, {"q1": "0"}).content.decode()

    assert "Search these jobs" in html
    assert "/jobs/?role=care-worker" in html


def test_quiz_with_a_missing_answer_asks_for_it(client, site):
    html = client.get(site.quiz.url, {"q1": "9"}).content.decode()

    assert "There is a problem" in html and "Answer question 1" in html


def test_academy_finder_sends_a_postcode_to_its_councils_academy(client, site, newcastle):
    PostcodeDistrict.objects.create(outcode="NE1", latitude=54.97, longitude=-1.61, local_authority=newcastle)

    response = client.get("/find-your-academy/", {"postcode": "ne1 4st"})

    assert response.status_code == 302
    assert response["Location"] == site.academy.url


def test_academy_finder_explains_a_bad_postcode(client, site):
    html = client.get("/find-your-academy/", {"postcode": "banana"}).content.decode()

    assert "There is a problem" in html and "Enter a real postcode, like NE1 4ST" in html


def quiz_with(site, answers_per_question: int, questions: int, roles: list) -> None:
    """Replace the quiz's questions, saved as the page editor saves them (Wagtail's list format)."""
    site.quiz.questions = [
        block(
            "question",
            {
                "question": f"Question <{number}>",
                "hint": "Pick one" if number == 1 else "",
                "answers": [
                    {
                        "text": f"Answer {number}.{index} & more",
                        "roles": [r.pk for r in roles],
                        "new_to_care": False,
                    }
                    for index in range(answers_per_question)
                ],
            },
        )
        for number in range(1, questions + 1)
    ]
    site.quiz.save_revision().publish()


def form_queries(client, url) -> int:
    client.get(url)
    purge_page_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_quiz_form_shows_every_question_and_answer_as_an_editor_saved_them(client, site):
    quiz_with(site, answers_per_question=3, questions=2, roles=[site.role])

    html = client.get(site.quiz.url).content.decode()

    assert "<legend>1. Question &lt;1&gt;</legend>" in html
    assert '<span class="hint" id="q1-hint">Pick one</span>' in html
    assert '<span class="hint" id="q2-hint">Choose one answer</span>' in html
    assert '<input type="radio" id="q2-2" name="q2" value="2">' in html
    assert '<label for="q2-2">Answer 2.2 &amp; more</label>' in html
    assert html.count('type="radio"') == 6


def test_quiz_form_keeps_the_chosen_answers_when_one_is_missing(client, site):
    quiz_with(site, answers_per_question=2, questions=2, roles=[site.role])

    html = client.get(site.quiz.url, {"q2": "1"}).content.decode()

    assert "Answer question 1" in html
    assert '<input type="radio" id="q2-1" name="q2" value="1" checked>' in html
    assert '<input type="radio" id="q1-0" name="q1" value="0">' in html


def test_quiz_form_looks_up_no_role_page_until_answers_are_scored(client, site):
    quiz_with(site, answers_per_question=2, questions=1, roles=[])
    without_roles = form_queries(client, site.quiz.url)
    quiz_with(site, answers_per_question=6, questions=8, roles=list(RoleProfilePage.objects.live()))

    assert form_queries(client, site.quiz.url) == without_roles


def test_quiz_answers_saved_as_an_editor_saves_them_are_scored(client, site):
    quiz_with(site, answers_per_question=3, questions=2, roles=[site.role])

    html = client.get(site.quiz.url, {"q1": "2", "q2": "0"}).content.decode()

    assert "There is a problem" not in html
    assert f'<a href="{site.role.url}">' in html


def test_quiz_sent_with_nothing_answered_says_what_to_do(client, site):
    html = client.get(site.quiz.url, {"submitted": "1"}).content.decode()

    assert "Answer question 1" in html
    assert 'href="/not-sure/">Tell us you' in html
