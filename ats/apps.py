from django.apps import AppConfig


class AtsConfig(AppConfig):
    """One Django app (app_label "ats") organised as subpackages by what they do (ADR 0016). Each
    subpackage may have models, services, views, forms, urls and a tasks module; ats/models/__init__.py
    imports every model so Django registers it, and cms/celery.py finds each subpackage's tasks.py
    through `subpackages`."""

    name = "ats"
    verbose_name = "Recruitment"
    default_auto_field = "django.db.models.BigAutoField"
    # From the ground up: a subpackage imports only those before it (enforced by import-linter, pyproject).
    subpackages = (
        "places",
        "organisations",
        "jobs",
        "alerts",
        "applications",
        "pipeline",
        "routing",
        "privacy",
        "insight",
    )

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_used

        from django.db.models.signals import post_delete, post_save

        from ats.organisations import second_factor

        # Each accepted authenticator code marks the session as having passed the second factor.
        authenticator_used.connect(second_factor.on_authenticator_used, dispatch_uid="ats-second-factor-used")
        authenticator_added.connect(
            second_factor.on_authenticator_added, dispatch_uid="ats-second-factor-added"
        )

        from ats.applications import checks  # noqa: F401 (registers the deploy checks)
        from ats.jobs.search_page import JobSearchPage
        from cms.chrome import purge_chrome_cache

        # JobSearchPage.current() is kept with the chrome; publishing purges it too, but a page saved
        # in code (seed_demo, tests) is live without being published.
        for signal in (post_save, post_delete):
            signal.connect(
                purge_chrome_cache, sender=JobSearchPage, dispatch_uid=f"purge-chrome-jobs-{signal!r}"
            )
