"""manage.py seed_demo: idempotent demo content. Each app adds its part in its own demo module."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ADMIN_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create or refresh the demo site, reference data, organisations, vacancies and demo admin."

    def add_arguments(self, parser):
        parser.add_argument("--no-postcodes", action="store_true", help="Skip loading 100,000 postcode units")

    def handle(self, *args, **options):
        from ats import demo as ats_demo
        from campaign import demo as campaign_demo

        ats_demo.seed_reference_data(self.stdout, postcodes=not options["no_postcodes"])
        with transaction.atomic():
            ats_demo.seed(self.stdout)
            ats_demo.seed_routing(self.stdout)
            campaign_demo.seed(self.stdout)
            ats_demo.seed_pages(self.stdout)
            self._demo_admin()

    def _demo_admin(self) -> None:
        User = get_user_model()
        credentials_file = Path(settings.BASE_DIR) / ".demo-admin"
        password = None
        if credentials_file.exists():
            saved = credentials_file.read_text().strip().split(" / ")
            if len(saved) == 2:
                password = saved[1]
        user = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
        if user is None or password is None or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            user = user or User(email=DEMO_ADMIN_EMAIL, first_name="Demo", last_name="Admin")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_ADMIN_EMAIL, defaults={"verified": True, "primary": True}
        )
        credentials_file.write_text(f"{DEMO_ADMIN_EMAIL} / {password}\n")
        self.stdout.write(f"Demo admin: {DEMO_ADMIN_EMAIL} / {password}")
