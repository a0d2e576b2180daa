"""The ATS's demo data, seeded by `manage.py seed_demo` (campaign) in this order: reference data,
employers and their jobs (`employers`), staff and jobseeker accounts (`accounts`), applications
through the pipeline (`recruitment`), routing rules and academies' capacity (`routing`).
Fictional employers; real councils, trusts and AfC pay."""

from ats.demo.accounts import (
    DEMO_ACCOUNT_COUNT,
    REGIONAL_ADMIN,
    DemoAccount,
    demo_user,
    save_credentials,
    saved_accounts,
    saved_credentials,
    seed_jobseeker,
    seed_staff,
)
from ats.demo.employers import seed, seed_reference_data
from ats.demo.recruitment import seed_recruitment
from ats.demo.routing import seed_routing

__all__ = [
    "DEMO_ACCOUNT_COUNT",
    "REGIONAL_ADMIN",
    "DemoAccount",
    "demo_user",
    "save_credentials",
    "saved_accounts",
    "saved_credentials",
    "seed",
    "seed_jobseeker",
    "seed_recruitment",
    "seed_reference_data",
    "seed_routing",
    "seed_staff",
]
