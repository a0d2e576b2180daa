"""The campaign page types' own markup (what each template wrote inside `{% block content %}`),
written in Python.

Each page template looped over its listing with `{% srcset_image %}`, `{% pageurl %}`, the `date`
and `pluralize` filters and a dozen variable lookups per card (each tries a dict key, then an
attribute, then an index), and included components/pagination.html: on an index page, most of
the time spent in its template. Here each page's content is one function of the page's template
context returning one string, every value escaped as `{{ value }}` escaped it (`cms.markup.escaped`),
rich text as `|safe_richtext` renders it, images as the image tags write them
(cms.templatetags.cms_images) and the cards as campaign.cards writes them, so the HTML is the same
byte for byte, down to the templates' blank lines (tests/campaign/test_page_markup.py renders the
old templates and compares).

Page templates keep `{% extends "base.html" %}` and their title and body-class blocks, and write
their content with `{% page_markup "role_index" %}` (campaign_tags). The academy page's
registration form is written as the shared form templates write it (cms.form_markup).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.timezone import template_localtime

from campaign.block_markup import block_id
from campaign.cards import _page_url, clock, event_cards, job_cards, story_cards
from campaign.rich_text import render_rich_text
from campaign.templatetags.campaign_tags import money
from cms.form_markup import error_summary, form_errors, form_fields
from cms.markup import escaped as _e
from cms.templatetags.cms_images import srcset_img

CARD_IMAGE = ("fill-{480x360,960x720}", "format-webp")
CARD_IMAGE_ATTRS = {
    "sizes": "(max-width: 48rem) 100vw, 22rem",
    "loading": "lazy",
    "class": "card__image",
    "alt": "",
}
EVENT_IMAGE = ("fill-{480x270,960x540}", "format-webp")


def _plural(count) -> str:
    """`{{ count|pluralize }}` for a whole number."""
    return "" if count == 1 else "s"


def _day(value) -> str:
    """`value|date:"j F Y"` (e.g. "5 June 2026")."""
    return "" if value in (None, "") else f"{value.day} {MONTHS[value.month]} {value.year:04d}"


def _intro(page) -> str:
    """`{% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}`."""
    intro = page.intro
    return f'<div class="lead rich-text">{render_rich_text(intro)}</div>' if intro else ""


def _include_block(context, value) -> str:
    """`{% include_block value %}`: a StreamField rendered with (a copy of) the page's context."""
    if hasattr(value, "render_as_block"):
        value = value.render_as_block(context=context.flatten())
    return _e(value)


def _csrf_input(context) -> str:
    """`{% csrf_token %}`."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker for no token, not a password
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">'


def _index(page, content: str) -> str:
    """What the index pages share: their title and intro, then their own content, in a container."""
    return f'\n<div class="container">\n  <h1>{_e(page.title)}</h1>\n  {_intro(page)}\n{content}</div>\n'


def pagination(page_obj) -> str:
    """components/pagination.html, as `{% include %}` wrote it (its final newline too)."""
    if not page_obj.has_other_pages():
        return "\n"
    previous = (
        f'<a rel="prev" href="?page={_e(page_obj.previous_page_number())}">Previous'
        '<span class="visually-hidden"> page</span></a>'
        if page_obj.has_previous()
        else ""
    )
    following = (
        f'<a rel="next" href="?page={_e(page_obj.next_page_number())}">Next'
        '<span class="visually-hidden"> page</span></a>'
        if page_obj.has_next()
        else ""
    )
    return (
        '\n<nav class="pagination" aria-label="Pages">\n'
        f"  {previous}\n"
        f"  <span>Page {_e(page_obj.number)} of {_e(page_obj.paginator.num_pages)}</span>\n"
        f"  {following}\n"
        "</nav>\n\n"
    )


def _card_image(image) -> str:
    return srcset_img(image, CARD_IMAGE, CARD_IMAGE_ATTRS) if image else ""


def story_index(context) -> str:
    """campaign/story_index_page.html: the filter form, a page of story cards and its pagination."""
    page, form, stories = context["page"], context.get("filter_form"), context.get("stories")
    if stories:
        listing = (
            f'\n    <ul class="card-grid">{story_cards(stories, context.get("request"))}</ul>\n'
            f"    {pagination(stories)}\n  "
        )
    else:
        listing = (
            f'\n    <p class="empty">No stories match. <a href="{_e(page.url)}">Show all stories</a>.</p>\n  '
        )
    role, area = form["role"], form["area"]
    return _index(
        page,
        '  <form method="get" class="filters" aria-label="Filter stories">\n'
        f'    <div class="form-group"><label class="label" for="{_e(role.id_for_label)}">Role</label>{_e(role)}</div>\n'
        f'    <div class="form-group"><label class="label" for="{_e(area.id_for_label)}">Area</label>{_e(area)}</div>\n'
        '    <button class="button button--secondary" type="submit">Show stories</button>\n'
        "  </form>\n"
        f"  {listing}\n",
    )


def _card(page, request, text, before: str = "") -> str:
    """A card on an index page: its image or date lines (`before`), the page's title linked, a line of text."""
    return (
        f'\n    <li class="card">\n{before}'
        f'      <h2 class="card__title"><a href="{_page_url(page, request)}">{_e(page.title)}</a></h2>\n'
        f"      <p>{_e(text)}</p>\n"
        "    </li>\n    "
    )


