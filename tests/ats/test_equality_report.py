"""Equality monitoring reports: aggregate counts only, small numbers hidden (with secondary
suppression), a CSV of the same numbers, for regional admins and an organisation's own admins."""

import csv
import io

import pytest

from ats.models import EqualityResponse, Membership
from ats.privacy.equality import equality_report, suppress
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory, VacancyFactory, with_totp

pytestmark = pytest.mark.django_db

HIDDEN = "fewer than 5"


def answer(n: int, *, applied_to=None, email_prefix="person", **fields) -> list[EqualityResponse]:
    values = {
        "age_band": "25-34",
        "sex": "female",
        "gender_same_as_birth": "yes",
        "ethnicity": "white",
        "disability": "no",
        "religion": "none",
        "sexual_orientation": "straight",
        **fields,
    }
    made = []
    for i in range(n):
        user = UserFactory(email=f"{email_prefix}-{fields.get('sex', 'f')}-{i}@example.org")
        if applied_to is not None:
            ApplicationFactory(vacancy=VacancyFactory(organisation=applied_to), candidate=user)
        made.append(EqualityResponse.objects.create(user=user, **values))
    return made


def org_admin(organisation, email):
    user = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN, user__email=email).user
    with_totp(user)
    return user


def table_rows(html: str, caption: str) -> dict[str, str]:
    table = html.split(f">{caption}</caption>", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in table.split("<tr>")[2:]:
        answer_text = row.split('<th scope="row">', 1)[1].split("</th>", 1)[0]
        rows[answer_text] = row.split('<td class="numeric">', 1)[1].split("</td>", 1)[0]
    return rows


def test_a_regional_admin_sees_region_counts_with_small_numbers_hidden(client, regional_admin):
    answer(8, sex="female")
    answer(3, sex="male")
    answer(1, sex="prefer_not")
    client.force_login(regional_admin)

    response = client.get("/recruit/equality/region/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>12</strong> people" in html
    assert table_rows(html, "Sex") == {"Female": "8", "Male": HIDDEN, "Prefer not to say": HIDDEN}
    assert table_rows(html, "Age band")["25 to 34"] == "12"
    assert "@example.org" not in html  # counts, never people


def test_one_hidden_number_is_not_left_to_be_worked_out_from_the_total(client, regional_admin):
    answer(9, sex="female")
    answer(2, sex="male")
    client.force_login(regional_admin)

    html = client.get("/recruit/equality/region/").content.decode()

    # 11 people, "fewer than 5" men and 9 women would give the men away: 11 - 9 = 2.
    assert table_rows(html, "Sex") == {"Female": HIDDEN, "Male": HIDDEN, "Prefer not to say": "0"}
    assert ">9<" not in html


def test_fewer_than_five_answers_show_no_breakdown_at_all(client, regional_admin):
    answer(4, sex="female")
    client.force_login(regional_admin)

    html = client.get("/recruit/equality/region/").content.decode()

    assert f"<strong>{HIDDEN}</strong>" in html
    assert "<caption" not in html
    assert "Too few people have answered" in html


def test_the_csv_holds_the_same_aggregates_as_the_page(client, regional_admin):
    answer(8, sex="female")
    answer(3, sex="male")
    answer(1, sex="prefer_not")
    client.force_login(regional_admin)

    response = client.get("/recruit/equality/region.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="north-east-equality-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Question", "Answer", "Number of people"]
    assert rows[1] == ["Everyone who answered", "Everyone in the North East who answered", "12"]
    assert ["sex", "Female", "8"] in rows and ["sex", "Male", HIDDEN] in rows
    assert ["sex", "Prefer not to say", HIDDEN] in rows
    assert len(rows) == 2 + sum(len(r) for r in equality_report()["questions"].values())
    assert "@" not in response.content.decode()


def test_an_organisation_admin_sees_only_their_own_applicants(client, employer_a, employer_b):
    admin_a = org_admin(employer_a, "ada@alpha.example")
    answer(6, applied_to=employer_a, sex="female", email_prefix="alpha")
    answer(7, applied_to=employer_b, sex="male", email_prefix="beta")
    answer(5, sex="male", organisation=employer_b, email_prefix="beta-form")
    client.force_login(admin_a)

    index = client.get("/recruit/equality/").content.decode()
    page = client.get(f"/recruit/equality/{employer_a.public_id}/").content.decode()
    download = client.get(f"/recruit/equality/{employer_a.public_id}.csv").content.decode()

    assert f"/recruit/equality/{employer_a.public_id}/" in index
    assert "Beta Residential" not in index and "/recruit/equality/region/" not in index
    assert "People who applied to Alpha Home Care and answered: <strong>6</strong>" in page
    assert table_rows(page, "Sex") == {"Female": "6", "Male": "0", "Prefer not to say": "0"}
    assert ["sex", "Female", "6"] in list(csv.reader(io.StringIO(download)))


@pytest.mark.parametrize("who", ["recruiter_a", "viewer_a", "recruiter_b", "admin_b", "jobseeker"])
def test_anyone_but_the_organisations_admins_and_regional_admins_is_refused(
    client, request, employer_a, employer_b, who
):
    answer(6, applied_to=employer_a)
    user = org_admin(employer_b, "bea@beta.example") if who == "admin_b" else request.getfixturevalue(who)
    client.force_login(user)

    for url in (
        f"/recruit/equality/{employer_a.public_id}/",
        f"/recruit/equality/{employer_a.public_id}.csv",
        "/recruit/equality/region/",
        "/recruit/equality/region.csv",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Alpha Home Care" not in response.content.decode()
    if who != "admin_b":
        assert client.get("/recruit/equality/").status_code == 404


def test_an_organisation_admin_cannot_open_the_region_report(client, employer_a):
    client.force_login(org_admin(employer_a, "ada@alpha.example"))

    assert client.get("/recruit/equality/region/").status_code == 404
    assert client.get("/recruit/equality/region.csv").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/recruit/equality/region/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ([8, 3, 1], [8, HIDDEN, HIDDEN]),  # two hidden: neither can be worked out
        ([9, 2, 0], [HIDDEN, HIDDEN, 0]),  # one hidden: the next smallest goes too
        ([20, 6, 4, 0], [20, HIDDEN, HIDDEN, 0]),
        ([5, 5, 0], [5, 5, 0]),
        ([0, 0, 0], [0, 0, 0]),
    ],
)
def test_suppression_rules(counts, shown):
    assert suppress(counts, 5) == shown


def test_the_organisation_list_links_admin_only_reports_to_admins_only(client, regional_admin):
    vacancy = VacancyFactory()
    organisation = vacancy.organisation
    admin = org_admin(organisation, "admin-links@example.org")
    recruiter = MembershipFactory(
        organisation=organisation, role=Membership.Role.RECRUITER, user__email="plain-links@example.org"
    ).user
    with_totp(recruiter)
    equality_url = f"/recruit/equality/{organisation.public_id}/"
    audit_url = f"/recruit/organisations/{organisation.public_id}/audit/"

    client.force_login(admin)
    html = client.get("/recruit/organisations/").content.decode()
    assert equality_url in html and audit_url in html
    assert client.get(equality_url).status_code == 200

    client.force_login(recruiter)
    html = client.get("/recruit/organisations/").content.decode()
    assert organisation.name in html
    assert equality_url not in html and audit_url not in html
    assert "/recruit/equality/region/" not in html

    client.force_login(regional_admin)
    html = client.get("/recruit/organisations/").content.decode()
    assert "/recruit/equality/region/" in html and equality_url in html
