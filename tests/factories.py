"""factory_boy factories for the shared model. One place; issues add traits here."""

from datetime import timedelta
from decimal import Decimal

import factory

from django.utils import timezone
from django.utils.text import slugify

from ats.models import (
    JobAlert,
    LocalAuthority,
    Location,
    Membership,
    Organisation,
    Role,
    ScreeningQuestion,
    Vacancy,
)
from cms.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Mark the email verified in allauth unless verified=False is passed."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("ons_code",)

    ons_code = factory.Sequence(lambda n: f"E0800{n:04d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    in_region = True
    latitude = 54.97
    longitude = -1.61


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Employer {n} Care Ltd")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.PROVIDER
    verified = True

    class Params:
        academy = factory.Trait(
            kind=Organisation.Kind.ACADEMY, local_authority=factory.SubFactory(LocalAuthorityFactory)
        )
        nhs = factory.Trait(kind=Organisation.Kind.NHS_TRUST, ods_code="RTF")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.LazyAttribute(lambda o: f"{o.organisation.name} office")
    postcode = "NE1 4ST"
    latitude = 54.9724
    longitude = -1.6115


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.RECRUITER


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("slug",)

    name = "Care worker"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Care assistant"
    slug = factory.Sequence(lambda n: f"care-assistant-{n}")
    role = factory.SubFactory(RoleFactory)
    setting = Vacancy.Setting.RESIDENTIAL
    hours_per_week = Decimal("37.5")
    pay_min = Decimal("12.60")
    pay_max = Decimal("13.20")
    pay_period = Vacancy.PayPeriod.HOUR
    status = Vacancy.Status.LIVE
    published_at = factory.LazyFunction(timezone.now)
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28))

    @factory.post_generation
    def locations(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.locations.set(
            extracted if extracted is not None else [LocationFactory(organisation=obj.organisation)]
        )
        from ats.jobs.vacancies import refresh_vacancies

        refresh_vacancies([obj.pk])  # derived pay, point, area and search columns, as the admin does
        obj.refresh_from_db()

    class Params:
        draft = factory.Trait(status=Vacancy.Status.DRAFT, published_at=None)
        closed = factory.Trait(status=Vacancy.Status.CLOSED)


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ats.CandidateProfile"

    user = factory.SubFactory(UserFactory)
    phone = "07700 900123"
    postcode = "NE1 4ST"
    latitude = 54.9724
    longitude = -1.6115
    over_18 = True
    right_to_work = "yes"
    experience = "none"


def _stage_trait(stage: str) -> factory.Trait:
    return factory.Trait(stage=stage, **{f"{stage}_at": factory.LazyFunction(timezone.now)})


class ApplicationFactory(factory.django.DjangoModelFactory):
    """One trait per pipeline stage: ApplicationFactory(interview=True)."""

    class Meta:
        model = "ats.Application"

    vacancy = factory.SubFactory(VacancyFactory)
    candidate = factory.SubFactory(UserFactory)
    stage = "applied"
    applied_at = factory.LazyFunction(timezone.now)
    snapshot = factory.LazyAttribute(
        lambda o: {
            "name": o.candidate.get_full_name() if o.candidate else "",
            "email": o.candidate.email if o.candidate else "",
            "phone": "07700 900123",
            "postcode": "NE1 4ST",
        }
    )

    class Params:
        screening = _stage_trait("screening")
        shortlisted = _stage_trait("shortlisted")
        interview = _stage_trait("interview")
        offer = _stage_trait("offer")
        checks = _stage_trait("checks")
        hired = _stage_trait("hired")
        rejected = _stage_trait("rejected")
        withdrawn = _stage_trait("withdrawn")


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ats.Enquiry"

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"enquirer{n}@example.org")
    postcode = "NE1 4ST"
    latitude = 54.9724
    longitude = -1.6115
    over_18 = True
    experience = "none"
    consent_at = factory.LazyFunction(timezone.now)


def with_totp(user):
    """Give a staff user an authenticator app, as the portal requires. Returns the TOTP secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        from allauth.mfa.utils import decrypt

        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class ApplicationWithCVFactory(ApplicationFactory):
    class Meta:
        model = "ats.Application"

    cv = factory.LazyAttribute(lambda o: CVFactory(candidate=o.candidate))


class CVFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ats.CV"

    candidate = factory.SubFactory(UserFactory)
    file = factory.django.FileField(filename="cv.pdf", data=b"%PDF-1.4 test cv")
    original_name = "cv.pdf"
    content_type = "application/pdf"
    size = 16
    scan_status = "clean"


class ScreeningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningQuestion

    vacancy = factory.SubFactory(VacancyFactory)
    text = "Do you have the right to work in the UK?"
    kind = ScreeningQuestion.Kind.YES_NO
    knockout_answer = "no"


class JobAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobAlert

    email = factory.Sequence(lambda n: f"alert{n}@example.org")
    criteria = factory.LazyFunction(dict)
    description = "Care jobs"
    frequency = JobAlert.Frequency.DAILY
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
