"""What the staff layout offers a signed-in member: the portal's sections their role can use, and
whether they may add vacancies. Every link shown opens for them (no 404 or 403 behind it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from ats.organisations.models import Membership, Organisation
from ats.organisations.permissions import (
    WRITE_ROLES,
    can_use_portal,
    councils_for,
    is_regional_admin,
    roles_for,
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: str  # "page" (this page), "true" (a page in this section) or "" (elsewhere)


def can_add_vacancies(user) -> bool:
    """Create or import vacancies: regional admins, and members who may change some organisation."""
    return is_regional_admin(user) or any(role in WRITE_ROLES for role in roles_for(user).values())


def can_see_equality_reports(user) -> bool:
    return is_regional_admin(user) or Membership.Role.ADMIN in roles_for(user).values()


def runs_courses(user) -> bool:
    """Academy courses: regional admins and members of an academy."""
    return (
        is_regional_admin(user)
        or Organisation.objects.filter(pk__in=list(roles_for(user)), kind=Organisation.Kind.ACADEMY).exists()
    )


def continue_link(user) -> tuple[str, str]:
    """Where someone goes on after setting up two-step sign-in: (link text, address). Staff who
    use the portal start there; CMS editors in the CMS; anyone else on their own dashboard."""
    if can_use_portal(user):
        return "Continue to your portal", reverse("recruit:dashboard")
    if councils_for(user).exists():
        return "Continue to the council figures", reverse("recruit:council-insight")
    if user.is_authenticated and user.is_staff:
        return "Continue to the content management system", reverse("wagtailadmin_home")
    return "Continue to your account", reverse("candidate:dashboard")


def _current(path: str, url: str, *, section: bool) -> str:
    if path == url:
        return "page"
    return "true" if section and path.startswith(url) else ""


def staff_navigation(user, path: str) -> list[NavItem]:
    """The sections this user may open, in order; the one holding `path` is marked current."""
    if not can_use_portal(user):
        return []
    sections = [("Dashboard", reverse("recruit:dashboard"), False)]
    sections.append(("Vacancies", reverse("recruit:vacancy-list"), True))
    if is_regional_admin(user):
        sections.append(("Approvals", reverse("recruit:approvals"), True))
    sections.append(("Enquiries", reverse("routing:inbox"), True))
    if runs_courses(user):
        sections.append(("Courses", reverse("routing:cohorts"), True))
    sections.append(("Organisations", reverse("recruit:organisation-list"), True))
    sections.append(("Insight", reverse("recruit:insight"), True))
    if can_see_equality_reports(user):
        sections.append(("Equality", reverse("equality:index"), True))
    items = [NavItem(label, url, _current(path, url, section=section)) for label, url, section in sections]
    # "Enquiries" (/recruit/enquiries/) holds Courses (/recruit/enquiries/courses/): the longest match wins.
    marked = [item for item in items if item.current]
    if len(marked) > 1:
        keep = max(marked, key=lambda item: (item.current == "page", len(item.url)))
        items = [
            item if item is keep or not item.current else NavItem(item.label, item.url, "") for item in items
        ]
    return items
