"""The campaign page types' content written in Python (campaign.page_markup): the same HTML, byte
for byte, as the page templates wrote inside `{% block content %}` (kept below as they were at
bb359d6), in each page's states: empty listings, photos or none, text needing escaping, a page of
a longer listing, filters chosen, optional fields empty or given, a form unbound or with errors."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.test import RequestFactory
from django.utils import timezone

from campaign.demo import block, child_page, paragraph
from campaign.forms import AcademyInterestForm
from campaign.models import (
    AreaPage,
    ArticlePage,
    ContactFormField,
    EventPage,
    QuizPage,
    RoleProfilePage,
    StoryPage,
)
from campaign.queries import PayRange
from tests.factories import LocalAuthorityFactory
from tests.fixtures.campaign_site import make_image

HOSTILE = """<b>Tom & "Jerry"</b> 'quoted' <script>alert(1)</script>"""
HOSTILE_HTML = "<p>Fish &amp; chips <script>alert(1)</script><b>bold</b></p>"

# Only the blocks the page templates fill; base.html's chrome is the same either way.
BASE = (
    "{% block title %}{% endblock %}|{% block body_class %}{% endblock %}|{% block content %}{% endblock %}"
)

# The page templates as they were before their content was written in Python (bb359d6).
OLD = {
    "campaign/story_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags campaign_tags %}
{% block content %}
<div class="container">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  <form method="get" class="filters" aria-label="Filter stories">
    <div class="form-group"><label class="label" for="{{ filter_form.role.id_for_label }}">Role</label>{{ filter_form.role }}</div>
    <div class="form-group"><label class="label" for="{{ filter_form.area.id_for_label }}">Area</label>{{ filter_form.area }}</div>
    <button class="button button--secondary" type="submit">Show stories</button>
  </form>
  {% if stories %}
    <ul class="card-grid">{% story_cards stories %}</ul>
    {% include "components/pagination.html" with page_obj=stories %}
  {% else %}
    <p class="empty">No stories match. <a href="{{ page.url }}">Show all stories</a>.</p>
  {% endif %}
</div>
{% endblock %}
""",
    "campaign/role_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags cms_images campaign_tags %}
{% block content %}
<div class="container">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  <ul class="card-grid">
    {% for role in roles %}
    <li class="card">
      {% if role.image %}{% srcset_image role.image fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 100vw, 22rem" loading="lazy" class="card__image" alt="" %}{% endif %}
      <h2 class="card__title"><a href="{% pageurl role %}">{{ role.title }}</a></h2>
      <p>{{ role.summary }}</p>
    </li>
    {% endfor %}
  </ul>
</div>
{% endblock %}
""",
    "campaign/news_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags cms_images campaign_tags %}
{% block content %}
<div class="container">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  {% if articles %}
  <ul class="card-grid">
    {% for article in articles %}
    <li class="card">
      {% if article.image %}{% srcset_image article.image fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 100vw, 22rem" loading="lazy" class="card__image" alt="" %}{% endif %}
      <p class="card__date"><time datetime="{{ article.date|date:'Y-m-d' }}">{{ article.date|date:"j F Y" }}</time></p>
      <h2 class="card__title"><a href="{% pageurl article %}">{{ article.title }}</a></h2>
      <p>{{ article.summary }}</p>
    </li>
    {% endfor %}
  </ul>
  {% include "components/pagination.html" with page_obj=articles %}
  {% else %}<p class="empty">No news yet.</p>{% endif %}
</div>
{% endblock %}
""",
    "campaign/academy_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags campaign_tags %}
{% block content %}
<div class="container">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  {% academy_finder finder %}
  <ul class="card-grid">
    {% for academy in academies %}
    <li class="card">
      <h2 class="card__title"><a href="{% pageurl academy %}">{{ academy.title }}</a></h2>
      <p>{{ academy.intro }}</p>
    </li>
    {% endfor %}
  </ul>
</div>
{% endblock %}
""",
    "campaign/area_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags campaign_tags %}
{% block content %}
<div class="container">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  <ul class="link-grid">{% for area in areas %}<li><a href="{% pageurl area %}">{{ area.local_authority.name }}</a></li>{% endfor %}</ul>
</div>
{% endblock %}
""",
    "campaign/event_index_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags campaign_tags %}
{% block content %}
<div class="container">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  <h2>Coming up</h2>
  {% if upcoming %}<ul class="card-grid">{% event_cards upcoming %}</ul>
  {% else %}<p class="empty">There are no events coming up right now. Check back soon.</p>{% endif %}
  {% if past %}<h2>Past events</h2><ul class="card-grid card-grid--muted">{% event_cards past %}</ul>{% endif %}
</div>
{% endblock %}
""",
    "campaign/area_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags cms_images campaign_tags %}
{% block body_class %}page-area{% endblock %}
{% block content %}
<section class="hero{% if page.image %} hero--image{% endif %}">
  <div class="container hero__inner">
    <div class="hero__content">
      <h1 class="hero__heading">{{ page.title }}</h1>
      <div class="hero__text rich-text">{{ page.intro|safe_richtext }}</div>
      <a class="button button--large" href="{{ jobs_url }}">See {{ job_count }} job{{ job_count|pluralize }} in {{ page.local_authority.name }}</a>
    </div>
    {% if page.image %}<div class="hero__media">{% srcset_image page.image fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 100vw, 36rem" class="hero__image" alt=page.image.alt fetchpriority="high" %}</div>{% endif %}
  </div>
</section>
<div class="container stream">
  <section class="stats">
    <h2>Care in {{ page.local_authority.name }}</h2>
    <ul class="stats__list">
      <li class="stat"><span class="stat__figure">{{ job_count }}</span> <span class="stat__label">live care job{{ job_count|pluralize }} on this site</span></li>
      <li class="stat"><span class="stat__figure">{{ employer_count }}</span> <span class="stat__label">employer{{ employer_count|pluralize }} hiring now</span></li>
      {% for figure in page.figures %}<li class="stat"><span class="stat__figure">{{ figure.value.figure }}</span> <span class="stat__label">{{ figure.value.label }}</span>{% if figure.value.source %}<span class="stat__source">Source: {{ figure.value.source }}</span>{% endif %}</li>{% endfor %}
    </ul>
  </section>
  {% if academy %}
  <section class="cta">
    <h2 class="cta__heading">New to care? Start at {{ academy.title }}</h2>
    <p>{{ academy.intro }}</p>
    <a class="button button--accent" href="{{ academy.url }}">About {{ academy.title }}</a>
  </section>
  {% endif %}
  <section class="featured-jobs">
    <h2>Jobs in {{ page.local_authority.name }}</h2>
    {% if vacancies %}
      <ul class="card-grid">{% job_cards vacancies %}</ul>
      <p><a href="{{ jobs_url }}">See all jobs in {{ page.local_authority.name }}</a></p>
    {% else %}
      <p class="empty">There are no jobs in {{ page.local_authority.name }} right now.</p>
      <p><a href="/jobs/">Search all care jobs</a></p>
    {% endif %}
  </section>
  <section class="events">
    <h2>Events near you</h2>
    {% if events %}<ul class="card-grid">{% event_cards events %}</ul>
    {% else %}<p class="empty">There are no events in {{ page.local_authority.name }} coming up.</p>{% endif %}
  </section>
  {% include_block page.body %}
</div>
{% endblock %}
""",
    "campaign/role_profile_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags campaign_tags %}
{% block body_class %}page-role{% endblock %}
{% block content %}
{% page_hero heading=page.title text=page.summary image=page.image cta_text="See jobs for this role" cta_url=jobs_url %}
<div class="container layout">
  <div class="layout__main prose">
    <h2>What you would do</h2>
    <div class="rich-text">{{ page.what_you_do|safe_richtext }}</div>
    {% if page.day_in_the_life %}<h2>A day in the life</h2><div class="rich-text">{{ page.day_in_the_life|safe_richtext }}</div>{% endif %}
    {% if page.skills %}<h2>Skills you need</h2><div class="rich-text">{{ page.skills|safe_richtext }}</div>{% endif %}
    {% if page.progression %}
    <h2>Where it can lead</h2>
    <ol class="steps">
      {% for step in page.progression %}<li class="steps__item"><strong>{% if step.value.role_page %}<a href="{{ step.value.role_page.url }}">{{ step.value.title }}</a>{% else %}{{ step.value.title }}{% endif %}</strong>{% if step.value.text %}<br>{{ step.value.text }}{% endif %}</li>{% endfor %}
    </ol>
    {% endif %}
    {% include_block page.body %}
  </div>
  <aside class="layout__side" aria-labelledby="pay-heading">
    <div class="panel">
      <h2 id="pay-heading">Pay</h2>
      {% if pay.has_hourly %}<p class="panel__figure">{{ pay.low|money }} to {{ pay.high|money }} an hour</p><p class="hint">From {{ pay.vacancy_count }} live job{{ pay.vacancy_count|pluralize }} on this site.</p>{% endif %}
      {% for band, low, high in pay.afc_bands %}<p class="panel__figure">NHS Band {{ band }}: {{ low|money }} to {{ high|money }} a year</p><p class="hint">Agenda for Change pay for NHS posts.</p>{% endfor %}
      {% if not pay.has_hourly and not pay.afc_bands %}<p>There are no live jobs for this role right now, so we can't show current pay.</p>{% endif %}
    </div>
  </aside>
</div>
<div class="container">
  <section class="featured-jobs">
    <h2>Jobs for this role</h2>
    {% if vacancies %}
      <ul class="card-grid">{% job_cards vacancies %}</ul>
      <p><a href="{{ jobs_url }}">See all {{ page.title|lower }} jobs</a></p>
    {% else %}
      <p class="empty">There are no jobs for this role right now.</p>
      <p><a href="/jobs/">Search all care jobs</a></p>
    {% endif %}
  </section>
</div>
{% endblock %}
""",
    "campaign/academy_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags campaign_tags %}
{% block title %}{% if interest_form.errors %}Error: {% endif %}{{ block.super }}{% endblock %}
{% block body_class %}page-academy{% endblock %}
{% block content %}
{% page_hero heading=page.title text=page.intro image=page.image cta_text="Register your interest" cta_url=register_href %}
<div class="container layout">
  <div class="layout__main prose">
    <h2>The programme</h2>
    <div class="rich-text">{{ page.programme|safe_richtext }}</div>
    {% include_block page.body %}
    {% if interest_form %}
    <section id="register-interest" class="panel" aria-labelledby="register-interest-title">
      {% include "components/form_errors.html" with form=interest_form %}
      <h2 id="register-interest-title">Register your interest</h2>
      <p>Leave your details and {{ page.organisation.name }} will contact you about its free training, usually within 5 working days. You don't need any experience.</p>
      <form method="post" action="{{ page.url }}#register-interest" novalidate>
        {% csrf_token %}
        {% include "components/form_fields.html" with form=interest_form %}
        <button class="button" type="submit">Register your interest</button>
      </form>
      <p class="hint"><a href="{% url 'privacy-notice' %}">How we use your data</a></p>
    </section>
    {% endif %}
  </div>
  <aside class="layout__side">
    <div class="panel">
      <h2>Next courses</h2>
      {% if page.cohorts %}
      <ul class="plain-list">
        {% for cohort in page.cohorts %}<li><strong>{{ cohort.value.name }}</strong><br>Starts {{ cohort.value.start_date|date:"j F Y" }}{% if cohort.value.venue %}, {{ cohort.value.venue }}{% endif %}{% if cohort.value.places %}<br>{{ cohort.value.places }}{% endif %}</li>{% endfor %}
      </ul>
      {% else %}<p>New dates are coming soon. Register your interest and we'll tell you first.</p>{% endif %}
      {% if register_href %}<a class="button" href="{{ register_href }}">Register your interest</a>{% endif %}
    </div>
  </aside>
</div>
{% if events %}<div class="container"><section class="events"><h2>Information sessions and events</h2><ul class="card-grid">{% event_cards events %}</ul></section></div>{% endif %}
{% endblock %}
""",
    "campaign/event_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags cms_images %}
{% block body_class %}page-event{% endblock %}
{% block content %}
<div class="container layout">
  <div class="layout__main">
    <p class="caption">{{ page.get_kind_display }}</p>
    <h1>{{ page.title }}</h1>
    <p class="lead">{{ page.summary }}</p>
    {% if page.image %}{% srcset_image page.image fill-{480x270,960x540} format-webp sizes="(max-width: 48rem) 100vw, 44rem" class="event__image" alt=page.image.alt %}{% endif %}
    <div class="prose">{% include_block page.body %}</div>
  </div>
  <aside class="layout__side">
    <div class="panel">
      <h2>When and where</h2>
      <dl class="summary-list">
        <dt>Date</dt><dd><time datetime="{{ page.start|date:'c' }}">{{ page.start|date:"l j F Y" }}</time></dd>
        <dt>Time</dt><dd>{{ page.start|date:"g:i a" }} to {{ page.end|date:"g:i a" }}</dd>
        <dt>Where</dt><dd>{% if page.is_online %}Online – we'll email you the link{% else %}{{ page.venue_name }}{% if page.address %}<br>{{ page.address }}{% endif %}{% if page.postcode %}<br>{{ page.postcode }}{% endif %}{% endif %}</dd>
        {% if places_left is not None and not page.is_past %}<dt>Places</dt><dd>{% if is_full %}None left{% else %}{{ places_left }} left{% endif %}</dd>{% endif %}
      </dl>
      {% if page.is_past %}
        <p class="notice"><strong>This event has already taken place.</strong> <a href="{{ page.get_parent.url }}">See upcoming events</a>.</p>
      {% elif is_full %}
        <p class="notice"><strong>This event is full.</strong> <a href="{{ page.get_parent.url }}">See other events</a>.</p>
      {% else %}
        <a class="button button--large" href="{{ page.url }}register/">Register for this event</a>
      {% endif %}
    </div>
  </aside>
</div>
{% endblock %}
""",
    "campaign/quiz_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags campaign_tags %}
{% block content %}
<div class="container narrow">
  <h1>{{ page.title }}</h1>
  {% if result %}
    {% if result.unanswered %}
      <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="quiz-errors"><h2 class="error-summary__title" id="quiz-errors">There is a problem</h2>
        <ul class="error-summary__list">{% for number in result.unanswered %}<li><a href="#q{{ number }}-0">Answer question {{ number }}</a></li>{% endfor %}</ul></div>
    {% else %}
    <section class="panel panel--result" aria-labelledby="quiz-result">
      <h2 id="quiz-result">{{ page.result_intro }}</h2>
      {% if result.roles %}
      <ul class="plain-list">{% for role in result.roles %}<li><a href="{{ role.url }}">{{ role.title }}</a> – {{ role.summary }}</li>{% endfor %}</ul>
      {% endif %}
      <h3>Your next step</h3>
      {% if result.new_to_care %}
        <p>{{ page.academy_text }}</p>
        <form method="get" action="{% url 'academy-finder' %}" class="inline-form">
          <input type="hidden" name="next" value="register">
          <div class="form-group">
            <label class="label" for="quiz-postcode">Your postcode</label>
            <div class="hint" id="quiz-postcode-hint">We'll take you to your local academy's form. For example, NE1 4ST</div>
            <input class="input input--width-10" id="quiz-postcode" name="postcode" type="text" autocomplete="postal-code" aria-describedby="quiz-postcode-hint">
          </div>
          <button class="button" type="submit">Register interest with your local academy</button>
        </form>
        {% if page.academy_finder_page %}<p><a href="{{ page.academy_finder_page.url }}">Or see all the care academies</a></p>{% endif %}
        <p><a href="{{ result.jobs_url }}">Or search these jobs now</a></p>
      {% else %}
        <p><a class="button" href="{{ result.jobs_url }}">Search these jobs</a></p>
        <p><a href="{% url 'academy-finder' %}">Or find your local care academy</a></p>
      {% endif %}
    </section>
    {% endif %}
  {% endif %}
  {% if not result or result.unanswered %}
  {% if page.intro %}<div class="lead rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  <form method="get" action="{{ page.url }}">
    {% for question in quiz_questions %}
    <fieldset class="form-group{% if question.unanswered %} form-group--error{% endif %}" aria-describedby="q{{ question.number }}-hint">
      <legend>{{ question.number }}. {{ question.text }}</legend>
      <span class="hint" id="q{{ question.number }}-hint">{% firstof question.hint "Choose one answer" %}</span>
      {% if question.unanswered %}<span class="error-message"><span class="visually-hidden">Error:</span> Answer question {{ question.number }}</span>{% endif %}
      {% for answer in question.answers %}
      <div class="radio">
        <input type="radio" id="q{{ question.number }}-{{ answer.index }}" name="q{{ question.number }}" value="{{ answer.index }}"{% if answer.checked %} checked{% endif %}>
        <label for="q{{ question.number }}-{{ answer.index }}">{{ answer.text }}</label>
      </div>
      {% endfor %}
    </fieldset>
    {% endfor %}
    <button class="button" type="submit">See my results</button>
  </form>
  {% endif %}
</div>
{% endblock %}
""",
    "campaign/contact_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags campaign_tags %}
{% block content %}
<div class="container narrow">
  <h1>{{ page.title }}</h1>
  {% if page.intro %}<div class="rich-text">{{ page.intro|safe_richtext }}</div>{% endif %}
  {% include "components/error_summary.html" %}
  <form action="{{ page.url }}" method="post" novalidate>
    {% csrf_token %}
    {% for field in form %}{% if field.is_hidden %}{{ field }}{% else %}
    <div class="form-group{% if field.errors %} form-group--error{% endif %}">
      {% if field.field.widget.input_type == "checkbox" %}
        <div class="checkbox">{{ field }} <label for="{{ field.id_for_label }}">{{ field.label }}</label></div>
      {% else %}
        <label class="label" for="{{ field.id_for_label }}">{{ field.label }}</label>
        {% if field.help_text %}<span class="hint">{{ field.help_text }}</span>{% endif %}
        {% for error in field.errors %}<span class="error-message"><span class="visually-hidden">Error:</span> {{ error }}</span>{% endfor %}
        {{ field }}
      {% endif %}
    </div>
    {% endif %}{% endfor %}
    <button class="button" type="submit">Send</button>
  </form>
</div>
{% endblock %}
""",
    "campaign/story_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags cms_images campaign_tags %}
{% block content %}
<article class="container story">
  <h1>{{ page.title }}</h1>
  <div class="story__intro">
    {% if page.photo %}{% srcset_image page.photo fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 100vw, 30rem" class="story__photo" alt=page.photo.alt %}{% endif %}
    <figure class="quote">
      <blockquote class="quote__text"><p>“{{ page.quote }}”</p></blockquote>
      <figcaption class="quote__cite"><strong>{{ page.person_name }}</strong>{% if page.byline %}, {{ page.byline }}{% endif %}</figcaption>
    </figure>
  </div>
  <div class="prose rich-text">{{ page.body|safe_richtext }}</div>
  {% if page.role %}<p><a class="button" href="/jobs/?role={{ page.role.slug }}">See {{ page.role.name|lower }} jobs</a></p>{% endif %}
</article>
{% endblock %}
""",
    "campaign/article_page.html": """{% extends "base.html" %}
{% load wagtailcore_tags wagtailimages_tags cms_images %}
{% block content %}
<article class="container prose">
  <p class="caption"><time datetime="{{ page.date|date:'Y-m-d' }}">{{ page.date|date:"j F Y" }}</time></p>
  <h1>{{ page.title }}</h1>
  <p class="lead">{{ page.summary }}</p>
  {% if page.image %}{% srcset_image page.image fill-{480x270,960x540} format-webp sizes="(max-width: 48rem) 100vw, 40rem" alt=page.image.alt %}{% endif %}
  {% include_block page.body %}
</article>
{% endblock %}
""",
}


