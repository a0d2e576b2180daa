from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Campaign site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ats.privacy import registry
        from campaign.privacy import EVENT_REGISTRATIONS

        registry.register(EVENT_REGISTRATIONS)  # export, erase and the dashboard's events
