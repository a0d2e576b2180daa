"""Fault injection against real services. A private redis-server per test keeps the machine's
shared Redis untouched; the worker is a real Celery process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.fixtures.services import ROOT, _stop, free_port, wait_for_port


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process:
            _stop(self.process)
            self.process = None


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def start_worker(
    broker_url: str, *, extra_env: dict[str, str] | None = None, include: str = ""
) -> subprocess.Popen:
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "REDIS_URL": broker_url,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        **(extra_env or {}),
    }
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "cms",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
    ]
    if include:
        args += ["--include", include]
    log = open(ROOT / ".pytest-fault-worker.log", "a")  # noqa: SIM115
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(3)
    return process


class FrozenServer:
    """A TCP port that accepts connections and never answers, like a Redis stopped with SIGSTOP
    or a host whose process hangs: every client waits until its own timeout."""

    def __init__(self) -> None:
        import socket
        import threading

        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.connections: list = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)  # kept open, never read or answered

    def close(self) -> None:
        self.listener.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def frozen_redis():
    server = FrozenServer()
    yield server
    server.close()


@pytest.fixture
def dead_redis_url() -> str:
    """A Redis URL on a port nothing listens on (connections refused)."""
    return f"redis://127.0.0.1:{free_port()}/0"


def database_url_for_tests() -> str:
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class SiteServer:
    """The site under gunicorn (one sync worker, as in production), on the test database unless
    told otherwise, with the given Redis for cache and broker. Requests go through the whole stack."""

    def __init__(self, redis_url: str, *, database_url: str = "", extra_env: dict[str, str] | None = None):
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DEBUG": "false",
            "REDIS_URL": redis_url,
            "DATABASE_URL": database_url or database_url_for_tests(),
            **(extra_env or {}),
        }
        log = open(ROOT / ".pytest-fault-site.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "30",
                "--graceful-timeout",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, timeout=30)
        # The worker's first request imports and loads everything (seconds on a busy machine):
        # make it here, so the test times what the fault costs rather than a cold start.
        import urllib.request

        with urllib.request.urlopen(f"{self.url}/robots.txt", timeout=30) as response:
            assert response.status == 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        _stop(self.process)


@pytest.fixture
def site_server():
    """`site_server(redis_url, database_url=..., extra_env=...)` starts the site; stopped afterwards."""
    servers: list[SiteServer] = []

    def start(redis_url: str, **kwargs) -> SiteServer:
        servers.append(SiteServer(redis_url, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
