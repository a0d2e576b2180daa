"""Issue 22.6: virus scanning never fails open in production.

Production does not start without a ClamAV daemon unless scanning is switched off on purpose
(VIRUS_SCAN=off), which is logged on every upload and makes `check --deploy` warn (CI fails on
warnings). The real part, clamd, is tested in the integration suite: a clamd started here with a
one-line signature database of our own (no download needed) scans a clean CV and an infected one
through the upload page."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from ats.applications.scanning import EICAR_SIGNATURE, ClamdScanner, ScannerUnavailable, Verdict
from ats.models import CV
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SECRET = "throwaway-" + "k8Jq2vX9pLm4Rt7Wz1Nb5Hc3Yd6Fg0Sa" * 2
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "care.example",
}
SIGNATURE_NAME = "Ccne.Test.EICAR"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLAMD_", "VIRUS_SCAN", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_virus_scanner():
    result = manage("check")

    assert result.returncode == 1
    assert "No virus scanner: set CLAMD_HOST (and CLAMD_PORT) or CLAMD_SOCKET" in result.stderr
    assert "Traceback" not in result.stderr


def test_switching_scanning_off_is_allowed_but_check_deploy_warns_and_fails_ci():
    result = manage("check", "--deploy", "--fail-level", "WARNING", VIRUS_SCAN="off")

    assert result.returncode == 1
    assert "ats.W001" in result.stderr and "Virus scanning is switched off" in result.stderr
    assert manage("check", VIRUS_SCAN="off").returncode == 0  # it does start


def test_production_with_a_clamd_address_starts_and_passes_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", CLAMD_HOST="clamav.internal")

    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.usefixtures("home_page", "eager_tasks")
def test_an_upload_with_scanning_switched_off_is_logged(client, jobseeker, settings, caplog):
    settings.VIRUS_SCAN, settings.CLAMD_HOST, settings.CLAMD_SOCKET = "off", None, None
    client.force_login(jobseeker)

    with caplog.at_level(logging.WARNING, logger="ats.applications.scanning"):
        client.post("/me/cvs/", {"file": SimpleUploadedFile("cv.pdf", make_pdf())})

    assert "Virus scanning is off (VIRUS_SCAN=off)" in caplog.text


@pytest.fixture(scope="module")
def real_clamd(tmp_path_factory):
    """Debian's clamd on a unix socket, with a signature database of one line: EICAR's bytes
    anywhere in a file (an .ndb body signature), so it starts in a second without downloading
    ClamAV's databases. .ci/run installs clamav-daemon."""
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if binary is None:
        pytest.skip("clamd is not installed (apt-get install clamav-daemon)")
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "db" / "ccne-test.ndb").write_text(f"{SIGNATURE_NAME}:0:*:{EICAR_SIGNATURE.hex()}\n")
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    lines = [
        "Foreground yes",
        f"DatabaseDirectory {folder / 'db'}",
        f"LocalSocket {socket_path}",
        f"LogFile {folder / 'clamd.log'}",
        "StreamMaxLength 10M",
    ]
    if os.geteuid() == 0:
        lines.append("User root")
    config.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    scanner = ClamdScanner(socket_path=str(socket_path), timeout=10)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"clamd exited: {process.stderr.read().decode()[-2000:]}")
        if socket_path.exists():
            with contextlib.suppress(ScannerUnavailable):  # still loading its database
                scanner.scan(b"ping")
                break
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("clamd did not answer within 60 s")
        time.sleep(0.2)
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.integration
def test_the_real_clamd_finds_the_signature_anywhere_in_a_file_and_passes_a_clean_one(real_clamd):
    scanner = ClamdScanner(socket_path=real_clamd, timeout=10)

    assert scanner.scan(make_pdf() + b"x" * 300_000) == (Verdict.CLEAN, "")
    verdict, name = scanner.scan(make_pdf() + b"\n" + EICAR_SIGNATURE)
    assert verdict == Verdict.INFECTED and name.startswith(SIGNATURE_NAME)


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.usefixtures("home_page", "eager_tasks")
def test_cv_uploads_are_scanned_by_the_real_clamd(client, jobseeker, settings, real_clamd):
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = real_clamd, None
    client.force_login(jobseeker)

    clean = client.post("/me/cvs/", {"file": SimpleUploadedFile("cv.pdf", make_pdf())})
    infected = client.post("/me/cvs/", {"file": SimpleUploadedFile("cv2.pdf", make_pdf() + EICAR_SIGNATURE)})

    assert clean.status_code == 302
    assert infected.status_code == 400
    assert "The file contains a virus or malware" in infected.content.decode()
    assert [cv.scan_status for cv in CV.objects.filter(candidate=jobseeker)] == [CV.ScanStatus.CLEAN]
