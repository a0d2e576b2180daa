"""Run a bench script again under valgrind's callgrind and read back its instruction counts.

The script, run as the child, serves its requests inside `itertools.starmap` (the only code
collection is switched on for) and calls `dump(name)` after each group; the parent gets
{name: million instructions per request}. Shared by campaign_instructions.py and
search_instructions.py."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOGGLE = "starmap_next"  # collection is on inside itertools.starmap's next()
CHILD = "_BENCH_UNDER_VALGRIND"


def in_child() -> bool:
    return bool(os.environ.get(CHILD))


def dump(name: str) -> None:
    """Ask callgrind to write what this process counted since the last dump, labelled `name`."""
    subprocess.run(["callgrind_control", "-d", name, str(os.getpid())], capture_output=True, check=False)


def millions_per_request(script: str, requests: int) -> dict[str, float] | None:
    """Run `script` under callgrind; None (with a message) when valgrind is not installed."""
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt-get install -y valgrind)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "callgrind.out")
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--collect-atstart=no",
                f"--toggle-collect={TOGGLE}",
                f"--callgrind-out-file={out}.%p",
                sys.executable,
                script,
            ],
            env={**os.environ, CHILD: "1"},
            capture_output=True,
            check=True,
        )
        counts = {}
        for found in glob.glob(f"{out}.*.*"):
            head = Path(found).read_text()[:4000]
            name = re.search(r"Trigger: dump (\S+)", head).group(1)
            counts[name] = int(re.search(r"summary: (\d+)", head).group(1)) / requests / 1e6
    return counts