LOADERS = ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"]


def _engine(templates: dict) -> Engine:
    from django.conf import settings

    return Engine(
        dirs=settings.TEMPLATES[0]["DIRS"],
        loaders=[("django.template.loaders.locmem.Loader", {"base.html": BASE, **templates}), *LOADERS],
        libraries=get_installed_libraries(),
    )


OLD_ENGINE = _engine(OLD)
NEW_ENGINE = _engine({})


def _get(path: str = "/", **params):
    request = RequestFactory().get(path, params, HTTP_HOST="localhost")
    request.user = AnonymousUser()
    return request


def _assert_same(page, request=None, **overrides) -> str:
    """The page served as it is (its view's context), its content written by the old template and
    by the new: the same. `overrides` replace context values (states hard to reach in data)."""
    request = request or _get(page.url)
    response = page.serve(request)
    # Context, not RequestContext: its csrf processor would mask the token anew for each render.
    context = {"csrf_token": get_token(request), **response.context_data, **overrides}
    name = response.template_name
    new = NEW_ENGINE.get_template(name).render(Context(context))
    old = OLD_ENGINE.get_template(name).render(Context(context))
    assert new == old, name
    return new


@pytest.fixture
def hostile_image(db):
    return make_image(title="Hostile", alt=HOSTILE)


