"""Deploy checks (`manage.py check --deploy`): uploads are scanned for malware."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def virus_scanner_check(app_configs, **kwargs) -> list:
    if settings.VIRUS_SCAN == "off":
        return [
            Warning(
                "Virus scanning is switched off (VIRUS_SCAN=off): uploaded CVs are checked for test "
                "signatures only, not by ClamAV.",
                hint="Run clamd and set CLAMD_HOST (and CLAMD_PORT) or CLAMD_SOCKET; remove VIRUS_SCAN.",
                id="ats.W001",
            )
        ]
    if not (settings.CLAMD_HOST or settings.CLAMD_SOCKET):
        return [
            Error(
                "No virus scanner is configured: uploaded CVs would be checked for test signatures only.",
                hint="Run clamd and set CLAMD_HOST (and CLAMD_PORT) or CLAMD_SOCKET, or VIRUS_SCAN=off.",
                id="ats.E001",
            )
        ]
    return []
