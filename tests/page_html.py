"""A page as a visitor reads it, parsed with the standard library's HTML parser: elements found by
tag, class or attribute, their text with whitespace collapsed, links and images.

    page = parse(client.get(url).content.decode())
    main = page.find("main")
    assert main.find("h1").text == "Care worker"
    assert ("See all jobs in Newcastle", "/jobs/?area=newcastle") in main.links()
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "template"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    @property
    def text(self) -> str:
        """The text a visitor reads in the element (scripts and styles left out), whitespace collapsed."""
        return re.sub(r"\s+", " ", "".join(self._texts())).strip()

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag not in HIDDEN:
                if child.tag in {"br", "p", "li", "div"}:
                    yield " "
                yield from child._texts()
                if child.tag in {"p", "li", "div"}:
                    yield " "

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Element]:
        """Elements below this one with this tag, class and attributes (`for_="x"` for `for`;
        `selected=True`: the attribute is there, whatever its value)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(
                name in element.attrs if value is True else element.attrs.get(name) == value
                for name, value in wanted.items()
            )
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> Element | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> Element:
        """The only such element (an AssertionError when there is none or more than one)."""
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag or ''}.{cls or ''} {attrs}, found {len(found)}"
        return found[0]

    def texts(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[str]:
        return [element.text for element in self.find_all(tag, cls, **attrs)]

    def links(self) -> list[tuple[str, str]]:
        """(text, href) of every link below this element."""
        return [(a.text, a.get("href")) for a in self.find_all("a")]

    def link(self, text: str) -> str:
        """The href of the one link with this text."""
        hrefs = [href for label, href in self.links() if label == text]
        assert len(hrefs) == 1, f"expected one link {text!r}, found {hrefs} among {self.links()}"
        return hrefs[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        element = self.current
        while element is not self.root and element.tag != tag:
            element = element.parent
        if element is not self.root:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    if isinstance(html, bytes):
        html = html.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def main_of(response) -> Element:
    """The page's <main> (what the page itself shows, without the site chrome)."""
    assert response.status_code == 200, response.status_code
    return parse(response.content).one("main")