def test_role_index(site, hostile_image):
    html = _assert_same(site.roles)
    assert 'href="/roles/care-worker/">Care worker</a>' in html and "card__image" in html
    child_page(site.roles, RoleProfilePage, "hostile", title=HOSTILE, summary=HOSTILE, what_you_do="<p>x</p>")
    child_page(
        site.roles,
        RoleProfilePage,
        "pictured",
        title="B",
        summary="Plain",
        image=hostile_image,
        what_you_do="<p>x</p>",
    )
    site.roles.intro = HOSTILE_HTML
    html = _assert_same(site.roles)
    assert "&lt;b&gt;Tom &amp; &quot;Jerry&quot;" in html and "<script>" not in html
    _assert_same(site.roles, roles=[])


def test_story_index(site, newcastle, hostile_image):
    _assert_same(site.stories)
    site.stories.intro = HOSTILE_HTML
    for number in range(13):
        child_page(
            site.stories,
            StoryPage,
            f"story-{number}",
            title=f"Story {number}",
            person_name=HOSTILE if number % 2 else "Jo",
            quote=HOSTILE,
            local_authority=newcastle if number % 3 else None,
            photo=hostile_image if number % 4 else None,
            body="<p>x</p>",
        )
    for params in ({}, {"page": "2"}, {"page": "99"}, {"role": "care-worker"}, {"area": newcastle.slug}):
        _assert_same(site.stories, _get(site.stories.url, **params))
    html = _assert_same(site.stories, _get(site.stories.url, role="care-worker", area=newcastle.slug))
    assert "selected" in html
    html = _assert_same(site.stories, _get(site.stories.url, page="2"))
    assert 'rel="prev" href="?page=1"' in html and "Page 2 of 2" in html
    _assert_same(site.stories, _get(site.stories.url, role="nobody"))  # an invalid choice: all stories
    StoryPage.objects.child_of(site.stories).update(live=False)
    html = _assert_same(site.stories)
    assert "No stories match." in html


