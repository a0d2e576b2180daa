"""No module over about 500 lines (issue 23.4): a module that grows past it is split by what it does
(docs/adr/0016-ats-layout.md). Every Python module in campaign/, cms/ and ats/ is counted,
migrations left out (Django writes them)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("campaign", "cms", "ats")
MAX_LINES = 500


def modules(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.relative_to(root).parts
    )


def too_long(root: Path = ROOT, limit: int = MAX_LINES) -> list[str]:
    """`path: N lines` for each module over `limit` lines, longest first."""
    lengths = {
        path.relative_to(root).as_posix(): len(path.read_text().splitlines()) for path in modules(root)
    }
    return [
        f"{name}: {lines} lines"
        for name, lines in sorted(lengths.items(), key=lambda item: -item[1])
        if lines > limit
    ]


def test_no_module_is_over_500_lines():
    assert too_long() == [], f"split these by what they do (at most {MAX_LINES} lines each)"


def test_the_check_names_each_long_module_and_its_length(tmp_path):
    (tmp_path / "ats" / "alerts").mkdir(parents=True)
    (tmp_path / "ats" / "migrations").mkdir()
    (tmp_path / "cms").mkdir()
    (tmp_path / "ats" / "alerts" / "services.py").write_text("x = 1\n" * 648)
    (tmp_path / "ats" / "alerts" / "views.py").write_text("x = 1\n" * 500)  # at the limit: fine
    (tmp_path / "cms" / "email.py").write_text("x = 1\n" * 501)
    (tmp_path / "ats" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 5000)
    (tmp_path / "notes.py").write_text("x = 1\n" * 900)  # outside the packages

    assert too_long(tmp_path) == ["ats/alerts/services.py: 648 lines", "cms/email.py: 501 lines"]


def test_the_check_counts_every_package():
    names = {path.relative_to(ROOT).as_posix() for path in modules()}

    assert {name.split("/")[0] for name in names} == set(PACKAGES)
    assert "ats/alerts/matching.py" in names and "campaign/demo/site.py" in names
    assert not any("/migrations/" in name for name in names)
