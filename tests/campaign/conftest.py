"""Campaign site fixtures shared with tests/campaign."""

from tests.fixtures.campaign_site import *  # noqa: F403
