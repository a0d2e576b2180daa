"""Every recruiter and coordinator form that edits something round-trips: open it, save it without
touching anything, and nothing changes (issue 21.3: saving a vacancy cleared its closing and start
dates, because its date inputs showed a date the browser could not read and so posted nothing).

Each page is rendered with real objects, its form read as a browser reads it
(tests/ats/form_submission.py: dates a date input cannot show are posted empty, as Chromium and
Firefox do), posted back exactly, and the objects compared field by field before and after.
`test_every_staff_page_is_classified` walks the URL configuration so that a new staff page with an
edit form cannot be added without joining this test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.contrib.messages import constants, get_messages
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from ats.applications.forms.profile import PROFILE_SECTIONS
from ats.models import (
    AfcPayPoint,
    AfcUnsocialHours,
    BankHoliday,
    CheckItem,
    Cohort,
    Commissioner,
    Offer,
    PostcodeDistrict,
    Rating,
    RatingCriterion,
    RoutingCapacity,
    RoutingRule,
    Vacancy,
)
from tests.ats.form_submission import forms_on
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    EnquiryFactory,
    JobAlertFactory,
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    RoleFactory,
    ScreeningQuestionFactory,
    UserFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class RoundTrip:
    """A page, which of its forms to save, and the objects that form edits."""

    url: str
    objects: Callable[[], list]
    action: str = ""  # the form's action; empty: the form posting to the page itself


def state(objects: list) -> list[dict]:
    """What a person could see changed: every editable field (M2M as sets of ids), line endings
    aside (a browser sends a textarea's line breaks as CRLF)."""

    def clean(value):
        if isinstance(value, list) and value and hasattr(value[0], "pk"):
            return sorted(item.pk for item in value)
        if isinstance(value, str):
            return value.replace("\r\n", "\n")
        if hasattr(value, "pk"):
            return value.pk
        return value

    rows = []
    for obj in objects:
        fresh = type(obj).objects.get(pk=obj.pk)
        rows.append({name: clean(value) for name, value in model_to_dict(fresh).items()})
    return rows


# --- The recruiter portal --------------------------------------------------------------------------


def _vacancy(employer, **fields) -> Vacancy:
    second = LocationFactory(organisation=employer, name="Jesmond house", postcode="NE2 1AA")
    vacancy = VacancyFactory(
        organisation=employer,
        title="Senior care assistant",
        summary="Lead a small team on days.",
        description="You will:\n\n- lead the shift\n- support residents",
        closing_date=timezone.localdate() + timedelta(days=30),
        start_date=timezone.localdate() + timedelta(days=60),
        benefits=["pension", "paid_training"],
        posts=2,
        new_to_care_welcome=True,
        driving_required=True,
        # at least the National Living Wage, which the form asks for
        **({"pay_min": Decimal("12.80"), "pay_max": Decimal("13.40")} | fields),
    )
    vacancy.locations.add(second)
    return vacancy


def vacancy_edit(ctx) -> RoundTrip:
    vacancy = _vacancy(ctx["employer_a"])
    return RoundTrip(f"/recruit/vacancies/{vacancy.public_id}/edit/", lambda: [vacancy])


def vacancy_edit_nhs_external(ctx) -> RoundTrip:
    vacancy = _vacancy(
        ctx["employer_a"],
        pay_min=None,
        pay_max=None,
        afc_band="3",
        contract=Vacancy.Contract.FIXED_TERM,
        apply_method=Vacancy.ApplyMethod.EXTERNAL,
        external_url="https://jobs.example.nhs.uk/apply?id=123",
        anonymised_shortlisting=True,
    )
    return RoundTrip(f"/recruit/vacancies/{vacancy.public_id}/edit/", lambda: [vacancy])


def _at_checks(ctx):
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=ctx["employer_a"]), checks=True)
    Offer.objects.create(application=application, start_date=date(2030, 3, 2), has_unspent_convictions=False)
    checks = {
        kind: CheckItem.objects.create(
            application=application, kind=kind, due_date=timezone.localdate() + timedelta(days=14)
        )
        for kind in CheckItem.Kind
    }
    return application, checks


