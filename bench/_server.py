"""Serving the project for a benchmark: the environment, management commands and gunicorn on
127.0.0.1. Shared by bench/run.py (`make bench`) and bench/load.py (`make loadtest`).

The database is BENCH_DB (default ccne_bench) or BENCH_DATABASE_URL; Redis is BENCH_REDIS_URL.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
DB_NAME = os.environ.get("BENCH_DB", "ccne_bench")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def env(**extra: str) -> dict[str, str]:
    """Production settings over plain HTTP on loopback, with the benchmark's database and Redis."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-only-" + "q" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "BENCH_CEILING": "true",
        "LOG_LEVEL": "WARNING",
        "VIRUS_SCAN": "off",  # the benchmark uploads nothing; production needs clamd or this opt-out
        **extra,
    }


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env(), check=True, text=True, capture_output=True, **kwargs)


def manage(*args: str) -> str:
    return run([PY, "manage.py", *args]).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    port: int,
    *,
    options: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
    log: Path | None = None,
) -> subprocess.Popen:
    """gunicorn serving cms.wsgi on 127.0.0.1:port; returns once it accepts connections."""
    process = subprocess.Popen(
        [PY, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env(**(extra_env or {})),
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w") if log else subprocess.DEVNULL,  # noqa: SIM115
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
