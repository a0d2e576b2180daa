"""A test that skips for any reason but the missing real services or PostgreSQL fails the run, with
its reason; the allowed skips are still printed (-rs). Runs pytest on a small test file with the
suite's skip rule (tests/fixtures/skips.py) as a plugin."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SKIPPING = """
import pytest


def test_needs_a_missing_file():
    pytest.skip("reference file not present")


@pytest.mark.postgresql
def test_needs_postgresql():
    pytest.skip("needs PostgreSQL")


def test_runs():
    assert True
"""


def run(tmp_path, source):
    (tmp_path / "test_example.py").write_text(source)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.fixtures.skips",
            "-p",
            "no:randomly",
            "-rs",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_skip_for_a_missing_prerequisite_fails_the_run_and_says_why(tmp_path):
    result = run(tmp_path, SKIPPING)

    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed, 1 skipped" in result.stdout
    assert "reference file not present" in result.stdout
    assert "Only tests marked integration, faults, postgresql may skip" in result.stdout
    assert "SKIPPED [1]" in result.stdout and "needs PostgreSQL" in result.stdout  # -rs prints it
