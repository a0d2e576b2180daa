"""Production: no default secret, explicit hosts, HTTPS only. Fails fast with a one-line message."""

from django.core.exceptions import ImproperlyConfigured

from cms.env import env_bool, env_int, env_list, env_str, smtp_mailer

from .base import *  # noqa: F403
from .base import CLAMD_HOST, CLAMD_SOCKET, STORAGES, VIRUS_SCAN

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 50 random characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts, not '*'.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63_072_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix: browsers accept these cookies only over HTTPS, from this host alone (no Domain
# attribute, so no subdomain can set or overwrite them) and for every path.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Email goes out: without EMAIL_URL, to the host's own mail server (SMTP on localhost:25, Django's
# long-standing default), never to the console, which Django 6.1's deploy check refuses.
if not env_str("EMAIL_URL"):
    MAILERS = {"default": smtp_mailer(host="localhost", port=25)}

# Uploads are scanned by ClamAV's daemon. Without one, production does not start, unless scanning
# is switched off on purpose (VIRUS_SCAN=off: logged on every upload, and check --deploy warns).
if VIRUS_SCAN not in ("on", "off"):
    raise ImproperlyConfigured(f"VIRUS_SCAN must be on or off, not {VIRUS_SCAN!r}.")
if VIRUS_SCAN == "on" and not (CLAMD_HOST or CLAMD_SOCKET):
    raise ImproperlyConfigured(
        "No virus scanner: set CLAMD_HOST (and CLAMD_PORT) or CLAMD_SOCKET to a ClamAV daemon, "
        "or set VIRUS_SCAN=off to accept uploads unscanned."
    )
