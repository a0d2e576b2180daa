"""The campaign blocks, the shared body blocks and the page hero, written in Python
(campaign.block_markup, cms.block_markup): the same HTML, byte for byte, as the templates that wrote
them before (templates/blocks/*.html and components/page_hero.html, kept below as they were at
0d43bef), for every block in each of its states (optional fields empty or given, image or none,
links to a page, to an address or none, hostile text, several items, no live data, a block id in the
context or none); and a home page with every kind of block, as a visitor sees it."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from django.template import Context, Engine, engines
from django.template.backends.django import get_installed_libraries
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.test import RequestFactory
from django.utils import timezone

from wagtail.blocks import StreamValue

from campaign.blocks import CampaignStreamBlock
from campaign.demo import block, child_page
from campaign.models import EventPage, StoryPage
from cms.blocks import ContentStreamBlock
from tests.factories import OrganisationFactory, VacancyFactory
from tests.fixtures.campaign_site import make_image, publish

HOSTILE = """<b>Tom & "Jerry"</b> 'quoted' <script>alert(1)</script>"""

# The templates as they were before the blocks were written in Python (0d43bef).
PAGE_HERO = """{% load wagtailimages_tags cms_images %}<section class="hero{% if image %} hero--image{% endif %}">
  <div class="container hero__inner">
    <div class="hero__content">
      <h1 class="hero__heading">{{ heading }}</h1>
      {% if text %}<p class="hero__text">{{ text }}</p>{% endif %}
      {% if cta_text and cta_url %}<a class="button button--large" href="{{ cta_url }}">{{ cta_text }}</a>{% endif %}
    </div>
    {% if image %}<div class="hero__media">{% srcset_image image fill-{480x360,960x720,1440x1080} format-webp sizes="(max-width: 48rem) 100vw, 36rem" class="hero__image" alt=image.alt fetchpriority="high" %}</div>{% endif %}
  </div>