def role_index(context) -> str:
    """campaign/role_index_page.html: a card for each role profile."""
    page, request = context["page"], context.get("request")
    cards = "".join(
        _card(role, request, role.summary, f"      {_card_image(role.image)}\n")
        for role in context.get("roles") or ()
    )
    return _index(page, f'  <ul class="card-grid">\n    {cards}\n  </ul>\n')


def _article_card(article, request) -> str:
    day = article.date
    return _card(
        article,
        request,
        article.summary,
        f"      {_card_image(article.image)}\n"
        f'      <p class="card__date"><time datetime="{_e(day.isoformat())}">{_e(_day(day))}</time></p>\n',
    )


def news_index(context) -> str:
    """campaign/news_index_page.html: a page of article cards and its pagination."""
    page, request, articles = context["page"], context.get("request"), context.get("articles")
    if articles:
        cards = "".join(_article_card(article, request) for article in articles)
        listing = f'\n  <ul class="card-grid">\n    {cards}\n  </ul>\n  {pagination(articles)}\n  '
    else:
        listing = '<p class="empty">No news yet.</p>'
    return _index(page, f"  {listing}\n")


def academy_index(context) -> str:
    """campaign/academy_index_page.html: the academy finder and a card for each academy."""
    from campaign.block_markup import academy_finder

    page, request = context["page"], context.get("request")
    cards = "".join(_card(academy, request, academy.intro) for academy in context.get("academies") or ())
    return _index(
        page,
        f"  {academy_finder(context.get('finder'), block_id(context, 'box'))}\n"
        f'  <ul class="card-grid">\n    {cards}\n  </ul>\n',
    )


def area_index(context) -> str:
    """campaign/area_index_page.html: a link to each area page."""
    page, request = context["page"], context.get("request")
    links = "".join(
        f'<li><a href="{_page_url(area, request)}">{_e(area.local_authority.name)}</a></li>'
        for area in context.get("areas") or ()
    )
    return _index(page, f'  <ul class="link-grid">{links}</ul>\n')


def event_index(context) -> str:
    """campaign/event_index_page.html: the events coming up, then the latest past ones."""
    page, request = context["page"], context.get("request")
    upcoming, past = context.get("upcoming"), context.get("past")
    coming = (
        f'<ul class="card-grid">{event_cards(upcoming, request)}</ul>\n  '
        if upcoming
        else '<p class="empty">There are no events coming up right now. Check back soon.</p>'
    )
    gone = (
        f'<h2>Past events</h2><ul class="card-grid card-grid--muted">{event_cards(past, request)}</ul>'
        if past
        else ""
    )
    return _index(page, f"  <h2>Coming up</h2>\n  {coming}\n  {gone}\n")


AREA_HERO_ATTRS = {"sizes": "(max-width: 48rem) 100vw, 36rem", "class": "hero__image"}