def test_news_index(site, hostile_image):
    _assert_same(site.news)
    site.news.intro = HOSTILE_HTML
    for number in range(11):
        child_page(
            site.news,
            ArticlePage,
            f"article-{number}",
            title=HOSTILE,
            summary=HOSTILE,
            date=date(2026, 1 + number, 3),
            image=hostile_image if number % 2 else None,
            body=[paragraph("<p>x</p>")],
        )
    for number in ("1", "2", "x"):
        html = _assert_same(site.news, _get(site.news.url, page=number))
    assert "Page 2 of 2" in html or "Page 1 of 2" in html
    _assert_same(site.news, articles=[])


def test_academy_and_area_indexes(site):
    for page in (site.academies, site.areas):
        _assert_same(page)
        page.title = HOSTILE
        page.intro = HOSTILE_HTML
        _assert_same(page)
    _assert_same(site.academies, academies=[], finder={"heading": HOSTILE, "text": HOSTILE})
    _assert_same(site.areas, areas=[])
    council = LocalAuthorityFactory(name=HOSTILE, slug="hostile")
    child_page(site.areas, AreaPage, "hostile", title="Hostile", local_authority=council, intro="<p>x</p>")
    assert "&lt;script&gt;" in _assert_same(site.areas)


def test_event_index(site):
    _assert_same(site.events)
    site.events.intro = HOSTILE_HTML
    child_page(
        site.events,
        EventPage,
        "gone",
        title=HOSTILE,
        summary=HOSTILE,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=2),
        online_url="https://meet.example.org/",
        venue_name="",
    )
    html = _assert_same(site.events)
    assert "Past events" in html
    _assert_same(site.events, upcoming=[])
    _assert_same(site.events, upcoming=[], past=[])


