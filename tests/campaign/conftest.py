"""Campaign site fixtures shared with tests/campaign."""

from tests.fixtures.campaign_site import *  # noqa: F403
from tests.fixtures.campaign_site import _clear_cache  # noqa: F401  (star imports skip _names)
