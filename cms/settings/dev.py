"""Local demo: the embedded defaults with DEBUG on."""

from cms.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
