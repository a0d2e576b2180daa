from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    verbose_name = "Recruitment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_used

        from django.db.models.signals import post_delete, post_save

        from ats import second_factor

        # Each accepted authenticator code marks the session as having passed the second factor.
        authenticator_used.connect(second_factor.on_authenticator_used, dispatch_uid="ats-second-factor-used")
        authenticator_added.connect(
            second_factor.on_authenticator_added, dispatch_uid="ats-second-factor-added"
        )

        from ats import checks  # noqa: F401 (registers the deploy checks)
        from ats.models import JobSearchPage
        from cms.chrome import purge_chrome_cache

        # JobSearchPage.current() is kept with the chrome; publishing purges it too, but a page saved
        # in code (seed_demo, tests) is live without being published.
        for signal in (post_save, post_delete):
            signal.connect(
                purge_chrome_cache, sender=JobSearchPage, dispatch_uid=f"purge-chrome-jobs-{signal!r}"
            )
