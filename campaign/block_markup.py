"""The campaign blocks (campaign.blocks) and the page hero, written in Python.

Each block was a template in templates/blocks/ that Wagtail rendered with `render_to_string` and a
copy of the whole page context (`get_context(value, dict(context))`), and the hero a partial,
components/page_hero.html, included by the hero block and by the home, landing, role profile and
academy pages: on an uncached home page, a dozen templates, each a context copy and some twenty
variable lookups. Here each block is a function of its value (and, for the listings, the data its
`get_context` fetched) returning one string, with every value escaped as `{{ value }}` escaped it
(`cms.markup.escaped`), rich text as `|safe_richtext` renders it, the image tags' markup
(cms.templatetags.cms_images) and the cards' (campaign.cards), so the HTML is the same byte for
byte, down to the templates' blank lines and final newlines (tests/campaign/test_block_markup.py
renders the old templates and compares).

The blocks' `render` methods call these; pages write the hero with `{% page_hero ... %}` and the
academy finder with `{% academy_finder value %}` (campaign_tags).
"""

from __future__ import annotations

from django.urls import reverse

from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

from campaign.rich_text import render_rich_text
from cms.markup import escaped as _e
from cms.templatetags.cms_images import img_tag, srcset_img

HERO_IMAGE = ("fill-{480x360,960x720,1440x1080}", "format-webp")
IMAGE_TEXT_IMAGE = ("fill-{480x360,960x720}", "format-webp")
VIDEO_THUMBNAIL = ("fill-{480x270,960x540}", "format-webp")
QUOTE_PHOTO = "fill-160x160|format-webp"  # `{% image value.image fill-160x160 format-webp %}`
_filters: dict[str, Filter] = {}

RADIUS_CHOICES = [("5", "5 miles"), ("10", "10 miles"), ("20", "20 miles"), ("40", "40 miles")]


def block_id(context, default: str) -> str:
    """`{{ block.id|default:'box' }}`: the id of the `block` in the context the block renders in,
    looked up as the template looked it up (a key, then an attribute), or `default` when there is
    none. Under `{% include_block page.body %}` the context's `block` is the template's
    `{% block content %}` node, which has no id, so it is the default there."""
    block = context.get("block") if context is not None else None
    if block is None:
        return default
    try:
        value = block["id"]
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        value = getattr(block, "id", None)
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        value = None if getattr(value, "alters_data", False) else value()
    return _e(value) if value else default


def _image_or_none(image):
    """The image tags' check: nothing for no image, an error for something that is not one."""
    if not image:
        return None
    if not hasattr(image, "get_rendition"):
        raise ValueError(f"Image template tags expect an Image object, got {image!r}")
    return image


def _link_href(link) -> str:
    """`value.link.href` (a `LinkValue`, or '' for none)."""
    return link.href if link is not None else ""


def page_hero(heading, text="", image=None, cta_text="", cta_url="") -> str:
    """components/page_hero.html: the page's heading, a line of text, a call to action and a photo."""
    image = _image_or_none(image)
    text_html = f'<p class="hero__text">{_e(text)}</p>' if text else ""
    cta = (
        f'<a class="button button--large" href="{_e(cta_url)}">{_e(cta_text)}</a>'
        if cta_text and cta_url
        else ""
    )
    media = ""
    if image:
        attrs = {
            "sizes": "(max-width: 48rem) 100vw, 36rem",
            "class": "hero__image",
            "alt": image.alt,
            "fetchpriority": "high",
        }
        media = f'<div class="hero__media">{srcset_img(image, HERO_IMAGE, attrs)}</div>'
    return (
        f'<section class="hero{" hero--image" if image else ""}">\n'
        '  <div class="container hero__inner">\n'
        '    <div class="hero__content">\n'
        f'      <h1 class="hero__heading">{_e(heading)}</h1>\n'
        f"      {text_html}\n"
        f"      {cta}\n"
        "    </div>\n"
        f"    {media}\n"
        "  </div>\n"
        "</section>\n"
    )


def hero(value) -> str:
    """blocks/hero_block.html: the page hero, from the block's fields."""
    cta = value.get("cta")
    cta_text = cta.get("text") if cta is not None else ""
    return (
        page_hero(value.get("heading"), value.get("text"), value.get("image"), cta_text, _link_href(cta))
        + "\n"
    )


def image_text(value) -> str:
    """blocks/image_text_block.html: a photo beside a heading, rich text and a link."""
    image = _image_or_none(value.get("image"))
    img = ""
    if image:
        attrs = {"sizes": "(max-width: 48rem) 100vw, 34rem", "loading": "lazy", "alt": image.alt}
        img = srcset_img(image, IMAGE_TEXT_IMAGE, attrs)
    link = value.get("link")
    href = _link_href(link) if link else ""
    button = (
        f'<p><a class="button button--secondary" href="{_e(href)}">{_e(link.get("text"))}</a></p>'
        if href
        else ""
    )
    return (
        f'<section class="image-text{" image-text--right" if value.get("image_on_right") else ""}">\n'
        f'  <div class="image-text__media">{img}</div>\n'
        '  <div class="image-text__body">\n'
        f"    <h2>{_e(value.get('heading'))}</h2>\n"
        f"    {render_rich_text(value.get('text'))}\n"
        f"    {button}\n"
        "  </div>\n"
        "</section>\n"
    )