def check_dbs(ctx) -> RoundTrip:
    application, checks = _at_checks(ctx)
    dbs = checks[CheckItem.Kind.DBS]
    CheckItem.objects.filter(pk=dbs.pk).update(
        status=CheckItem.Status.SATISFACTORY,
        dbs_level=CheckItem.DbsLevel.ENHANCED_BARRED,
        certificate_number="001234567890",
        certificate_date=timezone.localdate() - timedelta(days=20),
        completed_at=timezone.now() - timedelta(days=2),
        updated_by=ctx["recruiter_a"],
    )
    return RoundTrip(
        f"/recruit/applications/{application.public_id}/",
        lambda: [dbs],
        action=f"/recruit/checks/{dbs.public_id}/",
    )


def check_outstanding(ctx) -> RoundTrip:
    application, checks = _at_checks(ctx)
    reference = checks[CheckItem.Kind.REFERENCE_1]
    return RoundTrip(
        f"/recruit/applications/{application.public_id}/",
        lambda: [reference],
        action=f"/recruit/checks/{reference.public_id}/",
    )


def ratings(ctx) -> RoundTrip:
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=ctx["employer_a"]))
    kindness = RatingCriterion.objects.create(vacancy=application.vacancy, name="Values and attitude")
    RatingCriterion.objects.create(vacancy=application.vacancy, name="Communication", sort_order=1)
    rating = Rating.objects.create(
        application=application, criterion=kindness, rater=ctx["recruiter_a"], score=4
    )
    return RoundTrip(
        f"/recruit/applications/{application.public_id}/",
        lambda: [rating, *Rating.objects.filter(application=application).exclude(pk=rating.pk)],
        action=f"/recruit/applications/{application.public_id}/ratings/",
    )


PORTAL = {
    "vacancy-edit": vacancy_edit,
    "vacancy-edit (NHS, AfC band, applying elsewhere)": vacancy_edit_nhs_external,
    "check-update (DBS, recorded)": check_dbs,
    "check-update (reference, outstanding)": check_outstanding,
    "application-rate": ratings,
}


@pytest.mark.parametrize("name", PORTAL)
def test_a_recruiter_form_saved_unchanged_changes_nothing(client, recruiter_a, employer_a, name):
    trip = PORTAL[name]({"employer_a": employer_a, "recruiter_a": recruiter_a})
    _round_trip(client, recruiter_a, trip)


# --- The regional admin's and academies' screens in the CMS admin -----------------------------------


def _admin(model_name: str, make) -> Callable[[dict], RoundTrip]:
    def build(ctx) -> RoundTrip:
        obj = make(ctx)
        return RoundTrip(f"/admin/{model_name}/edit/{obj.pk}/", lambda: [obj])

    return build


def _cohort(ctx):
    academy = OrganisationFactory(academy=True, name="Gateshead Care Academy")
    return Cohort.objects.create(
        academy=academy,
        starts_on=timezone.localdate() + timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=24),
        venue="Civic Centre, NE8 1HH",
        capacity=14,
    )


def _rule(ctx):
    rule = RoutingRule.objects.create(
        name="Drivers to home care",
        order=20,
        action=RoutingRule.Action.values[0],
        requires_driving=True,
        interests=["home_care"],
        explanation="Home care needs drivers.",
    )
    rule.councils.add(LocalAuthorityFactory(name="Gateshead"))
    return rule


