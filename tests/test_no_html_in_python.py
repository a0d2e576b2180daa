"""HTML lives in templates (issue 23.1): no Python module of the project writes markup from strings.

Every string literal (f-strings' literal parts too) in campaign/, cms/ and ats/, migrations and
tests left out, is searched for an HTML tag; docstrings may name tags. A literal that must hold
markup is allowed below, each with its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("campaign", "cms", "ats")
TAG = re.compile(
    r"<(?:a|abbr|article|aside|b|blockquote|br|button|dd|details|div|dl|dt|em|fieldset|figure|footer|"
    r"form|h[1-6]|header|hr|i|img|input|label|legend|li|main|meta|nav|ol|option|p|picture|script|"
    r"section|select|small|span|strong|summary|table|td|textarea|th|time|title|tr|ul)(?=[\s>/])",
    re.IGNORECASE,
)

DEMO_RICH_TEXT = "demo content: rich text as an editor types it into Wagtail, stored in the database"
# {path: reason}: modules whose literals hold markup that is data, not a page being built.
ALLOWED_MODULES = {
    "campaign/demo/content.py": DEMO_RICH_TEXT,
    "campaign/demo/events.py": DEMO_RICH_TEXT,
    "campaign/demo/landings.py": DEMO_RICH_TEXT,
    "campaign/demo/people.py": DEMO_RICH_TEXT,
    "campaign/demo/site.py": DEMO_RICH_TEXT,
    "cms/bench_views.py": "the benchmark ceiling: the cheapest Django HTML response, mounted only under "
    "BENCH_CEILING=true (bench/run.py)",
}
# {(path, literal): reason}: single literals that are data.
ALLOWED_LITERALS = {
    ("campaign/blocks.py", "<p>Every new starter gets the Care Certificate and a mentor.</p>"): (
        "a rich text block's preview value (what an editor would type)"
    ),
    ("campaign/blocks.py", "<p>No. We train you.</p>"): "a rich text block's preview value",
    (
        "cms/blocks.py",
        "<p>Care work changes lives, including yours.</p>",
    ): "a rich text block's preview value",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def html_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each string literal in the source holding an HTML tag."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and TAG.search(node.value)
    ]


def modules(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.relative_to(root).parts and "tests" not in path.relative_to(root).parts
    )


def markup_in_python(root: Path = ROOT) -> list[str]:
    found = []
    for path in modules(root):
        name = path.relative_to(root).as_posix()
        if name in ALLOWED_MODULES:
            continue
        for line, literal in html_literals(path.read_text()):
            if (name, literal) not in ALLOWED_LITERALS:
                found.append(f"{name}:{line}: {literal[:80]!r}")
    return found


def test_no_python_module_writes_html():
    assert markup_in_python() == [], "write it in a template (templates/components/, blocks/, ...)"


PLANTED = '''
"""A docstring may say <div> or <a href>."""
CARD = '<li class="card">'
NOT_A_TAG = "3 < 4, a<b, <br-like"


def card(title):
    """Returns <p>."""
    return f'<a href="/x/">{title}</a>' + "<span>" + 'x <img src="y">'
'''


def test_the_check_finds_markup_written_in_python(tmp_path):
    (tmp_path / "campaign" / "migrations").mkdir(parents=True)
    (tmp_path / "campaign" / "cards.py").write_text(PLANTED)
    (tmp_path / "campaign" / "migrations" / "0001_initial.py").write_text(PLANTED)
    (tmp_path / "campaign" / "demo").mkdir()
    (tmp_path / "campaign" / "demo" / "content.py").write_text(PLANTED)  # allowed: demo content

    found = markup_in_python(tmp_path)

    assert sorted(found) == [
        "campaign/cards.py:3: '<li class=\"card\">'",
        "campaign/cards.py:9: '<a href=\"/x/\">'",
        "campaign/cards.py:9: '<span>'",
        "campaign/cards.py:9: 'x <img src=\"y\">'",
    ]


def test_the_check_looks_at_every_package_and_allows_only_what_exists():
    names = {path.relative_to(ROOT).as_posix() for path in modules()}

    assert {name.split("/")[0] for name in names} == set(PACKAGES)
    assert not any("migrations" in name for name in names)
    assert set(ALLOWED_MODULES) <= names  # no reason kept for a module that has gone
    for (name, literal), _reason in ALLOWED_LITERALS.items():
        assert (name, literal) in {(name, found) for _, found in html_literals((ROOT / name).read_text())}
