"""Figures by council and care setting for regional admins and council commissioners, equality
monitoring by stage, and the open data download: aggregates only, small numbers suppressed, and a
commissioner sees nothing else of the portal."""

import csv
import io
import json

import pytest

from ats.models import Commissioner, EqualityResponse
from tests.ats.test_recruit_access import employer_a_objects, fill, recruit_patterns  # noqa: F401
from tests.factories import (
    ApplicationFactory,
    LocalAuthorityFactory,
    LocationFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db

FEWER = "fewer than 5"


def equality(user, sex):
    EqualityResponse.objects.create(
        user=user,
        age_band="25-34",
        sex=sex,
        gender_same_as_birth="yes",
        ethnicity="white",
        disability="no",
        religion="none",
        sexual_orientation="straight",
    )


@pytest.fixture
def councils(employer_a, employer_b):
    """Newcastle: a residential vacancy with 14 applications this month, 6 of them hired. By their
    equality answers: 8 women applied, 5 reached interview and 5 were hired; 6 men applied, all 6
    reached interview and 1 was hired. Gateshead: a home care vacancy with 2 applications."""
    newcastle = LocalAuthorityFactory(ons_code="E08000021", name="Newcastle upon Tyne")
    gateshead = LocalAuthorityFactory(ons_code="E08000037", name="Gateshead")
    v_newcastle = VacancyFactory(
        organisation=employer_a,
        setting="residential",
        locations=[LocationFactory(organisation=employer_a, local_authority=newcastle)],
    )
    v_gateshead = VacancyFactory(
        organisation=employer_b,
        setting="home_care",
        locations=[LocationFactory(organisation=employer_b, local_authority=gateshead)],
    )
    from django.utils import timezone

    now = timezone.now()
    for index in range(14):
        hired = index < 6
        interviewed = index < 7 or index >= 10
        stages = {"shortlisted_at": now, "interview_at": now} if interviewed or hired else {}
        if hired:
            stages |= {"offer_at": now, "checks_at": now, "hired_at": now, "stage": "hired"}
        candidate = UserFactory()
        equality(candidate, "female" if index < 5 or 7 <= index < 10 else "male")
        ApplicationFactory(vacancy=v_newcastle, candidate=candidate, applied_at=now, **stages)
    for _ in range(2):
        ApplicationFactory(vacancy=v_gateshead, applied_at=now)
    return newcastle, gateshead


@pytest.fixture
def commissioner(councils):
    user = UserFactory(email="commissioner@newcastle.example")
    with_totp(user)
    Commissioner.objects.create(user=user, local_authority=councils[0])
    return user


def month_row(html, label):
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start : html.index("</tr>", start)]


def test_regional_admin_sees_the_region_and_each_council(client, regional_admin, councils):
    client.force_login(regional_admin)
    html = client.get("/recruit/insight/councils/").content.decode()
    assert "Care recruitment by council: North East region" in html
    assert '<td class="num">16</td><td class="num">6</td>' in html  # applications, hires this month
    html = client.get("/recruit/insight/councils/?council=E08000037").content.decode()
    assert "Care recruitment by council: Gateshead" in html
    row = month_row(html, "Home care")
    assert f'<td class="num">{FEWER}</td>' in row  # 2 applications: suppressed


def test_commissioner_sees_own_council_beside_the_region_and_no_other_council(client, commissioner):
    client.force_login(commissioner)
    html = client.get("/recruit/insight/councils/").content.decode()
    assert "Care recruitment by council: Newcastle upon Tyne" in html
    assert "beside the region" in html
    assert client.get("/recruit/insight/councils/?council=E08000037").status_code == 404


def test_commissioner_sees_nothing_else_of_the_portal(client, commissioner, employer_a_objects):  # noqa: F811
    client.force_login(commissioner)
    failures = []
    for route, _pattern in recruit_patterns():
        if route == "recruit/insight/councils/":
            continue
        url = fill(route, employer_a_objects)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (403, 404):
                failures.append(f"{method.upper()} {url} -> {status}")
    assert failures == []


def test_organisation_members_cannot_open_the_council_figures(client, recruiter_a, coordinator, councils):
    for user in (recruiter_a, coordinator):
        client.force_login(user)
        assert client.get("/recruit/insight/councils/").status_code == 404


def test_equality_by_stage_with_small_numbers_suppressed(client, regional_admin, councils):
    client.force_login(regional_admin)
    html = client.get("/recruit/insight/councils/?council=E08000021").content.decode()
    start = html.index('<caption id="equality-2">Sex</caption>')
    table = html[start : html.index("</table>", start)]
    # Applied, shortlisted, interview, offer, hired. One man hired: hidden, and the women's 5
    # hidden with it, or the one could be worked out from the total hires.
    cells = "".join(f'<td class="num">{n}</td>' for n in (8, 5, 5, FEWER, FEWER))
    assert f'<th scope="row">Female</th>{cells}' in table
    cells = "".join(f'<td class="num">{n}</td>' for n in (6, 6, 6, FEWER, FEWER))
    assert f'<th scope="row">Male</th>{cells}' in table
    assert "jo@" not in html and "@example" not in html


def test_council_page_runs_a_fixed_number_of_queries(
    client, regional_admin, councils, django_assert_max_num_queries
):
    client.force_login(regional_admin)
    client.get("/recruit/insight/councils/?council=E08000021")
    with django_assert_max_num_queries(30):
        client.get("/recruit/insight/councils/?council=E08000021")
    for _ in range(30):
        ApplicationFactory(vacancy=ApplicationFactory._meta.model.objects.first().vacancy)
    with django_assert_max_num_queries(30):
        client.get("/recruit/insight/councils/?council=E08000021")


def test_open_data_is_public_suppressed_and_stable(client, councils):
    from django.utils import timezone

    response = client.get("/open-data/insight/monthly.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    month = f"{timezone.localdate():%Y-%m}"
    newcastle = next(r for r in rows if r["council"] == "Newcastle upon Tyne" and r["month"] == month)
    assert (newcastle["setting"], newcastle["applications"], newcastle["hires"]) == (
        "Residential care",
        "14",
        "6",
    )
    gateshead = next(r for r in rows if r["council"] == "Gateshead")
    assert gateshead["applications"] == FEWER
    data = json.loads(client.get("/open-data/insight/monthly.json").content)
    assert {row["council_code"] for row in data["rows"]} == {"E08000021", "E08000037"}
    assert "fewer than 5" in data["description"]


def test_regional_admin_gives_a_commissioner_their_council_in_the_admin(client, regional_admin, councils):
    user = UserFactory(email="new.commissioner@gateshead.example")
    client.force_login(regional_admin)
    assert client.get("/admin/commissioners/").status_code == 200
    response = client.post("/admin/commissioners/new/", {"user": user.pk, "local_authority": councils[1].pk})
    assert response.status_code == 302
    assert Commissioner.objects.filter(user=user, local_authority=councils[1]).exists()