def area(context) -> str:
    """campaign/area_page.html: the area's hero, its figures, its academy, jobs and events."""
    page, request = context["page"], context.get("request")
    council = _e(page.local_authority.name)
    jobs_url = _e(context.get("jobs_url"))
    job_count, employer_count = context.get("job_count"), context.get("employer_count")
    image = page.image
    media = (
        '<div class="hero__media">'
        f"{srcset_img(image, CARD_IMAGE, {**AREA_HERO_ATTRS, 'alt': image.alt, 'fetchpriority': 'high'})}</div>"
        if image
        else ""
    )
    figures = "".join(
        f'<li class="stat"><span class="stat__figure">{_e(value["figure"])}</span> '
        f'<span class="stat__label">{_e(value["label"])}</span>'
        f"{f'<span class="stat__source">Source: {_e(value["source"])}</span>' if value['source'] else ''}</li>"
        for value in (figure.value for figure in page.figures)
    )
    academy = context.get("academy")
    cta = (
        '\n  <section class="cta">\n'
        f'    <h2 class="cta__heading">New to care? Start at {_e(academy.title)}</h2>\n'
        f"    <p>{_e(academy.intro)}</p>\n"
        f'    <a class="button button--accent" href="{_e(academy.url)}">About {_e(academy.title)}</a>\n'
        "  </section>\n  "
        if academy
        else ""
    )
    vacancies = context.get("vacancies")
    if vacancies:
        jobs = (
            f'\n      <ul class="card-grid">{job_cards(vacancies)}</ul>\n'
            f'      <p><a href="{jobs_url}">See all jobs in {council}</a></p>\n    '
        )
    else:
        jobs = (
            f'\n      <p class="empty">There are no jobs in {council} right now.</p>\n'
            '      <p><a href="/jobs/">Search all care jobs</a></p>\n    '
        )
    events = context.get("events")
    if events:
        events_html = f'<ul class="card-grid">{event_cards(events, request)}</ul>\n    '
    else:
        events_html = f'<p class="empty">There are no events in {council} coming up.</p>'
    return (
        f'\n<section class="hero{" hero--image" if image else ""}">\n'
        '  <div class="container hero__inner">\n'
        '    <div class="hero__content">\n'
        f'      <h1 class="hero__heading">{_e(page.title)}</h1>\n'
        f'      <div class="hero__text rich-text">{render_rich_text(page.intro)}</div>\n'
        f'      <a class="button button--large" href="{jobs_url}">See {_e(job_count)} job{_plural(job_count)} '
        f"in {council}</a>\n"
        "    </div>\n"
        f"    {media}\n"
        "  </div>\n"
        "</section>\n"
        '<div class="container stream">\n'
        '  <section class="stats">\n'
        f"    <h2>Care in {council}</h2>\n"
        '    <ul class="stats__list">\n'
        f'      <li class="stat"><span class="stat__figure">{_e(job_count)}</span> '
        f'<span class="stat__label">live care job{_plural(job_count)} on this site</span></li>\n'
        f'      <li class="stat"><span class="stat__figure">{_e(employer_count)}</span> '
        f'<span class="stat__label">employer{_plural(employer_count)} hiring now</span></li>\n'
        f"      {figures}\n"
        "    </ul>\n"
        "  </section>\n"
        f"  {cta}\n"
        '  <section class="featured-jobs">\n'
        f"    <h2>Jobs in {council}</h2>\n"
        f"    {jobs}\n"
        "  </section>\n"
        '  <section class="events">\n'
        "    <h2>Events near you</h2>\n"
        f"    {events_html}\n"
        "  </section>\n"
        f"  {_include_block(context, page.body)}\n"
        "</div>\n"
    )


def _progression_step(value) -> str:
    role_page, title, text = value["role_page"], _e(value["title"]), value["text"]
    link = f'<a href="{_e(role_page.url)}">{title}</a>' if role_page else title
    return f'<li class="steps__item"><strong>{link}</strong>{f"<br>{_e(text)}" if text else ""}</li>'


def _pay_panel(pay) -> str:
    hourly = ""
    if pay.has_hourly:
        hourly = (
            f'<p class="panel__figure">{_e(money(pay.low))} to {_e(money(pay.high))} an hour</p>'
            f'<p class="hint">From {_e(pay.vacancy_count)} live job{_plural(pay.vacancy_count)} on this site.</p>'
        )
    bands = "".join(
        f'<p class="panel__figure">NHS Band {_e(band)}: {_e(money(low))} to {_e(money(high))} a year</p>'
        '<p class="hint">Agenda for Change pay for NHS posts.</p>'
        for band, low, high in pay.afc_bands
    )
    none = (
        "<p>There are no live jobs for this role right now, so we can't show current pay.</p>"
        if not pay.has_hourly and not pay.afc_bands
        else ""
    )
    return f"      {hourly}\n      {bands}\n      {none}\n"


