"""The personal data access log is append-only, outlives organisations and members, carries the
request id, and holds no personal text (so retention never needs to touch it)."""

from __future__ import annotations

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ats.models import Membership, Organisation, PersonalDataAccess
from ats.pipeline.models import AppendOnlyError
from ats.privacy.audit import record_access
from tests.factories import (
    ApplicationFactory,
    CVFactory,
    MembershipFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


def set_request_id(get_response):
    """Stands in for cms.middleware.RequestIdMiddleware (another change): the view reads only
    `request.request_id`."""

    def middleware(request):
        request.request_id = "req-7f3a9c"
        return get_response(request)

    return middleware


@pytest.fixture
def row(recruiter_a, employer_a):
    return record_access(actor=recruiter_a, action="listed", organisation=employer_a, detail="Carer: board")


def test_an_audit_row_cannot_be_changed_or_deleted_through_the_orm(row):
    rows = PersonalDataAccess.objects.filter(pk=row.pk)

    for attempt in (
        lambda: rows.update(detail="nothing to see"),
        rows.delete,
        row.delete,
        lambda: PersonalDataAccess.objects.bulk_update([row], ["detail"]),
    ):
        with pytest.raises(AppendOnlyError):
            attempt()
    row.detail = "nothing to see"
    with pytest.raises(AppendOnlyError):
        row.save()

    assert PersonalDataAccess.objects.get(pk=row.pk).detail == "Carer: board"


def test_audit_rows_stay_when_the_organisation_and_the_member_go(row, recruiter_a, employer_a):
    organisation_id, actor_id = employer_a.pk, recruiter_a.pk

    recruiter_a.delete()
    Organisation.objects.filter(pk=organisation_id).delete()

    kept = PersonalDataAccess.objects.get(pk=row.pk)
    assert (kept.organisation_id, kept.actor_id) == (organisation_id, actor_id)
    assert kept.organisation_name == "Alpha Home Care"


def test_the_log_page_says_deleted_user_once_the_member_has_gone(client, recruiter_a, employer_a):
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a))
    client.force_login(recruiter_a)
    client.get(f"/recruit/applications/{application.public_id}/")
    recruiter_a.delete()
    admin = MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN).user
    with_totp(admin)
    client.force_login(admin)

    html = client.get(f"/recruit/organisations/{employer_a.public_id}/audit/").content.decode()

    assert "Deleted user" in html and "Viewed application" in html


def test_each_audit_row_carries_the_request_id(client, settings, recruiter_a, employer_a):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.ats.test_audit.set_request_id"]
    vacancy = VacancyFactory(organisation=employer_a)
    application = ApplicationFactory(vacancy=vacancy, cv=CVFactory())
    client.force_login(recruiter_a)

    client.get(f"/recruit/applications/{application.public_id}/")
    client.get(f"/recruit/vacancies/{vacancy.public_id}/board/")
    client.get(f"/recruit/applications/{application.public_id}/cv/")
    client.get(f"/recruit/organisations/{employer_a.public_id}/export.csv")

    actions = dict(PersonalDataAccess.objects.values_list("action", "request_id"))
    assert actions == {
        "viewed": "req-7f3a9c",
        "listed": "req-7f3a9c",
        "cv_downloaded": "req-7f3a9c",
        "exported": "req-7f3a9c",
    }


def test_without_a_proxy_request_id_the_row_carries_the_one_the_site_made(client, recruiter_a, employer_a):
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a))
    client.force_login(recruiter_a)

    response = client.get(f"/recruit/applications/{application.public_id}/")

    assert PersonalDataAccess.objects.get().request_id == response["X-Request-ID"] != ""


def test_the_log_holds_no_personal_text(client, recruiter_a, employer_a):
    person = UserFactory(email="zofia.k@example.org", first_name="Zofia", last_name="Kowalczyk")
    vacancy = VacancyFactory(organisation=employer_a, title="Night carer", anonymised_shortlisting=False)
    application = ApplicationFactory(
        vacancy=vacancy,
        candidate=person,
        cv=CVFactory(candidate=person, original_name="Zofia Kowalczyk CV.pdf"),
    )
    client.force_login(recruiter_a)

    client.get(f"/recruit/applications/{application.public_id}/")
    client.get(f"/recruit/vacancies/{vacancy.public_id}/applications/")
    client.get(f"/recruit/vacancies/{vacancy.public_id}/board/")
    client.get(f"/recruit/applications/{application.public_id}/cv/")
    client.get(f"/recruit/applications/{application.public_id}/cv/?preview=1")
    client.get(f"/recruit/organisations/{employer_a.public_id}/export.csv")

    rows = list(PersonalDataAccess.objects.values_list("organisation_name", "detail", "request_id"))
    assert set(PersonalDataAccess.objects.values_list("action", flat=True)) == {
        "viewed",
        "listed",
        "cv_downloaded",
        "exported",
    }
    text = repr(rows)
    for personal in ("Zofia", "Kowalczyk", "zofia.k", "07700"):
        assert personal not in text


@pytest.mark.integration  # the real PostgreSQL (DATABASE_URL): the .ci/run real-services variant
def test_postgresql_refuses_to_change_or_delete_an_audit_row_even_with_raw_sql(row, recruiter_a, employer_a):
    assert connection.vendor == "postgresql"
    with time_machine.travel(timezone.now() - relativedelta(years=6, days=2)):
        old = record_access(actor=recruiter_a, action="listed", organisation=employer_a)
    table = connection.ops.quote_name(PersonalDataAccess._meta.db_table)

    for sql in (f"UPDATE {table} SET detail = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):  # noqa: S608
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET detail = 'x' WHERE id = %s", [old.pk])  # noqa: S608
    with connection.cursor() as cursor:  # past the retention period, a row may go
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [old.pk])  # noqa: S608

    assert list(PersonalDataAccess.objects.values_list("pk", "detail")) == [(row.pk, "Carer: board")]
