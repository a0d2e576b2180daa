"""seed_scale makes realistic, searchable volume and replaces its own data on each run."""

import io

from django.core.management import call_command
from django.db.models import F

from ats.jobs.vacancies import live_vacancies
from ats.models import JobAlert, Organisation, Vacancy
from tests.factories import VacancyFactory


def test_seed_scale_makes_searchable_vacancies_and_replaces_them_next_time(reference_data, client):
    mine = VacancyFactory(title="Not a scale job")

    call_command("seed_scale", vacancies=300, organisations=40, alerts=50, stdout=io.StringIO())
    call_command("seed_scale", vacancies=200, organisations=30, stdout=io.StringIO())

    scale = Vacancy.objects.filter(slug__startswith="scale-")
    assert scale.count() == 200
    assert Organisation.objects.filter(slug__startswith="scale-").count() == 30
    assert not JobAlert.objects.exists()
    assert Vacancy.objects.filter(pk=mine.pk).exists()
    assert scale.filter(latitude__isnull=False, local_authority__in_region=True).count() == 200
    assert scale.filter(status="live").count() > 100
    assert scale.filter(hourly_pay_min__isnull=True).exists()  # some with pay not stated
    response = client.get("/jobs/", {"postcode": "NE1 4ST", "radius": "50", "q": "care"})
    assert response.status_code == 200 and response.context["results"].total > 0
    # Search reads a job's first three points from its row: the seed writes them in order.
    several = scale.filter(point_count__gt=1).prefetch_related("points")
    assert several.exists()
    for job in several:
        points = [(p.latitude, p.longitude) for p in sorted(job.points.all(), key=lambda p: p.pk)]
        on_row = [(getattr(job, lat), getattr(job, lon)) for lat, lon in Vacancy.ROW_POINTS]
        assert on_row == [*points, (None, None), (None, None)][:3]
    # The employer filter reads each job's copy of its employer's kind.
    assert not scale.exclude(organisation_kind=F("organisation__kind")).exists()
    providers = live_vacancies().filter(organisation__kind="provider").count()
    assert client.get("/jobs/", {"kind": "provider"}).context["results"].total == providers