def test_area_page(site, hostile_image):
    html = _assert_same(site.area)
    assert "hero--image" in html
    area = site.area
    area.figures = [
        block("figure", {"figure": "1,900", "label": "care services", "source": ""}),
        block("figure", {"figure": HOSTILE, "label": HOSTILE, "source": HOSTILE}),
    ]
    area.body = [paragraph("<p>More about care here.</p>")]
    area.intro = HOSTILE_HTML
    _assert_same(area)
    area.image = hostile_image
    _assert_same(area)
    area.image = None
    academy = site.academy
    academy.title, academy.intro = HOSTILE, HOSTILE
    for overrides in (
        {"academy": academy, "job_count": 1, "employer_count": 1},
        {"academy": None, "vacancies": [], "events": [], "job_count": 0, "employer_count": 0},
        {"jobs_url": '/jobs/?area=x&q="y"', "job_count": 2, "employer_count": 3},
    ):
        _assert_same(area, **overrides)


def test_role_profile_page(site, hostile_image):
    html = _assert_same(site.role)
    assert "Day care assistant" in html
    role = site.role
    role.progression = [
        block("step", {"title": HOSTILE, "text": HOSTILE, "role_page": site.role.pk}),
        block("step", {"title": "Senior carer", "text": "", "role_page": None}),
    ]
    role.body = [paragraph("<p>More.</p>")]
    role.title = role.summary = HOSTILE
    role.image = hostile_image
    html = _assert_same(role)
    assert 'class="steps__item"><strong><a href="/roles/care-worker/">' in html
    role.day_in_the_life = role.skills = ""
    role.image = None
    role.progression = []
    pays = [
        PayRange(None, None, [], 0),
        PayRange(Decimal("12.6"), Decimal("14.25"), [], 1),
        PayRange(Decimal("12"), Decimal("1200"), [("3", Decimal("24071"), Decimal("25674"))], 2),
        PayRange(None, None, [("4", Decimal("26530"), Decimal("29114")), ("5", Decimal(1), Decimal(2))], 0),
    ]
    for pay in pays:
        _assert_same(role, pay=pay)
    _assert_same(role, vacancies=[], jobs_url='/jobs/?q="x"&r=<1>')


