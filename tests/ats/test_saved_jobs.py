"""The job page lets signed-in jobseekers save a job (the saving itself lives under /me/)."""

from ats.models import SavedJob
from tests.factories import VacancyFactory


def test_jobseeker_saves_a_job_from_the_job_page_and_comes_back_to_it(db, client, jobseeker):
    vacancy = VacancyFactory(title="Lovely job")
    client.force_login(jobseeker)
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert f'action="/me/saved-jobs/{vacancy.slug}/"' in page and "Save this job" in page

    response = client.post(
        f"/me/saved-jobs/{vacancy.slug}/", {"next": vacancy.get_absolute_url()}, follow=True
    )

    assert "Remove from saved jobs" in response.content.decode()
    assert SavedJob.objects.filter(user=jobseeker, vacancy=vacancy).exists()


def test_visitors_are_asked_to_sign_in_to_save(db, client):
    vacancy = VacancyFactory()

    assert "Sign in to save this job" in client.get(vacancy.get_absolute_url()).content.decode()
