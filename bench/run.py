"""make bench: run every benchmark in turn. Each prints its own figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ["search.py", "alerts.py"]:
    print(f"== {script}")
    subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]], check=False, cwd=HERE.parent)