def test_academy_page(site, hostile_image):
    html = _assert_same(site.academy)
    assert 'name="csrfmiddlewaretoken"' in html and 'id="register-interest"' in html
    academy = site.academy
    academy.cohorts = [
        block("cohort", {"name": HOSTILE, "start_date": "2027-01-11", "venue": HOSTILE, "places": HOSTILE}),
        block("cohort", {"name": "Care Certificate", "start_date": "2027-03-01", "venue": "", "places": ""}),
    ]
    academy.body = [paragraph("<p>More.</p>")]
    academy.title = academy.intro = HOSTILE
    academy.programme = HOSTILE_HTML
    academy.image = hostile_image
    academy.organisation.name = HOSTILE
    _assert_same(academy)
    _assert_same(academy, events=[])
    academy.register_url = 'https://example.org/register?a=1&b="2"'
    academy.image = None
    academy.cohorts = []
    html = _assert_same(academy)
    assert "register-interest" not in html
    academy.register_url = ""
    form = AcademyInterestForm({"name": "", "email": HOSTILE, "website": "x"}, academy_name=HOSTILE)
    assert not form.is_valid()
    html = _assert_same(academy, interest_form=form)
    assert "There is a problem" in html and "Enter your full name" in html


def test_event_page(site, hostile_image):
    event = site.event
    html = _assert_same(event)
    assert "Register for this event" in html
    event.title = event.summary = HOSTILE
    event.body = [paragraph("<p>Bring your CV.</p>")]
    event.image = hostile_image
    _assert_same(event)
    event.image = None
    event.address = event.postcode = ""
    event.venue_name = HOSTILE
    _assert_same(event)
    event.online_url, event.venue_name = "https://meet.example.org/a?b=1&c=2", ""
    for overrides in ({"places_left": 0, "is_full": True}, {"places_left": None, "is_full": False}):
        _assert_same(event, **overrides)
    event.start = timezone.now() - timedelta(days=2, hours=3)  # past, and a morning or an afternoon
    event.end = event.start + timedelta(hours=13)
    html = _assert_same(event)
    assert "This event has already taken place." in html
    event.start = event.start.replace(hour=0, minute=5)
    _assert_same(event, places_left=0, is_full=True)