</section>
"""
HERO_BLOCK = """{% include "components/page_hero.html" with heading=value.heading text=value.text image=value.image cta_text=value.cta.text cta_url=value.cta.href %}
"""
IMAGE_TEXT_BLOCK = """{% load wagtailcore_tags wagtailimages_tags cms_images campaign_tags %}<section class="image-text{% if value.image_on_right %} image-text--right{% endif %}">
  <div class="image-text__media">{% srcset_image value.image fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 100vw, 34rem" loading="lazy" alt=value.image.alt %}</div>
  <div class="image-text__body">
    <h2>{{ value.heading }}</h2>
    {{ value.text|safe_richtext }}
    {% if value.link and value.link.href %}<p><a class="button button--secondary" href="{{ value.link.href }}">{{ value.link.text }}</a></p>{% endif %}
  </div>
</section>
"""
VIDEO_BLOCK = """{% load wagtailcore_tags wagtailimages_tags cms_images campaign_tags %}<figure class="video">
  <a class="video__link" href="{{ value.url }}" rel="noopener">
    {% if value.thumbnail %}{% srcset_image value.thumbnail fill-{480x270,960x540} format-webp sizes="(max-width: 48rem) 100vw, 40rem" loading="lazy" alt="" class="video__thumb" %}{% endif %}
    <span class="video__play"><span aria-hidden="true">▶</span> Watch the video: {{ value.title }}<span class="visually-hidden"> (opens the video website)</span></span>
  </a>
  {% if value.transcript %}<details class="details"><summary>Read the transcript</summary><div class="details__body">{{ value.transcript|safe_richtext }}</div></details>{% endif %}
</figure>
"""
QUOTE_BLOCK = """{% load wagtailimages_tags cms_images %}<figure class="quote">
  {% if value.image %}{% image value.image fill-160x160 format-webp class="quote__image" alt="" loading="lazy" %}{% endif %}
  <blockquote class="quote__text"><p>“{{ value.quote }}”</p></blockquote>
  <figcaption class="quote__cite"><strong>{{ value.name }}</strong>{% if value.role %}, {{ value.role }}{% endif %}</figcaption>
</figure>
"""
STAT_CARDS_BLOCK = """<section class="stats">
  {% if value.heading %}<h2>{{ value.heading }}</h2>{% endif %}
  <ul class="stats__list">
    {% for stat in value.stats %}<li class="stat"><span class="stat__figure">{{ stat.figure }}</span> <span class="stat__label">{{ stat.label }}</span>{% if stat.source %}<span class="stat__source">Source: {{ stat.source }}</span>{% endif %}</li>{% endfor %}
  </ul>
</section>
"""
CTA_BLOCK = """<section class="cta">
  <h2 class="cta__heading">{{ value.heading }}</h2>
  {% if value.text %}<p>{{ value.text }}</p>{% endif %}
  {% if value.link.href %}<a class="button button--accent" href="{{ value.link.href }}">{{ value.link.text }}</a>{% endif %}
</section>
"""
ACCORDION_BLOCK = """{% load wagtailcore_tags campaign_tags %}<section class="accordion">
  {% if value.heading %}<h2>{{ value.heading }}</h2>{% endif %}
  {% for item in value.items %}
  <details class="details">
    <summary>{{ item.question }}</summary>
    <div class="details__body">{{ item.answer|safe_richtext }}</div>
  </details>
  {% endfor %}
</section>
"""
JOB_SEARCH_BLOCK = """<section class="search-panel" aria-labelledby="job-search-{{ block.id|default:'box' }}">
  <h2 id="job-search-{{ block.id|default:'box' }}">{{ value.heading }}</h2>
  <form action="/jobs/" method="get" class="search-panel__form">
    <div class="form-group">
      <label class="label" for="js-q-{{ block.id|default:'box' }}">Job title or keyword</label>
      <input class="input" id="js-q-{{ block.id|default:'box' }}" name="q" type="search" placeholder="For example, care worker">
    </div>
    <div class="form-group">
      <label class="label" for="js-pc-{{ block.id|default:'box' }}">Postcode</label>
      <input class="input input--short" id="js-pc-{{ block.id|default:'box' }}" name="postcode" type="text" autocomplete="postal-code">
    </div>
    <div class="form-group">
      <label class="label" for="js-r-{{ block.id|default:'box' }}">Distance</label>
      <select class="select input--short" id="js-r-{{ block.id|default:'box' }}" name="radius">
        {% for value, label in radius_choices %}<option value="{{ value }}"{% if value == "10" %} selected{% endif %}>{{ label }}</option>{% endfor %}
      </select>
    </div>
    <button class="button button--large" type="submit">Search jobs</button>
  </form>
</section>
"""
FEATURED_JOBS_BLOCK = """{% load campaign_tags %}<section class="featured-jobs">
  <h2>{{ value.heading }}</h2>
  {% if vacancies %}
    <ul class="card-grid">{% job_cards vacancies %}</ul>
    <p><a href="{{ more_url }}">See all jobs like these</a></p>
  {% else %}
    <p class="empty">There are no jobs like this right now. New jobs are added every week.</p>
    <p><a href="/jobs/">Search all care jobs</a></p>
  {% endif %}
</section>
"""
UPCOMING_EVENTS_BLOCK = """{% load campaign_tags %}<section class="events">
  <h2>{{ value.heading }}</h2>
  {% if events %}
    <ul class="card-grid">{% event_cards events %}</ul>
  {% else %}
    <p class="empty">There are no events coming up right now.</p>
  {% endif %}
</section>
"""
STORIES_BLOCK = """{% load campaign_tags %}<section class="stories" aria-labelledby="stories-{{ block.id|default:'list' }}">
  <h2 id="stories-{{ block.id|default:'list' }}">{{ value.heading }}</h2>
  {% if stories %}
  <ul class="carousel" tabindex="0" aria-label="{{ value.heading }} (scroll sideways for more)">{% story_cards stories %}</ul>
  {% endif %}
</section>
"""
ACADEMY_FINDER_BLOCK = """<section class="academy-finder" aria-labelledby="academy-finder-{{ block.id|default:'box' }}">
  <h2 id="academy-finder-{{ block.id|default:'box' }}">{{ value.heading }}</h2>
  {% if value.text %}<p>{{ value.text }}</p>{% endif %}
  <form action="{% url 'academy-finder' %}" method="get" class="inline-form">
    <div class="form-group">
      <label class="label" for="af-pc-{{ block.id|default:'box' }}">Your postcode</label>
      <span class="hint" id="af-pc-{{ block.id|default:'box' }}-hint">For example, NE1 4ST</span>
      <input class="input input--short" id="af-pc-{{ block.id|default:'box' }}" name="postcode" type="text" autocomplete="postal-code" aria-describedby="af-pc-{{ block.id|default:'box' }}-hint">
    </div>
    <button class="button" type="submit">Find my academy</button>
  </form>
</section>
"""
HEADING_BLOCK = """{% if value.level == "h3" %}<h3>{{ value.text }}</h3>{% else %}<h2>{{ value.text }}</h2>{% endif %}
"""
PARAGRAPH_BLOCK = """{% load wagtailcore_tags campaign_tags %}<div class="rich-text">{{ value|safe_richtext }}</div>
"""
IMAGE_BLOCK = """{% load wagtailimages_tags %}<figure class="figure">{% picture value format-{avif,webp,jpeg} width-{400,800,1200} sizes="(max-width: 800px) 100vw, 800px" loading="lazy" %}</figure>
"""
COOKIE_BASIS_BLOCK = """{% load site_tags %}<p class="cookie-basis">{% campaign_cookie_basis %}</p>
"""

OLD = {
    "components/page_hero.html": PAGE_HERO,
    "blocks/hero_block.html": HERO_BLOCK,
    "blocks/image_text_block.html": IMAGE_TEXT_BLOCK,
    "blocks/video_block.html": VIDEO_BLOCK,
    "blocks/quote_block.html": QUOTE_BLOCK,
    "blocks/stat_cards_block.html": STAT_CARDS_BLOCK,
    "blocks/cta_block.html": CTA_BLOCK,
    "blocks/accordion_block.html": ACCORDION_BLOCK,
    "blocks/job_search_block.html": JOB_SEARCH_BLOCK,
    "blocks/featured_jobs_block.html": FEATURED_JOBS_BLOCK,
    "blocks/upcoming_events_block.html": UPCOMING_EVENTS_BLOCK,
    "blocks/stories_block.html": STORIES_BLOCK,
    "blocks/academy_finder_block.html": ACADEMY_FINDER_BLOCK,
    "blocks/heading_block.html": HEADING_BLOCK,
    "blocks/paragraph_block.html": PARAGRAPH_BLOCK,
    "blocks/image_block.html": IMAGE_BLOCK,
    "blocks/cookie_basis_block.html": COOKIE_BASIS_BLOCK,
}
# The template each block had (its Meta.template, or the `template=` it was made with).
TEMPLATE_OF = {
    "hero": "blocks/hero_block.html",
    "image_text": "blocks/image_text_block.html",
    "video": "blocks/video_block.html",
    "quote": "blocks/quote_block.html",
    "stat_cards": "blocks/stat_cards_block.html",
    "call_to_action": "blocks/cta_block.html",
    "accordion": "blocks/accordion_block.html",
    "job_search": "blocks/job_search_block.html",
    "featured_jobs": "blocks/featured_jobs_block.html",
    "upcoming_events": "blocks/upcoming_events_block.html",
    "stories": "blocks/stories_block.html",
    "academy_finder": "blocks/academy_finder_block.html",
    "heading": "blocks/heading_block.html",
    "paragraph": "blocks/paragraph_block.html",
    "image": "blocks/image_block.html",
    "cookie_basis": "blocks/cookie_basis_block.html",
}
CAMPAIGN = CampaignStreamBlock()
CONTENT = ContentStreamBlock()


def _old_engine() -> Engine:
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", OLD)], libraries=get_installed_libraries()
    )


def _block(name: str):
    return CAMPAIGN.child_blocks.get(name) or CONTENT.child_blocks[name]


def _as_before(name: str, value, context=None) -> str:
    """What Wagtail's Block.render wrote with the block's template: `get_context` with a copy of
    the parent context, then `render_to_string` (no request, no context processors)."""
    block_def = _block(name)
    if context is None:
        new_context = block_def.get_context(value)
    else:
        new_context = block_def.get_context(value, parent_context=dict(context))
    return _old_engine().get_template(TEMPLATE_OF[name]).render(Context(new_context))


def _value(name: str, raw):
    return _block(name).to_python(raw)


def _assert_same(name: str, raw, context=None) -> str:
    value = _value(name, raw)
    html = _block(name).render(value, context=context)
    assert html == _as_before(name, value, context), name
    return html


def _content_node() -> BlockNode:
    """The `block` a page template's context holds inside `{% block content %}`."""
    return BlockNode("content", NodeList())


# Contexts a block renders in: none, a page's (its `block` is the template's block node, with no
# id), a loop over the stream (`block` is the stream child), and odd ones.
def _contexts(request):
    return [
        None,
        {},
        {"request": request, "block": _content_node()},
        {"request": request, "block": SimpleNamespace(id="3f2a-9c")},
        {"request": request, "block": SimpleNamespace(id='x"<&>')},
        {"request": request, "block": {"id": "from-a-dict"}},
        {"request": request, "block": SimpleNamespace(id="")},
        {"request": request, "block": None},
    ]


@pytest.fixture
def request_(site):
    return RequestFactory().get("/", HTTP_HOST="localhost")


@pytest.fixture
def hostile_image(db):
    return make_image(title="Hostile", alt=HOSTILE)


def _links(site):
    return [
        {"text": "", "page": None, "url": ""},
        {"text": HOSTILE, "page": None, "url": '/jobs/?q=care&r="10"'},
        {"text": "See the role", "page": site.role.pk, "url": ""},
        {"text": "", "page": site.role.pk, "url": "/ignored/"},
        {"text": "No address", "page": None, "url": ""},
    ]


def test_page_hero_writes_what_its_template_wrote(site, request_, hostile_image):
    new = engines["django"].from_string(
        "{% load campaign_tags %}{% page_hero heading=heading text=text image=image cta_text=cta_text cta_url=cta_url %}"
    )
    old = _old_engine().from_string(
        '{% include "components/page_hero.html" with heading=heading text=text image=image '
        "cta_text=cta_text cta_url=cta_url %}"
    )
    states = [
        {
            "heading": "Care matters",
            "text": "Join us",
            "image": site.image,
            "cta_text": "Go",
            "cta_url": "/jobs/",
        },
        {
            "heading": HOSTILE,
            "text": HOSTILE,
            "image": hostile_image,
            "cta_text": HOSTILE,
            "cta_url": HOSTILE,
        },
        {"heading": "No extras", "text": "", "image": None, "cta_text": "", "cta_url": ""},
        {"heading": "Text but no URL", "text": None, "image": None, "cta_text": "Go", "cta_url": ""},
        {"heading": "URL but no text", "cta_url": "/jobs/"},  # the rest missing from the context
        {"heading": None, "text": "x"},
        {},
    ]
    for state in states:
        assert new.render(state) == old.render(Context(state)), state
    html = new.render(states[1])
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_hero_block_writes_what_its_template_wrote(site, request_, hostile_image):
    for image in (site.image.pk, hostile_image.pk, None):
        for link in [None, *_links(site)]:
            for text in ("", "Find a care job near you.", HOSTILE):
                raw = {"heading": HOSTILE, "text": text, "image": image}
                if link is not None:
                    raw["cta"] = link
                _assert_same("hero", raw, {"request": request_})
    html = _assert_same("hero", {"heading": "Hi", "image": site.image.pk, "cta": _links(site)[2]})
    assert 'href="/roles/care-worker/">See the role</a>' in html and "hero--image" in html


def test_image_text_block_writes_what_its_template_wrote(site, request_, hostile_image):
    for image in (site.image.pk, hostile_image.pk, None):
        for on_right in (False, True):
            for link in [None, *_links(site)]:
                raw = {
                    "image": image,
                    "heading": HOSTILE,
                    "text": '<p>Mentor <b>and</b> <a href="javascript:alert(1)">pay</a></p><script>x</script>',
                    "image_on_right": on_right,
                }
                if link is not None:
                    raw["link"] = link
                _assert_same("image_text", raw)
    html = _assert_same(
        "image_text", {"image": site.image.pk, "heading": "H", "text": "", "image_on_right": True}
    )
    assert "image-text--right" in html


def test_video_block_writes_what_its_template_wrote(site, hostile_image):
    for thumbnail in (site.image.pk, hostile_image.pk, None):
        for transcript in ("", "<p>We talk about <i>care</i>.</p>", "<p>" + HOSTILE + "</p>"):
            for url in ("https://www.youtube.com/watch?v=abc&t=1", 'https://vimeo.com/"1"<2>'):
                raw = {"url": url, "title": HOSTILE, "thumbnail": thumbnail, "transcript": transcript}
                _assert_same("video", raw)


def test_quote_block_writes_what_its_template_wrote(site, hostile_image):
    for image in (site.image.pk, hostile_image.pk, None):
        for role in ("", "Home care worker, Gateshead", HOSTILE):
            _assert_same("quote", {"quote": HOSTILE, "name": "Amira & Jo", "role": role, "image": image})


def test_stat_cards_block_writes_what_its_template_wrote(site):
    stats = [
        {"figure": "1,900", "label": "care services", "source": ""},
        {"figure": "£12.60", "label": HOSTILE, "source": HOSTILE},
        {"figure": '<"3">', "label": "x", "source": "Skills for Care"},
    ]
    for heading in ("", "Care in the North East", HOSTILE):
        for count in (1, 2, 3):
            _assert_same("stat_cards", {"heading": heading, "stats": stats[:count]})
    _assert_same("stat_cards", {"heading": "None at all", "stats": []})


def test_call_to_action_block_writes_what_its_template_wrote(site):
    for text in ("", "Your academy trains you.", HOSTILE):
        for link in _links(site):
            _assert_same("call_to_action", {"heading": HOSTILE, "text": text, "link": link})
    _assert_same("call_to_action", {"heading": "No link given"})


def test_accordion_block_writes_what_its_template_wrote(site):
    items = [
        {"question": "Do I need qualifications?", "answer": "<p>No. We train you.</p>"},
        {"question": HOSTILE, "answer": "<ol><li>One</li></ol><script>x</script>"},
        {"question": "Empty answer", "answer": ""},
    ]
    for heading in ("", "Questions", HOSTILE):
        for count in (0, 1, 2, 3):
            _assert_same("accordion", {"heading": heading, "items": items[:count]})


def test_form_blocks_write_what_their_templates_wrote_with_any_block_id(site, request_):
    for context in _contexts(request_):
        for heading in ("Find a care job near you", HOSTILE):
            _assert_same("job_search", {"heading": heading}, context)
            for text in ("", "New to care?", HOSTILE):
                _assert_same("academy_finder", {"heading": heading, "text": text}, context)
    html = _assert_same("job_search", {"heading": "Find"}, {"block": _content_node()})
    assert 'id="js-q-box"' in html and '<option value="10" selected>10 miles</option>' in html
    html = _assert_same("academy_finder", {"heading": "Find"}, {"block": SimpleNamespace(id="b1")})
    assert 'id="af-pc-b1"' in html


def test_academy_finder_tag_writes_what_the_include_wrote(site, request_):
    new = engines["django"].from_string("{% load campaign_tags %}{% academy_finder finder %}")
    old = _old_engine().from_string('{% include "blocks/academy_finder_block.html" with value=finder %}')
    for context in _contexts(request_):
        for finder in (
            {"heading": "Find your local care academy", "text": ""},
            {"heading": HOSTILE, "text": HOSTILE},
        ):
            state = {**(context or {}), "finder": finder}
            assert new.render(state) == old.render(Context(state))


def test_featured_jobs_block_writes_what_its_template_wrote(site, care_worker_role):
    nhs = OrganisationFactory(name='NHS "Trust" & <Co>', kind=site.kind_nhs, slug="nhs-trust")
    VacancyFactory(organisation=nhs, title=HOSTILE, role=care_worker_role)
    for raw in (
        {"heading": HOSTILE, "count": 3},
        {"heading": "Care workers", "role": "care-worker", "setting": "", "area": "", "count": 12},
        {"heading": "Nothing", "role": "no-such-role", "count": 3},
        {"heading": "By kind", "employer_kind": site.kind_nhs, "area": "newcastle-upon-tyne", "count": 1},
    ):
        html = _assert_same("featured_jobs", raw)
    assert "There are no jobs like this right now" in _assert_same(
        "featured_jobs", {"role": "none", "count": 3}
    )
    assert "See all jobs like these" in _assert_same("featured_jobs", {"heading": "All", "count": 3})
    assert html


def test_upcoming_events_block_writes_what_its_template_wrote(site, request_):
    child_page(
        site.events,
        EventPage,
        "hostile",
        title=HOSTILE,
        summary=HOSTILE,
        start=timezone.now() + timedelta(days=2),
        end=timezone.now() + timedelta(days=2, hours=2),
        venue_name="Town Hall & <Annexe>",
        address="x",
        postcode="NE1 8QH",
        capacity=10,
    )
    for context in (None, {"request": request_}):
        for raw in (
            {"heading": HOSTILE, "count": 3},
            {"heading": "In Newcastle", "area": "newcastle-upon-tyne", "count": 1},
            {"heading": "Nowhere", "area": "no-such-area", "count": 3},
        ):
            _assert_same("upcoming_events", raw, context)
    html = _assert_same("upcoming_events", {"heading": "E", "area": "no-such-area", "count": 3})
    assert "There are no events coming up right now." in html


def test_stories_block_writes_what_its_template_wrote(site, request_, hostile_image, care_worker_role):
    hostile = child_page(
        site.stories,
        StoryPage,
        "hostile",
        title="Hostile",
        person_name=HOSTILE,
        quote=HOSTILE,
        role=care_worker_role,
        employer_name="x",
        photo=hostile_image,
        body="<p>x</p>",
    )
    for context in _contexts(request_):
        for raw in (
            {"heading": HOSTILE, "stories": [], "count": 4},
            {"heading": "Chosen", "stories": [hostile.pk, site.story.pk], "count": 4},
            {"heading": "One", "stories": [], "count": 1},
        ):
            _assert_same("stories", raw, context)
    # No stories: the published ones unpublished.
    StoryPage.objects.update(live=False)
    html = _assert_same("stories", {"heading": "None", "stories": [], "count": 4}, {"block": _content_node()})
    assert "carousel" not in html and 'id="stories-list"' in html


def test_stories_block_uses_the_stories_the_page_preloaded(site, request_):
    block_def = _block("stories")
    value = _value("stories", {"heading": "Stories", "stories": [], "count": 4})
    block_def.preload(value)
    value.preloaded_stories = value.preloaded_stories[:1]

    html = block_def.render(value, {"request": request_})

    assert html == _as_before("stories", value, {"request": request_})
    assert html.count('<li class="card card--story">') == 1


def test_shared_body_blocks_write_what_their_templates_wrote(site, hostile_image):
    for level in ("h2", "h3", ""):
        _assert_same("heading", {"text": HOSTILE, "level": level})
    for text in ("", "<p>Care work changes lives.</p>", "<h3>x</h3><p>" + HOSTILE + "</p>"):
        _assert_same("paragraph", text)
    for image in (site.image, hostile_image):
        for decorative in (False, True):
            raw = {"image": image.pk, "alt_text": HOSTILE, "decorative": decorative}
            html = _assert_same("image", raw)
            assert html.startswith('<figure class="figure"><picture>')
    _assert_same("cookie_basis", None)


def test_blocks_render_their_previews(site):
    for name, block_def in [*CAMPAIGN.child_blocks.items(), *CONTENT.child_blocks.items()]:
        preview = block_def.get_preview_value()
        html = block_def.render(preview, context={})
        assert html.strip(), name
        if name in TEMPLATE_OF and name != "image":  # the image block's preview has no image
            assert html == _as_before(name, preview, {}), name


def _every_block(site) -> list[dict]:
    return [
        block(
            "hero",
            {
                "heading": "Care is a job that matters",
                "text": "Find a care job near you.",
                "image": site.image.pk,
                "cta": {"text": "Find a care job", "page": None, "url": "/jobs/"},
            },
        ),
        block("heading", {"text": "Why work in care?", "level": "h2"}),
        block("paragraph", "<p>Care work changes lives, including yours.</p>"),
        block("image", {"image": site.image.pk, "alt_text": "A carer and a resident", "decorative": False}),
        block(
            "image_text",
            {
                "image": site.image.pk,
                "heading": "Training from day one",
                "text": "<p>Every new starter gets a mentor.</p>",
                "image_on_right": True,
                "link": {"text": "About the role", "page": site.role.pk, "url": ""},
            },
        ),
        block("video", {"url": "https://www.youtube.com/watch?v=abc", "title": "A day as a home carer"}),
        block(
            "quote",
            {
                "quote": "I make someone's day better.",
                "name": "Amira",
                "role": "Carer",
                "image": site.image.pk,
            },
        ),
        block(
            "stat_cards",
            {"heading": "Care in the North East", "stats": [{"figure": "1,900", "label": "care services"}]},
        ),
        block(
            "call_to_action",
            {
                "heading": "New to care?",
                "text": "",
                "link": {"text": "Find your academy", "url": "/academies/"},
            },
        ),
        block(
            "accordion",
            {
                "heading": "Questions",
                "items": [{"question": "Do I need qualifications?", "answer": "<p>No. We train you.</p>"}],
            },
        ),
        block("job_search", {"heading": "Find a care job near you"}),
        block("featured_jobs", {"heading": "Jobs you could start soon", "count": 3}),
        block("upcoming_events", {"heading": "Meet us at an event", "count": 3}),
        block("stories", {"heading": "Stories from people in care", "stories": [], "count": 4}),
        block("academy_finder", {"heading": "Find your local care academy", "text": "New to care?"}),
    ]


IDS_FROM_BLOCK = {"job_search", "stories", "academy_finder"}


def test_a_stream_of_every_block_writes_what_the_templates_wrote(site, request_):
    raw = [{**child, "id": f"b{number}"} for number, child in enumerate(_every_block(site))]
    stream = StreamValue(CAMPAIGN, raw, is_lazy=True)
    context = {"request": request_, "page": site.home, "block": _content_node()}

    html = stream.render_as_block(context=context)

    def context_of(child):  # a block whose ids come from its own id gets it as `block`
        return {**context, "block": child} if child.block_type in IDS_FROM_BLOCK else context

    before = "\n".join(
        f'<div class="w-block-{child.block_type} block-{child.block_type}">{_as_before(child.block_type, child.value, context_of(child))}</div>'
        for child in stream
    )
    assert html == before
    for child in stream:
        if child.block_type in IDS_FROM_BLOCK:
            assert f"-{child.id}" in html, child.block_type


def test_home_page_with_every_block_shows_what_a_visitor_sees(client, site):
    site.home.body = _every_block(site)
    publish(site.home)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        '<h1 class="hero__heading">Care is a job that matters</h1>',
        '<a class="button button--large" href="/jobs/">Find a care job</a>',
        "<h2>Why work in care?</h2>",
        "<p>Care work changes lives, including yours.</p>",
        '<figure class="figure"><picture>',
        'alt="A carer and a resident"',
        '<a class="button button--secondary" href="/roles/care-worker/">About the role</a>',
        "Watch the video: A day as a home carer",
        "<strong>Amira</strong>, Carer",
        '<span class="stat__figure">1,900</span>',
        '<a class="button button--accent" href="/academies/">Find your academy</a>',
        "<summary>Do I need qualifications?</summary>",
        "Day care assistant",
        "Newcastle jobs fair",
        "I make someone&#x27;s day better.",
    ):
        assert text in html, text
    ids = {child.block_type: child.id for child in site.home.body}
    assert f'<input class="input" id="js-q-{ids["job_search"]}" name="q"' in html
    assert f'aria-labelledby="stories-{ids["stories"]}"' in html
    assert f'<h2 id="academy-finder-{ids["academy_finder"]}">' in html
    assert html.count('<h1 class="hero__heading">') == 1  # the page's own hero gives way to the block


