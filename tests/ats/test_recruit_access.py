"""Access control of the recruiter portal: one scoping mechanism, every URL checked, MFA for staff."""

import pytest

from django.urls import URLPattern, URLResolver, get_resolver

from ats.api.keys import create_api_key
from ats.models import (
    BulkAction,
    CheckItem,
    Interview,
    InterviewSlot,
    Invitation,
    Membership,
    Offer,
    Start,
    TenureCheck,
    VacancyImport,
)
from ats.organisations.memberships import invitation_token
from ats.organisations.permissions import applications_for, organisations_for, vacancies_for
from tests.factories import (
    ApplicationFactory,
    ApplicationWithCVFactory,
    MembershipFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


def recruit_patterns():
    """(route, pattern) for every URL under /recruit/, walked from the URL configuration."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith("recruit/"):
                    found.append((route, p))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.fixture
def employer_a_objects(employer_a, recruiter_a):
    """Real objects of employer A, one of each kind a /recruit/ URL can name."""
    vacancy = VacancyFactory(organisation=employer_a)
    application = ApplicationWithCVFactory(vacancy=vacancy, offer=True)
    slot = InterviewSlot.objects.create(vacancy=vacancy, starts_at="2030-01-01T10:00Z", place="Office")
    interview = Interview.objects.create(application=application, slot=slot, status=Interview.Status.BOOKED)
    Offer.objects.create(application=application, made_by=recruiter_a)
    check = CheckItem.objects.create(application=application, kind=CheckItem.Kind.DBS)
    start = Start.objects.create(
        application=application, outcome=Start.Outcome.STARTED, start_date="2026-01-15"
    )
    tenure_check = TenureCheck.objects.create(start=start, months=3, due_on="2026-04-15")
    action = BulkAction.objects.create(
        vacancy=vacancy, by=recruiter_a, to_stage="screening", undo_until="2030-01-01T10:00Z"
    )
    invitation = Invitation.objects.create(
        organisation=employer_a, email="new@alpha.example", invited_by=recruiter_a
    )
    return {
        **_routing_objects(employer_a),
        "vacancy": vacancy.public_id,
        "application": application.public_id,
        "organisation": employer_a.public_id,
        "slot": slot.public_id,
        "interview": interview.public_id,
        "check": check.public_id,
        "tenure_check": tenure_check.public_id,
        "action": action.public_id,
        "token": invitation_token(invitation),
        "prefix": create_api_key(employer_a, name="Alpha HR", by=recruiter_a)[0].prefix,
        "upload": VacancyImport.objects.create(
            organisation=employer_a, filename="x.csv", content="title\n"
        ).public_id,
    }


def _routing_objects(employer_a) -> dict:
    """Employer A's enquiry inbox, referrals and (for an academy it belongs to) courses."""
    from datetime import timedelta

    from django.utils import timezone

    from ats.models import Cohort, Enrolment, Referral, RoutingDecision
    from tests.factories import EnquiryFactory, LocalAuthorityFactory, OrganisationFactory

    enquiry = EnquiryFactory()
    decision = RoutingDecision.objects.create(
        enquiry=enquiry, destination=employer_a, rule_name="Test", reason="Test"
    )
    academy = OrganisationFactory(academy=True, local_authority=LocalAuthorityFactory(), name="Alpha Academy")
    MembershipFactory(organisation=academy, role=Membership.Role.COORDINATOR)
    referral = Referral.objects.create(
        from_org=academy, to_org=employer_a, enquiry=enquiry, consent_at=timezone.now(), shared={"name": "x"}
    )
    start = timezone.localdate() + timedelta(days=7)
    cohort = Cohort.objects.create(academy=academy, starts_on=start, ends_on=start, venue="Hall", capacity=2)
    enrolment = Enrolment.objects.create(cohort=cohort, enquiry=enquiry)
    # Routes with a bare <pk> (issue 6's routing pages), by prefix, most specific first.
    return {
        "pk:recruit/enquiries/courses/enrolments/": enrolment.pk,
        "pk:recruit/enquiries/courses/": cohort.pk,
        "pk:recruit/enquiries/referrals/": referral.pk,
        "pk:recruit/enquiries/": decision.pk,
    }


def fill(route: str, values: dict) -> str:
    import re

    def value(match):
        name = match.group(2)
        if name == "pk":
            prefix = next((k for k in values if k.startswith("pk:") and route.startswith(k[3:])), None)
            if prefix:
                return str(values[prefix])
        if name not in values:
            raise AssertionError(f"The access test does not know how to fill <{name}> in {route}: add it.")
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def test_the_walk_finds_the_portal_urls():
    routes = [route for route, _ in recruit_patterns()]
    assert "recruit/applications/<uuid:application>/" in routes
    assert len(routes) >= 30


def test_another_organisations_recruiter_gets_404_or_403_on_every_recruit_url(
    client, recruiter_b, employer_a_objects
):
    client.force_login(recruiter_b)
    failures = []
    for route, _pattern in recruit_patterns():
        if "<" not in route:
            continue  # list pages: covered by the scoping tests below
        url = fill(route, employer_a_objects)
        for method in ("get", "post"):
            # Scoping comes first whatever the method: a POST-only view answers another
            # organisation's id with a 404, not a 405 that says the id was never looked at.
            response = getattr(client, method)(url)
            if response.status_code not in (403, 404):
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    assert failures == [], "\n".join(failures)


def test_post_only_views_still_refuse_get_in_their_own_organisation(client, recruiter_a, employer_a_objects):
    vacancy = employer_a_objects["vacancy"]
    client.force_login(recruiter_a)
    assert client.get(f"/recruit/vacancies/{vacancy}/publish/").status_code == 405
    decision = employer_a_objects["pk:recruit/enquiries/"]
    assert client.get(f"/recruit/enquiries/{decision}/acknowledge/").status_code == 405


def test_list_pages_show_recruiter_b_nothing_of_employer_a(
    client, recruiter_b, employer_a_objects, employer_a
):
    client.force_login(recruiter_b)
    for route, _ in recruit_patterns():
        if "<" in route:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)("/" + route)
            assert response.status_code in (200, 302, 404, 405), f"{method.upper()} {route}"
            html = response.content.decode()
            assert employer_a.name not in html, f"{method.upper()} {route}"
            assert str(employer_a_objects["vacancy"]) not in html, f"{method.upper()} {route}"
    assert list(vacancies_for(recruiter_b)) == []  # an empty POST created nothing either