def role_profile(context) -> str:
    """campaign/role_profile_page.html: the role's hero, what the job is, where it leads, its pay
    and its jobs."""
    from campaign.block_markup import page_hero

    page = context["page"]
    jobs_url = context.get("jobs_url")
    day, skills = page.day_in_the_life, page.skills
    day_html = (
        f'<h2>A day in the life</h2><div class="rich-text">{render_rich_text(day)}</div>' if day else ""
    )
    skills_html = (
        f'<h2>Skills you need</h2><div class="rich-text">{render_rich_text(skills)}</div>' if skills else ""
    )
    progression = page.progression
    steps = (
        "\n    <h2>Where it can lead</h2>\n"
        '    <ol class="steps">\n'
        f"      {''.join(_progression_step(step.value) for step in progression)}\n"
        "    </ol>\n    "
        if progression
        else ""
    )
    vacancies = context.get("vacancies")
    if vacancies:
        jobs = (
            f'\n      <ul class="card-grid">{job_cards(vacancies)}</ul>\n'
            f'      <p><a href="{_e(jobs_url)}">See all {_e(page.title.lower())} jobs</a></p>\n    '
        )
    else:
        jobs = (
            '\n      <p class="empty">There are no jobs for this role right now.</p>\n'
            '      <p><a href="/jobs/">Search all care jobs</a></p>\n    '
        )
    return (
        "\n"
        f"{page_hero(page.title, page.summary, page.image, 'See jobs for this role', jobs_url)}\n"
        '<div class="container layout">\n'
        '  <div class="layout__main prose">\n'
        "    <h2>What you would do</h2>\n"
        f'    <div class="rich-text">{render_rich_text(page.what_you_do)}</div>\n'
        f"    {day_html}\n"
        f"    {skills_html}\n"
        f"    {steps}\n"
        f"    {_include_block(context, page.body)}\n"
        "  </div>\n"
        '  <aside class="layout__side" aria-labelledby="pay-heading">\n'
        '    <div class="panel">\n'
        '      <h2 id="pay-heading">Pay</h2>\n'
        f"{_pay_panel(context.get('pay'))}"
        "    </div>\n"
        "  </aside>\n"
        "</div>\n"
        '<div class="container">\n'
        '  <section class="featured-jobs">\n'
        "    <h2>Jobs for this role</h2>\n"
        f"    {jobs}\n"
        "  </section>\n"
        "</div>\n"
    )


def _cohort(value) -> str:
    venue, places = value["venue"], value["places"]
    return (
        f"<li><strong>{_e(value['name'])}</strong><br>Starts {_e(_day(value['start_date']))}"
        f"{f', {_e(venue)}' if venue else ''}{f'<br>{_e(places)}' if places else ''}</li>"
    )


def _interest_form(context, page, form) -> str:
    """The 'Register your interest' panel, its form written by the shared form templates."""
    return (
        "\n"
        '    <section id="register-interest" class="panel" aria-labelledby="register-interest-title">\n'
        f"      {form_errors(form)}\n"
        '      <h2 id="register-interest-title">Register your interest</h2>\n'
        f"      <p>Leave your details and {_e(page.organisation.name)} will contact you about its free "
        "training, usually within 5 working days. You don't need any experience.</p>\n"
        f'      <form method="post" action="{_e(page.url)}#register-interest" novalidate>\n'
        f"        {_csrf_input(context)}\n"
        f"        {form_fields(form)}\n"
        '        <button class="button" type="submit">Register your interest</button>\n'
        "      </form>\n"
        f'      <p class="hint"><a href="{_e(reverse("privacy-notice"))}">How we use your data</a></p>\n'
        "    </section>\n    "
    )


