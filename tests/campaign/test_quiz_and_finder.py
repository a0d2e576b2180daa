"""'Is care for me?' and 'find your local care academy'."""

from ats.models import PostcodeDistrict


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