def test_pages_with_a_hero_of_their_own_show_it(client, site):
    for page, heading in (
        (site.landing, "Home care on your doorstep"),
        (site.role, "Care worker"),
        (site.academy, "Newcastle Care Academy"),
    ):
        response = client.get(page.url)
        assert response.status_code == 200
        assert f'<h1 class="hero__heading">{heading}</h1>' in response.content.decode()
    response = client.get(site.academies.url)
    assert 'id="academy-finder-box"' in response.content.decode()


def test_two_search_and_finder_blocks_on_one_page_each_label_their_own_fields(client, site):
    """Every id on the page is used once, and each label names a field of its own form."""
    import re

    site.landing.body = [
        block("job_search", {"heading": "Find a care job near you"}),
        block("academy_finder", {"heading": "Find your local care academy", "text": ""}),
        block("stories", {"heading": "Stories", "stories": [], "count": 2}),
        block("job_search", {"heading": "Or search again"}),
        block("academy_finder", {"heading": "Still looking?", "text": ""}),
        block("stories", {"heading": "More stories", "stories": [], "count": 2}),
    ]
    publish(site.landing)

    html = client.get(site.landing.url).content.decode()

    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    forms = re.findall(r"<form .*?</form>", html, flags=re.S)
    assert len([f for f in forms if 'action="/jobs/"' in f]) >= 2
    for form in forms:
        for target in re.findall(r'<label class="label" for="([^"]+)"', form):
            assert f' id="{target}"' in form, target
    for labelled in re.findall(r'aria-labelledby="([^"]+)"', html):
        assert f' id="{labelled}"' in html, labelled