ADMIN = {
    "vacancies": _admin("vacancies", lambda ctx: _vacancy(OrganisationFactory())),
    "organisations": _admin(
        "organisations",
        lambda ctx: OrganisationFactory(
            description="Family-run homes.\nSince 1998.",
            website="https://alpha.example",
            phone="0191 498 0000",
        ),
    ),
    "locations": _admin("locations", lambda ctx: LocationFactory(town="Newcastle upon Tyne")),
    "screening_questions": _admin("screening_questions", lambda ctx: ScreeningQuestionFactory(sort_order=2)),
    "job_alerts": _admin("job_alerts", lambda ctx: JobAlertFactory()),
    "roles": _admin("roles", lambda ctx: RoleFactory(name="Support worker", summary="Support people.")),
    "commissioners": _admin(
        "commissioners",
        lambda ctx: Commissioner.objects.create(
            user=UserFactory(), local_authority=LocalAuthorityFactory(name="Sunderland")
        ),
    ),
    "councils": _admin("councils", lambda ctx: LocalAuthorityFactory(name="Gateshead", icp="North East")),
    "postcode_districts": _admin(
        "postcode_districts",
        lambda ctx: PostcodeDistrict.objects.create(
            outcode="NE8", latitude=54.95, longitude=-1.6, la_share=0.9, other_councils={"E08000037": 0.1}
        ),
    ),
    "afc_pay_points": _admin(
        "afc_pay_points",
        lambda ctx: AfcPayPoint.objects.create(
            financial_year="2025/26", band="3", point="entry", annual_salary=Decimal("24937.00")
        ),
    ),
    "afc_unsocial_hours": _admin(
        "afc_unsocial_hours",
        lambda ctx: AfcUnsocialHours.objects.create(
            band="3", nights_and_saturday_pct=37, sunday_and_bank_holiday_pct=74
        ),
    ),
    "routing_rules": _admin("routing_rules", _rule),
    "unrouted_enquiries": _admin("unrouted_enquiries", lambda ctx: EnquiryFactory()),
    "routing_capacities": _admin(
        "routing_capacities",
        lambda ctx: RoutingCapacity.objects.create(organisation=OrganisationFactory(), per_week=12),
    ),
    "bank_holidays": _admin(
        "bank_holidays", lambda ctx: BankHoliday.objects.create(date=date(2030, 12, 25), name="Christmas Day")
    ),
    "academy_courses": _admin("academy_courses", _cohort),
}


@pytest.mark.parametrize("name", ADMIN)
def test_an_admin_form_saved_unchanged_changes_nothing(client, regional_admin, name):
    _round_trip(client, regional_admin, ADMIN[name]({}))


def _round_trip(client, user, trip: RoundTrip) -> None:
    client.force_login(user)
    page = client.get(trip.url)
    assert page.status_code == 200
    action = trip.action or trip.url
    forms = [
        form
        for form in forms_on(page.content.decode())
        if form.method == "post" and (form.action or trip.url) == action
    ]
    assert len(forms) == 1, f"expected one form posting to {action} on {trip.url}"
    before = state(trip.objects())

    response = client.post(action, forms[0].data())

    assert response.status_code == 302, response.content.decode()[:3000]
    refused = [str(m) for m in get_messages(response.wsgi_request) if m.level >= constants.ERROR]
    assert refused == []
    after = state(trip.objects())
    changed = [
        {name: (old[name], new[name]) for name in old if old[name] != new[name]}
        for old, new in zip(before, after, strict=True)
    ]
    assert not any(changed), changed


# --- The jobseeker's own profile (the recruiter reads what it holds) -------------------------------


@pytest.fixture
def profile(jobseeker, reference_data):
    return CandidateProfileFactory(
        user=jobseeker,
        driving_licence=True,
        has_car=True,
        availability=["days", "weekends"],
        hours_wanted=30,
        care_settings=["home_care"],
        experience="some",
        care_certificate="in_progress",
        qualifications="Level 2 Diploma in Care\nFirst aid",
        personal_statement="I looked after my gran for two years.\n\nI want to do it as a job.",
        referees=[
            {"name": "Ann Lee", "relationship": "Manager", "contact": "ann@example.org"},
            {"name": "Raj Patel", "relationship": "Teacher", "contact": "0191 498 0000"},
        ],
    )


@pytest.mark.parametrize("section", PROFILE_SECTIONS)
def test_a_jobseeker_profile_section_saved_unchanged_changes_nothing(client, jobseeker, profile, section):
    profile.roles.add(RoleFactory(name="Care worker"))
    _round_trip(client, jobseeker, RoundTrip(f"/me/profile/{section}/", lambda: [profile, jobseeker]))


# --- Every staff page is either above or has no form that edits something --------------------------

