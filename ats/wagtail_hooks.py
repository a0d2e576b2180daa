"""Wagtail hooks for ats. Routing registers its admin views from ats/routing_admin.py."""

from ats import routing_admin  # noqa: F401