def test_scoped_querysets_follow_memberships(
    recruiter_a, recruiter_b, regional_admin, employer_a, employer_b
):
    a = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a))
    b = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_b))

    assert list(applications_for(recruiter_a)) == [a]
    assert list(applications_for(recruiter_b)) == [b]
    assert set(applications_for(regional_admin)) == {a, b}
    assert list(organisations_for(recruiter_a)) == [employer_a]
    assert set(vacancies_for(regional_admin)) == {a.vacancy, b.vacancy}


def _superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def _in_the_regional_admins_group():
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name="Regional admins")[0])
    return user


def _with_the_view_routingdecision_permission():
    """Once a second definition of regional admin (issue 6's); a CMS editor's permission now."""
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_routingdecision"))
    return user


def _inactive_superuser():
    return UserFactory(is_superuser=True, is_staff=True, is_active=False)


@pytest.mark.parametrize(
    ("make_user", "regional"),
    [
        (_superuser, True),
        (_in_the_regional_admins_group, True),
        (_with_the_view_routingdecision_permission, False),
        (_inactive_superuser, False),
    ],
    ids=["superuser", "group", "permission-only", "inactive"],
)
def test_regional_admin_has_one_definition_for_the_portal_and_routing(
    client, employer_a, employer_b, employer_a_objects, make_user, regional
):
    from ats.models import RoutingDecision
    from ats.organisations.permissions import (
        cohorts_for,
        enquiries_for,
        is_regional_admin,
        referrals_for,
        routing_decisions_for,
    )

    user = make_user()
    assert is_regional_admin(user) is regional
    every = {
        organisations_for: {employer_a, employer_b} | {r.from_org for r in referrals_for(_superuser())},
        routing_decisions_for: set(RoutingDecision.objects.all()),
        enquiries_for: {d.enquiry for d in RoutingDecision.objects.all()},
        referrals_for: set(referrals_for(_superuser())),
        cohorts_for: set(cohorts_for(_superuser())),
    }
    for scope, everything in every.items():
        assert set(scope(user)) == (everything if regional else set()), scope.__name__

    if user.is_active:
        with_totp(user)
        client.force_login(user)
        decision = f"/recruit/enquiries/{employer_a_objects['pk:recruit/enquiries/']}/"
        expected = 200 if regional else 404
        assert client.get(decision).status_code == expected
        assert client.get("/recruit/approvals/").status_code == expected


def test_a_jobseeker_cannot_use_the_portal(client, jobseeker):
    client.force_login(jobseeker)
    assert client.get("/recruit/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/recruit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_viewer_reads_but_cannot_change(client, viewer_a, employer_a):
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a))
    client.force_login(viewer_a)

    page = client.get(f"/recruit/applications/{application.public_id}/")
    assert page.status_code == 200
    assert "Move to" not in page.content.decode()
    response = client.post(
        f"/recruit/applications/{application.public_id}/move/",
        {"to": "screening", "expected_stage": "applied"},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.stage == "applied"


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, employer_a):
    recruiter = MembershipFactory(organisation=employer_a, role=Membership.Role.RECRUITER).user
    client.force_login(recruiter)

    response = client.get("/recruit/", follow=True)

    assert response.redirect_chain[0][0] == "/accounts/2fa/totp/activate/"
    assert "must be protected with an authenticator app" in response.content.decode()


def test_wagtail_staff_without_an_authenticator_cannot_open_the_admin(client):
    editor = UserFactory(is_staff=True)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_jobseekers_are_not_asked_for_an_authenticator(client, jobseeker):
    client.force_login(jobseeker)
    assert client.get("/jobs/").status_code == 200


def test_regional_admins_by_group_need_an_authenticator_too(client, employer_a):
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get(name="Regional admins"))  # every database has it
    client.force_login(user)
    assert client.get("/recruit/")["Location"] == "/accounts/2fa/totp/activate/"
    with_totp(user)
    assert client.get("/recruit/approvals/").status_code == 200
