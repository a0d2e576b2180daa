"""Malware scanning of uploaded files.

`get_scanner()` returns the ClamAV daemon backend when CLAMD_SOCKET or CLAMD_HOST is set, otherwise
a built-in signature check (the EICAR test file and friends): the embedded demo's, or production's
when scanning was switched off on purpose (VIRUS_SCAN=off, logged on every use). Production does not
start with neither (cms/settings/production.py). Scanners fail closed: anything but a
clear "OK" from the scanner is either INFECTED or raises ScannerUnavailable, never CLEAN.
"""

from __future__ import annotations

import enum
import logging
import socket
import struct
from typing import Protocol

from django.conf import settings

# The EICAR anti-malware test file (https://www.eicar.org), split so this module is not itself
# flagged by a scanner reading the source tree.
EICAR_SIGNATURE = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
BUILT_IN_SIGNATURES: dict[str, bytes] = {"Eicar-Test-Signature": EICAR_SIGNATURE}
CHUNK = 64 * 1024
logger = logging.getLogger(__name__)


class Verdict(enum.StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"


class ScannerUnavailable(Exception):
    """The scanner could not give an answer; the file must stay pending."""


class Scanner(Protocol):
    name: str

    def scan(self, data: bytes) -> tuple[Verdict, str]:
        """(verdict, signature name or '')."""


class SignatureScanner:
    """Built-in check for known test signatures: the default when no ClamAV daemon is configured."""

    name = "built-in signatures"

    def scan(self, data: bytes) -> tuple[Verdict, str]:
        for signature_name, signature in BUILT_IN_SIGNATURES.items():
            if signature in data:
                return Verdict.INFECTED, signature_name
        return Verdict.CLEAN, ""


class ClamdScanner:
    """ClamAV's clamd over a unix socket or TCP, using the INSTREAM command."""

    name = "ClamAV"

    def __init__(
        self,
        *,
        host: str | None = None,
        port: int = 3310,
        socket_path: str | None = None,
        timeout: float = 30,
    ) -> None:
        self.host, self.port, self.socket_path, self.timeout = host, port, socket_path, timeout

    def _connect(self) -> socket.socket:
        if self.socket_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: object = self.socket_path
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (self.host, self.port)
        sock.settimeout(self.timeout)
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            raise ScannerUnavailable(f"cannot reach clamd: {exc}") from exc
        return sock

    def scan(self, data: bytes) -> tuple[Verdict, str]:
        sock = self._connect()
        try:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
        except OSError as exc:
            raise ScannerUnavailable(f"clamd connection failed: {exc}") from exc
        finally:
            sock.close()
        text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        if text.endswith("FOUND"):
            return Verdict.INFECTED, text.removeprefix("stream:").removesuffix("FOUND").strip()
        if text == "stream: OK":
            return Verdict.CLEAN, ""
        raise ScannerUnavailable(f"clamd gave no verdict: {text[:200]!r}")


def get_scanner() -> Scanner:
    if settings.CLAMD_SOCKET or settings.CLAMD_HOST:
        return ClamdScanner(
            host=settings.CLAMD_HOST,
            port=settings.CLAMD_PORT,
            socket_path=settings.CLAMD_SOCKET,
            timeout=settings.CLAMD_TIMEOUT_SECONDS,
        )
    if settings.VIRUS_SCAN == "off":
        logger.warning(
            "Virus scanning is off (VIRUS_SCAN=off): this upload is checked for test signatures only"
        )
    return SignatureScanner()
