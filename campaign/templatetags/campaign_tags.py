from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


def _money(value: Decimal) -> str:
    if value >= 1000:
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


@register.filter
def pay_text(vacancy) -> str:
    """'£12.60 to £13.50 an hour', 'NHS Agenda for Change Band 3' or ''."""
    if vacancy.afc_band:
        return f"NHS Agenda for Change Band {vacancy.afc_band}"
    if vacancy.pay_min is None:
        return ""
    period = "an hour" if vacancy.pay_period == "hour" else "a year"
    if vacancy.pay_max and vacancy.pay_max != vacancy.pay_min:
        return f"{_money(vacancy.pay_min)} to {_money(vacancy.pay_max)} {period}"
    return f"{_money(vacancy.pay_min)} {period}"


@register.filter
def money(value) -> str:
    return _money(Decimal(value)) if value is not None else ""


@register.filter
def safe_richtext(value):
    """Wagtail's `|richtext`, sanitised: safe even if the database holds script or javascript: links."""
    from campaign.rich_text import render_rich_text

    return render_rich_text(value)


@register.simple_tag(takes_context=True)
def story_cards(context, stories):
    """A card for each story (campaign.cards.story_card)."""
    from campaign.cards import story_cards

    return story_cards(stories, context.get("request"))


@register.simple_tag(takes_context=True)
def event_cards(context, events):
    """A card for each event (campaign.cards.event_card)."""
    from campaign.cards import event_cards

    return event_cards(events, context.get("request"))


@register.simple_tag
def job_cards(vacancies):
    """A card for each job (campaign.cards.job_card)."""
    from campaign.cards import job_cards

    return job_cards(vacancies)


@register.simple_tag
def page_hero(heading, text="", image=None, cta_text="", cta_url=""):
    """The page's hero: heading, a line of text, a call to action and a photo (campaign.block_markup.page_hero)."""
    from django.utils.safestring import SafeString

    from campaign.block_markup import page_hero

    return SafeString(page_hero(heading, text, image, cta_text, cta_url))  # nosec B703  # every value escaped


@register.simple_tag(takes_context=True)
def academy_finder(context, value):
    """The postcode form that finds your care academy (campaign.block_markup.academy_finder), for a
    page that shows it outside its StreamField."""
    from django.utils.safestring import SafeString

    from campaign.block_markup import academy_finder, block_id

    return SafeString(academy_finder(value, block_id(context, "box")))  # nosec B703  # every value escaped


@register.simple_tag(takes_context=True)
def page_markup(context, name):
    """A page type's content, written in Python (campaign.page_markup)."""
    from django.utils.safestring import SafeString

    from campaign.page_markup import PAGES

    return SafeString(PAGES[name](context))  # nosec B703  # every value escaped