def academy(context) -> str:
    """campaign/academy_page.html: the academy's hero, programme, registration form, next courses
    and events."""
    from campaign.block_markup import page_hero

    page = context["page"]
    register_href = context.get("register_href")
    form = context.get("interest_form")
    cohorts = page.cohorts
    if cohorts:
        courses = (
            '\n      <ul class="plain-list">\n'
            f"        {''.join(_cohort(cohort.value) for cohort in cohorts)}\n"
            "      </ul>\n      "
        )
    else:
        courses = "<p>New dates are coming soon. Register your interest and we'll tell you first.</p>"
    register = (
        f'<a class="button" href="{_e(register_href)}">Register your interest</a>' if register_href else ""
    )
    events = context.get("events")
    events_html = (
        '<div class="container"><section class="events"><h2>Information sessions and events</h2>'
        f'<ul class="card-grid">{event_cards(events, context.get("request"))}</ul></section></div>'
        if events
        else ""
    )
    return (
        "\n"
        f"{page_hero(page.title, page.intro, page.image, 'Register your interest', register_href)}\n"
        '<div class="container layout">\n'
        '  <div class="layout__main prose">\n'
        "    <h2>The programme</h2>\n"
        f'    <div class="rich-text">{render_rich_text(page.programme)}</div>\n'
        f"    {_include_block(context, page.body)}\n"
        f"    {_interest_form(context, page, form) if form else ''}\n"
        "  </div>\n"
        '  <aside class="layout__side">\n'
        '    <div class="panel">\n'
        "      <h2>Next courses</h2>\n"
        f"      {courses}\n"
        f"      {register}\n"
        "    </div>\n"
        "  </aside>\n"
        "</div>\n"
        f"{events_html}\n"
    )


def _where(page) -> str:
    if page.is_online:
        return "Online – we'll email you the link"
    address, postcode = page.address, page.postcode
    return f"{_e(page.venue_name)}{f'<br>{_e(address)}' if address else ''}{f'<br>{_e(postcode)}' if postcode else ''}"


def event(context) -> str:
    """campaign/event_page.html: the event, when and where it is, and how to register."""
    page = context["page"]
    places_left, is_full = context.get("places_left"), context.get("is_full")
    is_past = page.is_past
    image = page.image
    img = (
        srcset_img(
            image,
            EVENT_IMAGE,
            {"sizes": "(max-width: 48rem) 100vw, 44rem", "class": "event__image", "alt": image.alt},
        )
        if image
        else ""
    )
    start, end = template_localtime(page.start), template_localtime(page.end)
    places = ""
    if places_left is not None and not is_past:
        places = f"<dt>Places</dt><dd>{'None left' if is_full else f'{_e(places_left)} left'}</dd>"
    if is_past:
        action = (
            '\n        <p class="notice"><strong>This event has already taken place.</strong> '
            f'<a href="{_e(page.get_parent().url)}">See upcoming events</a>.</p>\n      '
        )
    elif is_full:
        action = (
            '\n        <p class="notice"><strong>This event is full.</strong> '
            f'<a href="{_e(page.get_parent().url)}">See other events</a>.</p>\n      '
        )
    else:
        action = f'\n        <a class="button button--large" href="{_e(page.url)}register/">Register for this event</a>\n      '
    return (
        "\n"
        '<div class="container layout">\n'
        '  <div class="layout__main">\n'
        f'    <p class="caption">{_e(page.get_kind_display())}</p>\n'
        f"    <h1>{_e(page.title)}</h1>\n"
        f'    <p class="lead">{_e(page.summary)}</p>\n'
        f"    {img}\n"
        f'    <div class="prose">{_include_block(context, page.body)}</div>\n'
        "  </div>\n"
        '  <aside class="layout__side">\n'
        '    <div class="panel">\n'
        "      <h2>When and where</h2>\n"
        '      <dl class="summary-list">\n'
        f'        <dt>Date</dt><dd><time datetime="{_e(start.isoformat())}">'  # `|date:'c'`
        f"{_e(WEEKDAYS[start.weekday()])} {_e(_day(start))}</time></dd>\n"
        f"        <dt>Time</dt><dd>{_e(clock(start))} to {_e(clock(end))}</dd>\n"
        f"        <dt>Where</dt><dd>{_where(page)}</dd>\n"
        f"        {places}\n"
        "      </dl>\n"
        f"      {action}\n"
        "    </div>\n"
        "  </aside>\n"
        "</div>\n"
    )


