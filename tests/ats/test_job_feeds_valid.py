"""The job feeds hold what aggregators read: every element Indeed's XML job feed requires, filled,
for every live job (and only live jobs), well-formed whatever a recruiter typed; a JSON Feed 1.1
that passes the format's rules (a version URL, items with an id and content, RFC 3339 dates,
extensions only under names starting "_"); RSS items with a guid and a date."""

import datetime
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from tests.factories import LocalAuthorityFactory, LocationFactory, VacancyFactory

pytestmark = pytest.mark.django_db

INDEED_REQUIRED = [
    "title", "date", "referencenumber", "url", "company", "city", "state", "country", "description",
]  # fmt: skip
INDEED_RECOMMENDED = ["salary", "jobtype", "expirationdate", "category"]

JSON_FEED_1_1 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string"},
                    "date_modified": {"type": "string"},
                    "authors": {
                        "type": "array",
                        "items": {"type": "object", "required": ["name"]},
                    },
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "propertyNames": {
                    "anyOf": [
                        {"pattern": "^_"},
                        {
                            "enum": [
                                "id",
                                "url",
                                "external_url",
                                "title",
                                "content_html",
                                "content_text",
                                "summary",
                                "image",
                                "banner_image",
                                "date_published",
                                "date_modified",
                                "authors",
                                "tags",
                                "language",
                                "attachments",
                            ]
                        },
                    ]
                },
            },
        },
    },
}


@pytest.fixture
def jobs():
    council = LocalAuthorityFactory(name="Northumberland", slug="northumberland")
    place = LocationFactory(local_authority=council, town="Hexham")
    tricky = VacancyFactory(
        title="Carer <nights> & days ]]> more",
        description="Kind & patient.\n\nNo <b>experience</b> needed ]]>",
        locations=[place],
    )
    plain = VacancyFactory(title="Home care worker", locations=[place])
    VacancyFactory(draft=True, title="Draft")
    VacancyFactory(closed=True, title="Closed")
    return [tricky, plain]


def test_xml_feed_has_every_element_indeed_requires_for_every_live_job(client, jobs):
    response = client.get("/jobs/feed.xml")

    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 (our own output)
    assert root.tag == "source" and root.findtext("publisherurl").endswith("/jobs/")
    found = {job.findtext("referencenumber"): job for job in root.findall("job")}
    assert set(found) == {str(job.public_id) for job in jobs}
    for job in found.values():
        missing = [
            name for name in INDEED_REQUIRED + INDEED_RECOMMENDED if not (job.findtext(name) or "").strip()
        ]
        assert missing == [], f"{job.findtext('title')} lacks {missing}"
        assert job.findtext("country") == "GB"
        datetime.datetime.fromisoformat(job.findtext("date"))
        datetime.date.fromisoformat(job.findtext("expirationdate"))
    assert found[str(jobs[0].public_id)].findtext("title") == "Carer <nights> & days ]]> more"
    assert "]]>" in found[str(jobs[0].public_id)].findtext("description")


def test_json_feed_keeps_to_json_feed_1_1(client, jobs):
    data = client.get("/jobs/feed.json").json()

    jsonschema.validate(data, JSON_FEED_1_1)
    assert {item["id"] for item in data["items"]} == {str(job.public_id) for job in jobs}
    for item in data["items"]:
        for name in ("date_published", "date_modified"):
            assert datetime.datetime.fromisoformat(item[name]).tzinfo is not None  # RFC 3339 has an offset


def test_area_rss_items_have_a_guid_a_link_and_a_date(client, jobs):
    response = client.get("/jobs/areas/northumberland/feed.rss")

    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    items = root.findall("channel/item")
    assert len(items) == 2
    for item in items:
        assert item.findtext("guid") and item.findtext("link").startswith("http")
        assert item.findtext("pubDate")
