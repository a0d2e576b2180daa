"""manage.py seed_demo [--no-postcodes] [--force]: the demo content. Each app adds its part in its
own demo module; the command lives in campaign, the app that stands on the others.

The first run seeds everything (about a minute, with progress) and writes a stamp, `.demo-seeded`,
naming the database and a fingerprint of what the seed depends on (the demo modules, the migrations
on disk, the reference data). A later run whose stamp, database and demo admin all still match skips
the seeding and takes seconds; any change reseeds (idempotently). Every run points the Wagtail site
at SITE_URL and prints the demo accounts."""

import hashlib
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

# What the demo content is made from: a change to any of these reseeds.
SEED_SOURCES = [
    "ats/demo",
    "ats/places/reference.py",
    "ats/places/reference_data.py",
    "campaign/demo",
    "campaign/management/commands/seed_demo.py",
]
MIGRATION_FOLDERS = ["ats/migrations", "campaign/migrations", "cms/migrations"]


def fingerprint(*, postcodes: bool) -> str:
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(f"postcodes={postcodes}\n".encode())
    for name in SEED_SOURCES:
        path = base / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.relative_to(base).as_posix().encode())
            digest.update(source.read_bytes() if source.exists() else b"")
    for folder in MIGRATION_FOLDERS:
        for path in sorted((base / folder).glob("*.py")):
            digest.update(path.name.encode())
    directory = Path(settings.REFERENCE_DATA_DIR)
    digest.update(str(directory.resolve()).encode())
    for path in sorted(directory.glob("*.csv*")):
        digest.update(f"{path.name}:{path.stat().st_size}".encode())
    return digest.hexdigest()


def database_name() -> str:
    db = connection.settings_dict
    return f"{db['ENGINE']}:{db.get('HOST') or ''}:{db['NAME']}"


class Command(BaseCommand):
    help = "Create or refresh the demo site, reference data, organisations, vacancies and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--no-postcodes", action="store_true", help="Skip loading 78,000 postcode units")
        parser.add_argument("--force", action="store_true", help="Seed again even if the demo is seeded")

    def handle(self, *args, **options):
        from ats import demo as ats_demo
        from campaign import demo as campaign_demo
        from campaign.models import HomePage
        from cms.models import User

        stamp_file = Path(settings.BASE_DIR) / ".demo-seeded"
        stamp = f"{database_name()}\n{fingerprint(postcodes=not options['no_postcodes'])}\n"
        seeded = (
            not options["force"]
            and stamp_file.exists()
            and stamp_file.read_text() == stamp
            and HomePage.objects.exists()
            and User.objects.filter(email=ats_demo.REGIONAL_ADMIN[0]).exists()
        )
        saved = ats_demo.saved_credentials()
        if seeded:
            self.stdout.write("The demo is already seeded (manage.py seed_demo --force seeds it again).")
            if len(saved) < ats_demo.DEMO_ACCOUNT_COUNT:  # .demo-accounts was removed: make them again
                with transaction.atomic():
                    self._save_accounts(ats_demo, campaign_demo, ats_demo.seed_staff(saved), saved)
        else:
            self.stdout.write("Seeding the demo: reference data, employers, jobs, the campaign site...")
            started = time.monotonic()
            self._step("reference data", ats_demo.seed_reference_data, self.stdout,
                       postcodes=not options["no_postcodes"], progress=self._progress)  # fmt: skip
            with transaction.atomic():
                self._step("employers and jobs", ats_demo.seed, self.stdout)
                staff = self._step("staff accounts", ats_demo.seed_staff, saved)
                self._step("applications", ats_demo.seed_recruitment, self.stdout)
                self._step("routing", ats_demo.seed_routing, self.stdout)
                self._step("campaign site", campaign_demo.seed, self.stdout)
                self._step("job search page", campaign_demo.seed_job_search_page, self.stdout)
                self._save_accounts(ats_demo, campaign_demo, staff, saved)
            stamp_file.write_text(stamp)
            self.stdout.write(f"Seeded in {time.monotonic() - started:.0f} s.")
        site = campaign_demo.point_site_at(settings.SITE_URL)
        if site:
            self.stdout.write(f"Site: {site.root_url}/ (from SITE_URL)")
        self._print_accounts(ats_demo.saved_accounts())

    @staticmethod
    def _save_accounts(ats_demo, campaign_demo, staff, saved) -> None:
        """Regional admin first, then the editors, the organisations' staff, the jobseeker."""
        editors = campaign_demo.seed_editors(saved)
        ats_demo.save_credentials(staff[:1] + editors + staff[1:] + ats_demo.seed_jobseeker(saved))

    def _step(self, label, function, *args, **kwargs):
        started = time.monotonic()
        result = function(*args, **kwargs)
        self.stdout.write(f"  {label}: {time.monotonic() - started:.1f} s")
        return result

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        line = f"\r  {label:<10} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if self.stdout.isatty():
            sys.stdout.write(line + ("\n" if done == total else ""))
            sys.stdout.flush()
        elif done == total:
            self.stdout.write(line.strip("\r"))

    def _print_accounts(self, accounts) -> None:
        self.stdout.write("\nDemo accounts (also in .demo-accounts):")
        for account in accounts:
            self.stdout.write(f"  {account.label}\n    {account.email}  password: {account.password}")
            if account.totp_secret:
                self.stdout.write(f"    authenticator secret: {account.totp_secret}")
        self.stdout.write(
            "Staff accounts sign in with the password, then a 6-digit code from an authenticator app\n"
            "(Google Authenticator, Microsoft Authenticator, 1Password...): in the app, add an account\n"
            'with "enter a setup key" and type the secret shown. The jobseeker needs no code.\n'
        )
