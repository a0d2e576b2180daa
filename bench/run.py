"""`make bench`: run every benchmark in this folder, one after another."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("*.py")):
    if script.name == "run.py":
        continue
    print(f"== {script.name}")
    failed |= subprocess.call([sys.executable, str(script)])
sys.exit(failed)
