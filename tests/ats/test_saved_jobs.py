"""Signed-in jobseekers save jobs to come back to; anyone can share them."""

from ats.models import SavedJob
from tests.factories import VacancyFactory


def test_jobseeker_saves_a_job_and_finds_it_in_saved_jobs(db, client, jobseeker):
    vacancy = VacancyFactory(title="Lovely job")
    client.force_login(jobseeker)

    response = client.post(f"/jobs/{vacancy.slug}/save/", follow=True)

    assert "Job saved." in response.content.decode()
    assert "Remove from saved jobs" in response.content.decode()
    assert "Lovely job" in client.get("/jobs/saved/").content.decode()

    client.post(f"/jobs/{vacancy.slug}/save/")
    assert not SavedJob.objects.exists()
    assert "You have not saved any jobs yet" in client.get("/jobs/saved/").content.decode()


def test_saved_jobs_are_private_and_need_signing_in(db, client, jobseeker):
    vacancy = VacancyFactory()
    SavedJob.objects.create(user=jobseeker, vacancy=vacancy)

    assert "Sign in to save this job" in client.get(vacancy.get_absolute_url()).content.decode()
    assert client.post(f"/jobs/{vacancy.slug}/save/").status_code == 302
    assert client.get("/jobs/saved/")["Location"].startswith("/accounts/login/")
    assert SavedJob.objects.count() == 1


def test_saving_is_a_post_only(db, client, jobseeker):
    client.force_login(jobseeker)

    assert client.get(f"/jobs/{VacancyFactory().slug}/save/").status_code == 405