def test_quiz_page(site, home_page):
    quiz = site.quiz
    html = _assert_same(quiz)
    assert 'name="q1" value="1"' in html and "Choose one answer" in html
    for params in ({"q1": "0"}, {"q1": "1"}, {"q1": "7"}):
        _assert_same(quiz, _get(quiz.url, **params))
    role = {"text": HOSTILE, "roles": [site.role.pk], "new_to_care": True}
    quiz = child_page(
        home_page,
        QuizPage,
        "is-care-for-me",
        intro=HOSTILE_HTML,
        result_intro=HOSTILE,
        academy_text=HOSTILE,
        academy_finder_page=None,
        questions=[
            block(
                "question", {"question": HOSTILE, "hint": HOSTILE, "answers": [role, {**role, "roles": []}]}
            ),
            block(
                "question", {"question": "Two", "hint": "", "answers": [{**role, "new_to_care": False}] * 2}
            ),
        ],
    )
    for params in ({}, {"q1": "0"}, {"q2": "1"}, {"q1": "0", "q2": "0"}, {"q1": "1", "q2": "1"}):
        html = _assert_same(quiz, _get(quiz.url, **params))
    assert "There is a problem" not in html and "<script>" not in html
    html = _assert_same(quiz, _get(quiz.url, q2="1"))
    assert 'href="#q1-0">Answer question 1</a>' in html and "checked" in html
    quiz.academy_finder_page = site.academies
    html = _assert_same(quiz, _get(quiz.url, q1="0", q2="1"))
    assert "Or see all the care academies" in html


