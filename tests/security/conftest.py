"""The security suite reports how many cases each part tried and how many held."""

from collections import Counter

import pytest

_tried: Counter = Counter()
_held: Counter = Counter()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and "tests/security/" in str(item.fspath):
        part = item.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
        _tried[part] += 1
        if report.passed:
            _held[part] += 1


def pytest_terminal_summary(terminalreporter):
    if not _tried:
        return
    terminalreporter.section("security suite")
    for part in sorted(_tried):
        terminalreporter.write_line(f"{part}: {_tried[part]} cases tried, {_held[part]} held")