# Pages whose forms only add, act or filter: saving them unchanged is not "no change" by design.
NO_EDIT_FORM = {
    "recruit:dashboard": "no form",
    "recruit:api-keys": "creates a key (shown once)",
    "recruit:api-key-revoke": "POST only",
    "recruit:api-key-rotate": "POST only",
    "recruit:application-references": "POST only (asks the referees)",
    "recruit:application-start": "records a start or why not (once)",
    "recruit:bulk-undo": "POST only",
    "recruit:check-list": "a filter (GET)",
    "recruit:closure": "holds people back or tells the rest (buttons)",
    "recruit:council-insight": "figures and a filter (GET)",
    "recruit:insight": "figures and a filter (GET)",
    "recruit:vacancy-insight": "figures (GET)",
    "recruit:outcomes": "adds, retires and brings back reasons (buttons)",
    "recruit:tenure-answer": "one confirm button",
    "recruit:tenure-due": "no form",
    "recruit:vacancy-list": "a filter (GET)",
    "recruit:vacancy-create": "creates a vacancy",
    "recruit:vacancy-import-upload": "uploads a file",
    "recruit:vacancy-import-template": "a CSV download",
    "recruit:vacancy-import": "confirms an import",
    "recruit:vacancy-import-confirm": "POST only",
    "recruit:vacancy-import-retry": "POST only",
    "recruit:vacancy-preview": "publish, clone and close buttons",
    "recruit:vacancy-publish": "POST only",
    "recruit:vacancy-clone": "POST only",
    "recruit:vacancy-close": "POST only",
    "recruit:vacancy-criteria": "adds and removes criteria",
    "recruit:vacancy-questions": "adds and removes questions",
    "recruit:application-list": "filters (GET) and bulk moves",
    "recruit:board": "moves",
    "recruit:bulk": "POST only",
    "recruit:slots": "adds slots",
    "recruit:slot-delete": "POST only",
    "recruit:approvals": "approve and return buttons",
    "recruit:approve": "POST only",
    "recruit:application-move": "POST only",
    "recruit:application-note": "POST only (adds a note)",
    "recruit:application-message": "POST only (sends a message)",
    "recruit:application-cv": "a download",
    "recruit:application-offer": "POST only (makes an offer)",
    "recruit:application-withdraw-offer": "POST only",
    "recruit:application-hire": "POST only",
    "recruit:interview-outcome": "POST only (records an outcome)",
    "recruit:organisation-list": "no form",
    "recruit:people": "invites a colleague",
    "recruit:person-remove": "POST only",
    "recruit:message-templates": "adds and removes templates",
    "recruit:export": "a CSV download",
    "recruit:audit-log": "no form",
    "recruit:invitation-accept": "accepts an invitation",
    "routing:inbox": "no form",
    "routing:decision": "acknowledge, refer and invite buttons",
    "routing:acknowledge": "POST only",
    "routing:refer": "refers someone",
    "routing:invite": "POST only",
    "routing:referral": "accept and decline buttons",
    "routing:referral-respond": "POST only",
    "routing:cohorts": "no form",
    "routing:cohort": "enrolment moves",
    "routing:enrolment-move": "POST only",
}
# Kept as written by the service (ats.routing.admin.ReadOnlyPolicy): the admin can only look.
READ_ONLY_IN_ADMIN = {"routing_decisions", "referrals"}
# The application page's edit forms (checks, ratings) are under the POST URLs they post to.
COVERED = {
    "recruit:vacancy-edit",
    "recruit:check-update",
    "recruit:application-rate",
    "recruit:application-detail",
}


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_staff_page_is_classified():
    portal, admin = set(), set()
    for name, pattern in _names(get_resolver().url_patterns):
        if name.split(":")[0] in ("recruit", "routing"):
            portal.add(name)
        model = (getattr(pattern.callback, "view_initkwargs", None) or {}).get("model")
        if name.endswith(":edit") and model is not None and model._meta.app_label == "ats":
            admin.add(name.split(":")[0])
    assert portal - COVERED - set(NO_EDIT_FORM) == set()
    assert admin - set(ADMIN) - READ_ONLY_IN_ADMIN == set()


def test_a_date_the_browser_cannot_show_is_posted_empty():
    """The reader behaves as a browser does, or the round trips above prove nothing."""
    [form] = forms_on(
        '<form method="post"><input type="date" name="a" value="31/12/2030">'
        '<input type="date" name="b" value="2030-12-31"><input type="checkbox" name="c" value="x">'
        '<select name="d"><option value="1">One</option><option value="2" selected>Two</option></select>'
        '<textarea name="e">\nLine one\nLine two</textarea><input name="f" value="kept" disabled>'
        '<button name="go" value="save">Save</button></form>'
    )
    assert form.data() == {
        "a": [""],
        "b": ["2030-12-31"],
        "d": ["2"],
        "e": ["Line one\r\nLine two"],
        "go": ["save"],
    }
