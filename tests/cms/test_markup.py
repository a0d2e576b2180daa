"""`cms.markup.escaped` writes what `{{ value }}` writes (`conditional_escape`), whatever the value,
and `cms.markup.strip_tags` returns what Django's does, whatever the markup."""

import random

from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.html import strip_tags as django_strip_tags
from django.utils.safestring import mark_safe

from cms.markup import escaped, strip_tags


class _Str(str):
    pass


class _Html:
    def __html__(self) -> str:
        return "<b>kept</b>"


def test_escaped_is_conditional_escape():
    values = [
        "",
        "plain text",
        "/stories/amira/",
        "Tom & Jerry",
        "<script>",
        "a > b",
        'say "hi"',
        "O'Neil",
        "&amp; already",
        "all & < > \" ' of them",
        mark_safe("<b>safe</b>"),
        _Str("sub & class"),
        lazy(lambda: "lazy & <text>", str)(),
        _Html(),
        42,
        None,
        3.5,
    ]
    for value in values:
        assert escaped(value) == str(conditional_escape(value)), value


STRIP_CASES = [
    "",
    "no tags at all & no entities",
    "a < b and c > d",
    "<p>An answer.</p>",
    '<p>Pay is <b>£12.60</b> an hour, <a href="/roles/carer/">see roles</a>.</p>',
    '<p>Call <a linktype="page" id="3">us</a> &amp; ask &#39;why&#x27; &nbsp;now</p>',
    "<ul><li>One</li><li>Two &gt; one</li></ul><br/><hr />",
    "<P CLASS=lead>Upper case</P >",
    "<h2>Title</h2><p>Text</p>\n<p>More</p>",
    '<a title="a>b">quoted angle</a>',
    "<a title='it\"s'>quotes</a>",
    '<a title="unclosed>text</a>',
    "<p>a & b</p>",
    "<p>&amp</p>",
    "<p>&#39 no semicolon</p>",
    "<p>&a.b; odd</p>",
    "<!-- a comment --><p>x</p>",
    "<script>if (a < b) alert('x')</script><p>y</p>",
    "<style>p > a {}</style>text",
    "<textarea><b>x</b></textarea>",
    "<p>1 <2 and 3> 0</p>",
    "<<p>>doubled<</p>>",
    "<p<b>>nested</b>",
    "</p>",
    "<br>",
    "<unknown-tag>x</unknown-tag>",
    "<custom>x</custom>",
    "<p\u00a0class='x'>nbsp in tag</p>",
    "<p\tclass='x'\n>tab</p>",
    "<p class=>empty value</p>",
    '<p class= "a" id = b data-x>spaces</p>',
    "<p/>self",
    "<p / >odd self",
    "<a href=x/>slash value</a>",
    "<?php echo 1 ?>x",
    "<![CDATA[x]]>y",
    "<!doctype html><p>z</p>",
    "< p>space after</p>",
    "text <",
    "text >",
    "<p>trailing &",
    '<embed embedtype="image" id="5" format="left"/>',
]


def test_strip_tags_is_djangos():
    for value in STRIP_CASES:
        assert strip_tags(value) == django_strip_tags(value), value


def test_strip_tags_is_djangos_for_random_markup():
    pieces = [
        "<p>", "</p>", "<b>", "</b>", "<a href=\"/x?a=1&amp;b=2\">", "</a>", "<br/>", "<i ", "class='c'",
        ">", "<", "&", "&amp;", "&#39;", "&#x27;", "&lt", ";", "\"", "'", " ", "\n", "text", "é", "/",
        "=", "<!--", "-->", "<script>", "</script>", "<li>", "</ li>", "<P>", "<h2 id=a>", "x",
    ]  # fmt: skip
    rng = random.Random(2026)  # noqa: S311 - test data, repeatable
    for _ in range(20000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert strip_tags(value) == django_strip_tags(value), value
