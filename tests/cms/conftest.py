"""Campaign site fixtures shared with tests/cms."""

from tests.fixtures.campaign_site import *  # noqa: F403