def _quiz_result(page, result) -> str:
    """The quiz's answer: its unanswered questions, or the roles that could suit and a next step."""
    if result.unanswered:
        links = "".join(
            f'<li><a href="#q{_e(number)}-0">Answer question {_e(number)}</a></li>'
            for number in result.unanswered
        )
        inner = (
            '\n      <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="quiz-errors">'
            '<h2 class="error-summary__title" id="quiz-errors">There is a problem</h2>\n'
            f'        <ul class="error-summary__list">{links}</ul></div>\n    '
        )
        return f"\n    {inner}\n  "
    roles = result.roles
    roles_html = (
        '\n      <ul class="plain-list">'
        + "".join(
            f'<li><a href="{_e(role.url)}">{_e(role.title)}</a> – {_e(role.summary)}</li>' for role in roles
        )
        + "</ul>\n      "
        if roles
        else ""
    )
    finder_url = _e(reverse("academy-finder"))
    if result.new_to_care:
        finder_page = page.academy_finder_page
        all_academies = (
            f'<p><a href="{_e(finder_page.url)}">Or see all the care academies</a></p>' if finder_page else ""
        )
        step = (
            f"\n        <p>{_e(page.academy_text)}</p>\n"
            f'        <form method="get" action="{finder_url}" class="inline-form">\n'
            '          <input type="hidden" name="next" value="register">\n'
            '          <div class="form-group">\n'
            '            <label class="label" for="quiz-postcode">Your postcode</label>\n'
            '            <div class="hint" id="quiz-postcode-hint">We\'ll take you to your local academy\'s form. '
            "For example, NE1 4ST</div>\n"
            '            <input class="input input--width-10" id="quiz-postcode" name="postcode" type="text" '
            'autocomplete="postal-code" aria-describedby="quiz-postcode-hint">\n'
            "          </div>\n"
            '          <button class="button" type="submit">Register interest with your local academy</button>\n'
            "        </form>\n"
            f"        {all_academies}\n"
            f'        <p><a href="{_e(result.jobs_url)}">Or search these jobs now</a></p>\n      '
        )
    else:
        step = (
            f'\n        <p><a class="button" href="{_e(result.jobs_url)}">Search these jobs</a></p>\n'
            f'        <p><a href="{finder_url}">Or find your local care academy</a></p>\n      '
        )
    inner = (
        '\n    <section class="panel panel--result" aria-labelledby="quiz-result">\n'
        f'      <h2 id="quiz-result">{_e(page.result_intro)}</h2>\n'
        f"      {roles_html}\n"
        "      <h3>Your next step</h3>\n"
        f"      {step}\n"
        "    </section>\n    "
    )
    return f"\n    {inner}\n  "


def _quiz_answer(number: str, answer: dict) -> str:
    index = _e(answer["index"])
    return (
        '\n      <div class="radio">\n'
        f'        <input type="radio" id="q{number}-{index}" name="q{number}" value="{index}"'
        f"{' checked' if answer['checked'] else ''}>\n"
        f'        <label for="q{number}-{index}">{_e(answer["text"])}</label>\n'
        "      </div>\n      "
    )


def _quiz_question(question: dict) -> str:
    number = _e(question["number"])
    unanswered = question["unanswered"]
    hint = question["hint"]
    error = (
        f'<span class="error-message"><span class="visually-hidden">Error:</span> Answer question {number}</span>'
        if unanswered
        else ""
    )
    return (
        f'\n    <fieldset class="form-group{" form-group--error" if unanswered else ""}" '
        f'aria-describedby="q{number}-hint">\n'
        f"      <legend>{number}. {_e(question['text'])}</legend>\n"
        f'      <span class="hint" id="q{number}-hint">{_e(hint) if hint else "Choose one answer"}</span>\n'
        f"      {error}\n"
        f"      {''.join(_quiz_answer(number, answer) for answer in question['answers'])}\n"
        "    </fieldset>\n    "
    )


def quiz(context) -> str:
    """campaign/quiz_page.html: the questions, or the result of the answers given."""
    page, result = context["page"], context.get("result")
    questions = ""
    if not result or result.unanswered:
        questions = (
            f"\n  {_intro(page)}\n"
            f'  <form method="get" action="{_e(page.url)}">\n'
            f"    {''.join(_quiz_question(question) for question in context.get('quiz_questions') or ())}\n"
            '    <button class="button" type="submit">See my results</button>\n'
            "  </form>\n  "
        )
    return (
        '\n<div class="container narrow">\n'
        f"  <h1>{_e(page.title)}</h1>\n"
        f"  {_quiz_result(page, result) if result else ''}\n"
        f"  {questions}\n"
        "</div>\n"
    )


