"""The staff layout's navigation and role checks for templates (the data; the markup is in
templates/ats/recruit/)."""

from __future__ import annotations

from django import template

from ats.organisations import staff_navigation as nav

register = template.Library()


@register.inclusion_tag("ats/recruit/_service_navigation.html", takes_context=True)
def service_navigation(context) -> dict:
    request = context["request"]
    return {"items": nav.staff_navigation(request.user, request.path), "request": request}


@register.simple_tag(takes_context=True)
def can_add_vacancies(context) -> bool:
    return nav.can_add_vacancies(context["request"].user)


@register.simple_tag(takes_context=True)
def continue_link(context) -> tuple[str, str]:
    """(text, address) of the way on after setting up two-step sign-in."""
    return nav.continue_link(context["request"].user)
