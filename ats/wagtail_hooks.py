"""Regional admins manage employers, places, pay and vacancies in the Wagtail admin."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from ats.alerts.models import JobAlert
from ats.api.audit import API_ACTIONS
from ats.jobs.admin_forms import VacancyAdminForm
from ats.jobs.models import AfcPayPoint, AfcUnsocialHours, Role, ScreeningQuestion, Vacancy
from ats.jobs.vacancies import (
    purge_job_listings,
    refresh_organisation_vacancies,
    refresh_vacancies,
    unique_slug,
)
from ats.organisations.locations import locate
from ats.organisations.models import Location, Organisation
from ats.places.models import LocalAuthority, PostcodeDistrict


class OrganisationSaveMixin:
    """The employer's kind, name and areas feed its vacancies' derived search columns."""

    def save_instance(self):
        instance = super().save_instance()
        refresh_organisation_vacancies(instance)
        return instance


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    edit_view_class = type("OrganisationEditView", (OrganisationSaveMixin, generic.EditView), {})
    icon = "group"
    menu_label = "Employers"
    list_display = ["name", "kind", "local_authority", "verified"]
    list_filter = ["kind", "verified", "local_authority"]
    list_export = ["name", "kind", "cqc_provider_id", "ods_code", "website", "verified"]
    search_fields = ["name", "cqc_provider_id", "ods_code"]
    form_fields = [
        "name", "slug", "kind", "local_authority", "areas_served", "cqc_provider_id", "ods_code",
        "description", "website", "email", "phone", "logo", "verified", "guaranteed_interview",
    ]  # fmt: skip


class LocationSaveMixin:
    def save_instance(self):
        instance = super().save_instance()
        return locate(instance)


class LocationViewSet(ModelViewSet):
    model = Location
    add_view_class = type("LocationCreateView", (LocationSaveMixin, generic.CreateView), {})
    edit_view_class = type("LocationEditView", (LocationSaveMixin, generic.EditView), {})
    icon = "site"
    list_display = ["name", "organisation", "postcode", "local_authority"]
    list_filter = ["local_authority"]
    list_export = ["name", "organisation", "address", "town", "postcode", "latitude", "longitude"]
    search_fields = ["name", "postcode", "town", "organisation__name"]
    form_fields = [
        "organisation", "name", "address", "town", "postcode", "latitude", "longitude", "local_authority",
        "cqc_location_id", "service_types",
    ]  # fmt: skip


class LocalAuthorityViewSet(ModelViewSet):
    model = LocalAuthority
    icon = "globe"
    menu_label = "Councils"
    list_display = ["name", "ons_code", "icp", "in_region"]
    list_filter = ["in_region"]
    list_export = ["name", "ons_code", "official_name", "icp", "in_region"]
    search_fields = ["name", "ons_code"]
    form_fields = [
        "ons_code",
        "name",
        "slug",
        "official_name",
        "la_type",
        "icp",
        "in_region",
        "latitude",
        "longitude",
    ]


class PostcodeDistrictViewSet(ModelViewSet):
    model = PostcodeDistrict
    icon = "pick"
    list_display = ["outcode", "local_authority", "la_share"]
    list_filter = ["local_authority"]
    list_export = ["outcode", "latitude", "longitude", "la_code", "la_share"]
    search_fields = ["outcode"]
    form_fields = [
        "outcode",
        "latitude",
        "longitude",
        "local_authority",
        "la_code",
        "la_share",
        "other_councils",
    ]


class AfcPayPointEditMixin:
    def save_instance(self):
        instance = super().save_instance()
        refresh_vacancies(Vacancy.objects.exclude(afc_band="").values_list("pk", flat=True))
        return instance


class AfcPayPointViewSet(ModelViewSet):
    model = AfcPayPoint
    icon = "table"
    menu_label = "AfC pay points"
    list_display = ["financial_year", "band", "point", "annual_salary", "hourly_rate"]
    list_filter = ["financial_year", "band"]
    list_export = ["financial_year", "band", "point", "years_in_band_from", "annual_salary", "source"]
    search_fields = ["band", "financial_year"]
    form_fields = ["financial_year", "band", "point", "years_in_band_from", "annual_salary", "source"]
    add_view_class = type("AfcCreateView", (AfcPayPointEditMixin, generic.CreateView), {})
    edit_view_class = type("AfcEditView", (AfcPayPointEditMixin, generic.EditView), {})


class AfcUnsocialHoursViewSet(ModelViewSet):
    model = AfcUnsocialHours
    icon = "time"
    menu_label = "AfC unsocial hours"
    list_display = ["band", "nights_and_saturday_pct", "sunday_and_bank_holiday_pct"]
    form_fields = ["band", "nights_and_saturday_pct", "sunday_and_bank_holiday_pct"]


class RoleViewSet(ModelViewSet):
    model = Role
    icon = "tag"
    menu_label = "Job roles"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "summary", "sort_order"]


class VacancySaveMixin:
    """A slug made once from the title and employer; derived search columns refreshed after saving."""

    def save_instance(self):
        instance = self.form.instance
        if not instance.slug:
            instance.slug = unique_slug(instance.title, instance.organisation.name)
        instance = super().save_instance()
        refresh_vacancies([instance.pk])
        return instance


class VacancyDeleteMixin:
    """Pages listing jobs forget a deleted one (once the deletion commits)."""

    def delete_action(self):
        super().delete_action()
        purge_job_listings()


class VacancyViewSet(ModelViewSet):
    model = Vacancy
    icon = "doc-full"
    menu_label = "Vacancies"
    list_display = ["title", "organisation", "status", "closing_date", "click_outs"]
    list_filter = ["status", "setting", "contract", "organisation__kind", "local_authority", "apply_method"]
    list_export = [
        "title", "organisation", "status", "setting", "contract", "pattern", "hours_per_week",
        "hourly_pay_min", "hourly_pay_max", "afc_band", "closing_date", "click_outs", "slug",
    ]  # fmt: skip
    search_fields = ["title", "organisation__name", "slug"]
    add_view_class = type("VacancyCreateView", (VacancySaveMixin, generic.CreateView), {})
    edit_view_class = type("VacancyEditView", (VacancySaveMixin, generic.EditView), {})
    delete_view_class = type("VacancyDeleteView", (VacancyDeleteMixin, generic.DeleteView), {})
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("organisation"),
                    FieldPanel("title"),
                    FieldPanel("role"),
                    FieldPanel("setting"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                ],
                heading="The job",
            ),
            MultiFieldPanel(
                [FieldPanel("locations"), FieldPanel("covers_area"), FieldPanel("area_description")],
                heading="Where",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("contract"), FieldPanel("pattern"), FieldPanel("hours_per_week")]
                    ),
                    FieldRowPanel([FieldPanel("pay_min"), FieldPanel("pay_max"), FieldPanel("pay_period")]),
                    FieldPanel("afc_band"),
                    FieldPanel("benefits"),
                ],
                heading="Hours, pay and benefits",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("driving_required"),
                    FieldPanel("own_vehicle_required"),
                    FieldPanel("dbs_level"),
                    FieldPanel("care_certificate_required"),
                    FieldPanel("qualification"),
                    FieldPanel("experience"),
                    FieldPanel("visa_sponsorship"),
                    FieldPanel("apprenticeship"),
                    FieldPanel("new_to_care_welcome"),
                ],
                heading="Requirements",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("posts"),
                    FieldPanel("closing_date"),
                    FieldPanel("start_date"),
                    FieldPanel("apply_method"),
                    FieldPanel("external_url"),
                    FieldPanel("status"),
                ],
                heading="Applying and publishing",
            ),
        ],
        base_form_class=VacancyAdminForm,
    )


class ScreeningQuestionViewSet(ModelViewSet):
    model = ScreeningQuestion
    icon = "help"
    list_display = ["text", "vacancy", "kind"]
    list_filter = ["kind"]
    search_fields = ["text", "vacancy__title"]
    form_fields = ["vacancy", "text", "kind", "choices", "knockout_answer", "sort_order"]


class JobAlertViewSet(ModelViewSet):
    model = JobAlert
    icon = "mail"
    list_display = ["email", "description", "frequency", "confirmed_at", "unsubscribed_at", "last_sent_at"]
    list_filter = ["frequency"]
    search_fields = ["email"]
    form_fields = ["frequency"]
    add_view_enabled = False
    copy_view_enabled = False


class JobsAdminGroup(ModelViewSetGroup):
    menu_label = "Jobs and employers"
    menu_icon = "doc-full"
    menu_order = 250
    items = (
        VacancyViewSet("vacancies"),
        OrganisationViewSet("organisations"),
        LocationViewSet("locations"),
        ScreeningQuestionViewSet("screening_questions"),
        JobAlertViewSet("job_alerts"),
        RoleViewSet("roles"),
        LocalAuthorityViewSet("councils"),
        PostcodeDistrictViewSet("postcode_districts"),
        AfcPayPointViewSet("afc_pay_points"),
        AfcUnsocialHoursViewSet("afc_unsocial_hours"),
    )


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    """Labels of the API's entries in an object's history (ats/api/audit.py)."""
    for action, label in API_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_viewset")
def register_jobs_viewsets():
    return JobsAdminGroup()


# Routing registers its own admin views (rules, capacities, decisions, try-it screen).
# Council commissioners (read-only council figures, ats/insight/).
from ats.insight import admin as insight_admin  # noqa: E402, F401
from ats.routing import admin as routing_admin  # noqa: E402, F401