def _contact_field(field) -> str:
    if field.is_hidden:  # the form's fill-time stamp (cms/fill_time.py)
        return str(field)
    errors = field.errors
    if getattr(field.field.widget, "input_type", None) == "checkbox":
        inner = (
            f'\n        <div class="checkbox">{_e(field)} <label for="{_e(field.id_for_label)}">'
            f"{_e(field.label)}</label></div>\n      "
        )
    else:
        help_text = field.help_text
        messages = "".join(
            f'<span class="error-message"><span class="visually-hidden">Error:</span> {_e(error)}</span>'
            for error in errors
        )
        inner = (
            f'\n        <label class="label" for="{_e(field.id_for_label)}">{_e(field.label)}</label>\n'
            f"        {f'<span class="hint">{_e(help_text)}</span>' if help_text else ''}\n"
            f"        {messages}\n"
            f"        {_e(field)}\n      "
        )
    return (
        f'\n    <div class="form-group{" form-group--error" if errors else ""}">\n'
        f"      {inner}\n"
        "    </div>\n    "
    )


def contact(context) -> str:
    """campaign/contact_page.html: the editor-built form, its errors summarised above it."""
    page, form = context["page"], context.get("form")
    intro = page.intro
    return (
        '\n<div class="container narrow">\n'
        f"  <h1>{_e(page.title)}</h1>\n"
        f"  {f'<div class="rich-text">{render_rich_text(intro)}</div>' if intro else ''}\n"
        f"  {error_summary(form)}\n"
        f'  <form action="{_e(page.url)}" method="post" novalidate>\n'
        f"    {_csrf_input(context)}\n"
        f"    {''.join(_contact_field(field) for field in form or ())}\n"
        '    <button class="button" type="submit">Send</button>\n'
        "  </form>\n"
        "</div>\n"
    )


STORY_PHOTO_ATTRS = {"sizes": "(max-width: 48rem) 100vw, 30rem", "class": "story__photo"}


def story(context) -> str:
    """campaign/story_page.html: the person's story, their photo and quote, and their role's jobs."""
    page = context["page"]
    photo, byline, role = page.photo, page.byline, page.role
    img = srcset_img(photo, CARD_IMAGE, {**STORY_PHOTO_ATTRS, "alt": photo.alt}) if photo else ""
    jobs = (
        f'<p><a class="button" href="/jobs/?role={_e(role.slug)}">See {_e(role.name.lower())} jobs</a></p>'
        if role
        else ""
    )
    return (
        '\n<article class="container story">\n'
        f"  <h1>{_e(page.title)}</h1>\n"
        '  <div class="story__intro">\n'
        f"    {img}\n"
        '    <figure class="quote">\n'
        f'      <blockquote class="quote__text"><p>“{_e(page.quote)}”</p></blockquote>\n'
        f'      <figcaption class="quote__cite"><strong>{_e(page.person_name)}</strong>'
        f"{f', {_e(byline)}' if byline else ''}</figcaption>\n"
        "    </figure>\n"
        "  </div>\n"
        f'  <div class="prose rich-text">{render_rich_text(page.body)}</div>\n'
        f"  {jobs}\n"
        "</article>\n"
    )


def article(context) -> str:
    """campaign/article_page.html: a news article, its date, summary, image and body."""
    page = context["page"]
    image = page.image
    img = (
        srcset_img(image, EVENT_IMAGE, {"sizes": "(max-width: 48rem) 100vw, 40rem", "alt": image.alt})
        if image
        else ""
    )
    day = page.date
    return (
        '\n<article class="container prose">\n'
        f'  <p class="caption"><time datetime="{_e(day.isoformat())}">{_e(_day(day))}</time></p>\n'
        f"  <h1>{_e(page.title)}</h1>\n"
        f'  <p class="lead">{_e(page.summary)}</p>\n'
        f"  {img}\n"
        f"  {_include_block(context, page.body)}\n"
        "</article>\n"
    )


PAGES = {
    "story_index": story_index,
    "role_index": role_index,
    "news_index": news_index,
    "academy_index": academy_index,
    "area_index": area_index,
    "event_index": event_index,
    "area": area,
    "role_profile": role_profile,
    "academy": academy,
    "event": event,
    "quiz": quiz,
    "contact": contact,
    "story": story,
    "article": article,
}