def video(value) -> str:
    """blocks/video_block.html: a click-to-watch link with a thumbnail, and the transcript."""
    thumbnail = _image_or_none(value.get("thumbnail"))
    thumb = ""
    if thumbnail:
        attrs = {
            "sizes": "(max-width: 48rem) 100vw, 40rem",
            "loading": "lazy",
            "alt": "",
            "class": "video__thumb",
        }
        thumb = srcset_img(thumbnail, VIDEO_THUMBNAIL, attrs)
    transcript = value.get("transcript")
    details = (
        '<details class="details"><summary>Read the transcript</summary>'
        f'<div class="details__body">{render_rich_text(transcript)}</div></details>'
        if transcript
        else ""
    )
    return (
        '<figure class="video">\n'
        f'  <a class="video__link" href="{_e(value.get("url"))}" rel="noopener">\n'
        f"    {thumb}\n"
        '    <span class="video__play"><span aria-hidden="true">▶</span> Watch the video: '
        f'{_e(value.get("title"))}<span class="visually-hidden"> (opens the video website)</span></span>\n'
        "  </a>\n"
        f"  {details}\n"
        "</figure>\n"
    )


def _image(image, spec: str, attrs: dict) -> str:
    """`{% image image <spec> <attrs> %}` for an image (not None)."""
    filter = _filters.get(spec)
    if filter is None:
        filter = _filters[spec] = Filter(spec=spec)
    return img_tag(get_rendition_or_not_found(image, filter), attrs)


def quote(value) -> str:
    """blocks/quote_block.html: a quote, who said it, and their photo."""
    image = _image_or_none(value.get("image"))
    photo = (
        _image(image, QUOTE_PHOTO, {"class": "quote__image", "alt": "", "loading": "lazy"}) if image else ""
    )
    role = value.get("role")
    return (
        '<figure class="quote">\n'
        f"  {photo}\n"
        f'  <blockquote class="quote__text"><p>“{_e(value.get("quote"))}”</p></blockquote>\n'
        f'  <figcaption class="quote__cite"><strong>{_e(value.get("name"))}</strong>'
        f"{f', {_e(role)}' if role else ''}</figcaption>\n"
        "</figure>\n"
    )


def _stat(stat) -> str:
    source = stat.get("source")
    source_html = f'<span class="stat__source">Source: {_e(source)}</span>' if source else ""
    return (
        f'<li class="stat"><span class="stat__figure">{_e(stat.get("figure"))}</span> '
        f'<span class="stat__label">{_e(stat.get("label"))}</span>{source_html}</li>'
    )


def stat_cards(value) -> str:
    """blocks/stat_cards_block.html: a few figures, each with its label and source."""
    heading = value.get("heading")
    return (
        '<section class="stats">\n'
        f"  {f'<h2>{_e(heading)}</h2>' if heading else ''}\n"
        '  <ul class="stats__list">\n'
        f"    {''.join(_stat(stat) for stat in value.get('stats') or ())}\n"
        "  </ul>\n"
        "</section>\n"
    )


def call_to_action(value) -> str:
    """blocks/cta_block.html: a heading, a line of text and a button."""
    text = value.get("text")
    link = value.get("link")
    href = _link_href(link)
    return (
        '<section class="cta">\n'
        f'  <h2 class="cta__heading">{_e(value.get("heading"))}</h2>\n'
        f"  {f'<p>{_e(text)}</p>' if text else ''}\n"
        f"  {f'<a class="button button--accent" href="{_e(href)}">{_e(link.get("text"))}</a>' if href else ''}\n"
        "</section>\n"
    )


def _accordion_item(item) -> str:
    return (
        "\n"
        '  <details class="details">\n'
        f"    <summary>{_e(item.get('question'))}</summary>\n"
        f'    <div class="details__body">{render_rich_text(item.get("answer"))}</div>\n'
        "  </details>\n"
        "  "
    )


def accordion(value) -> str:
    """blocks/accordion_block.html: questions that open to show their answers."""
    heading = value.get("heading")
    return (
        '<section class="accordion">\n'
        f"  {f'<h2>{_e(heading)}</h2>' if heading else ''}\n"
        f"  {''.join(_accordion_item(item) for item in value.get('items') or ())}\n"
        "</section>\n"
    )