def test_contact_page(site):
    contact = site.contact
    html = _assert_same(contact)
    assert 'name="csrfmiddlewaretoken"' in html and "<textarea" in html
    for field_type, label in (("checkbox", HOSTILE), ("email", "Email"), ("dropdown", "Pick")):
        ContactFormField.objects.create(
            page=contact,
            label=label,
            field_type=field_type,
            help_text=HOSTILE,
            choices="a\nb&c",
            required=False,
        )
    contact.intro = HOSTILE_HTML
    contact.title = HOSTILE
    _assert_same(contact)
    for data in ({}, {"your_name": HOSTILE, "email": "not an email"}):
        posted = RequestFactory().post(contact.url, data, HTTP_HOST="localhost")
        posted.user = AnonymousUser()
        html = _assert_same(contact, posted)
        assert "There is a problem" in html
    _assert_same(contact, form=None)


def test_story_page(site, newcastle, hostile_image):
    story = site.story
    html = _assert_same(story)
    assert 'href="/jobs/?role=care-worker">See care worker jobs</a>' in html
    story.title = story.quote = story.person_name = story.employer_name = HOSTILE
    story.body = HOSTILE_HTML
    story.photo = hostile_image
    _assert_same(story)
    story.photo = story.role = story.local_authority = None
    story.employer_name = story.job_title = ""
    html = _assert_same(story)
    assert "See " not in html
    story.local_authority = newcastle
    _assert_same(story)


def test_article_page(site, hostile_image):
    article = site.article
    html = _assert_same(article)
    assert '<time datetime="' in html
    article.title = article.summary = HOSTILE
    article.image = hostile_image
    article.date = date(987, 3, 4)
    _assert_same(article)
    article.image = None
    article.body = []
    _assert_same(article)