RADIUS_OPTIONS = "".join(
    f'<option value="{_e(value)}"{" selected" if value == "10" else ""}>{_e(label)}</option>'
    for value, label in RADIUS_CHOICES
)


def job_search(value, block_id: str) -> str:
    """blocks/job_search_block.html: the job search form (keyword, postcode, distance).
    `block_id`: what `{{ block.id|default:'box' }}` gave (`block_id(context, "box")`)."""
    i = block_id
    return (
        f'<section class="search-panel" aria-labelledby="job-search-{i}">\n'
        f'  <h2 id="job-search-{i}">{_e(value.get("heading"))}</h2>\n'
        '  <form action="/jobs/" method="get" class="search-panel__form">\n'
        '    <div class="form-group">\n'
        f'      <label class="label" for="js-q-{i}">Job title or keyword</label>\n'
        f'      <input class="input" id="js-q-{i}" name="q" type="search" placeholder="For example, care worker">\n'
        "    </div>\n"
        '    <div class="form-group">\n'
        f'      <label class="label" for="js-pc-{i}">Postcode</label>\n'
        f'      <input class="input input--short" id="js-pc-{i}" name="postcode" type="text" '
        'autocomplete="postal-code">\n'
        "    </div>\n"
        '    <div class="form-group">\n'
        f'      <label class="label" for="js-r-{i}">Distance</label>\n'
        f'      <select class="select input--short" id="js-r-{i}" name="radius">\n'
        f"        {RADIUS_OPTIONS}\n"
        "      </select>\n"
        "    </div>\n"
        '    <button class="button button--large" type="submit">Search jobs</button>\n'
        "  </form>\n"
        "</section>\n"
    )


def featured_jobs(value, vacancies, more_url: str) -> str:
    """blocks/featured_jobs_block.html: a few current jobs (FeaturedJobsBlock.listing) and a link
    to the search for more like them, or a line saying there are none."""
    from campaign.cards import job_cards

    if vacancies:
        listing = (
            f'    <ul class="card-grid">{job_cards(vacancies)}</ul>\n'
            f'    <p><a href="{_e(more_url)}">See all jobs like these</a></p>\n'
        )
    else:
        listing = (
            '    <p class="empty">There are no jobs like this right now. New jobs are added every week.</p>\n'
            '    <p><a href="/jobs/">Search all care jobs</a></p>\n'
        )
    return f'<section class="featured-jobs">\n  <h2>{_e(value.get("heading"))}</h2>\n  \n{listing}  \n</section>\n'


def upcoming_events(value, events, request) -> str:
    """blocks/upcoming_events_block.html: the next few events, or a line saying there are none."""
    from campaign.cards import event_cards

    if events:
        listing = f'    <ul class="card-grid">{event_cards(events, request)}</ul>\n'
    else:
        listing = '    <p class="empty">There are no events coming up right now.</p>\n'
    return f'<section class="events">\n  <h2>{_e(value.get("heading"))}</h2>\n  \n{listing}  \n</section>\n'


def stories(value, stories, request, block_id: str) -> str:
    """blocks/stories_block.html: a carousel of story cards. `block_id`: what
    `{{ block.id|default:'list' }}` gave (`block_id(context, "list")`)."""
    from campaign.cards import story_cards

    heading = _e(value.get("heading"))
    carousel = (
        f'\n  <ul class="carousel" tabindex="0" aria-label="{heading} (scroll sideways for more)">'
        f"{story_cards(stories, request)}</ul>\n  "
        if stories
        else ""
    )
    return (
        f'<section class="stories" aria-labelledby="stories-{block_id}">\n'
        f'  <h2 id="stories-{block_id}">{heading}</h2>\n'
        f"  {carousel}\n"
        "</section>\n"
    )


def academy_finder(value, block_id: str) -> str:
    """blocks/academy_finder_block.html: the postcode form that finds your care academy.
    `block_id`: what `{{ block.id|default:'box' }}` gave (`block_id(context, "box")`)."""
    i = block_id
    text = value.get("text")
    return (
        f'<section class="academy-finder" aria-labelledby="academy-finder-{i}">\n'
        f'  <h2 id="academy-finder-{i}">{_e(value.get("heading"))}</h2>\n'
        f"  {f'<p>{_e(text)}</p>' if text else ''}\n"
        f'  <form action="{_e(reverse("academy-finder"))}" method="get" class="inline-form">\n'
        '    <div class="form-group">\n'
        f'      <label class="label" for="af-pc-{i}">Your postcode</label>\n'
        f'      <span class="hint" id="af-pc-{i}-hint">For example, NE1 4ST</span>\n'
        f'      <input class="input input--short" id="af-pc-{i}" name="postcode" type="text" '
        f'autocomplete="postal-code" aria-describedby="af-pc-{i}-hint">\n'
        "    </div>\n"
        '    <button class="button" type="submit">Find my academy</button>\n'
        "  </form>\n"
        "</section>\n"
    )
