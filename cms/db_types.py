"""PostgreSQL timestamps read by psycopg's C parser.

Django reads every `timestamptz` value with its own psycopg loader (`BaseTzLoader`), a subclass of
psycopg's pure-Python TimestamptzLoader: a regular expression and a dozen Python steps per value,
about 16,000 instructions each, where psycopg's C loader (psycopg[binary], not subclassable) takes a
few hundred. A listing of four stories or events reads a dozen of them. `use_c_timestamps` puts on
each new connection a loader that parses with the C loader and then does what Django's does after
parsing (sets the connection's time zone), so the values are the same datetimes.
"""

from __future__ import annotations

import functools

from django.db.backends.signals import connection_created

try:
    import psycopg
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
except ImportError:  # pragma: no cover (psycopg 2 or no PostgreSQL driver)
    psycopg = None


def _c_timestamptz_loader():
    """psycopg's C TimestamptzLoader, when psycopg runs its C implementation."""
    if psycopg is None or psycopg.pq.__impl__ not in ("binary", "c"):
        return None
    from psycopg._cmodule import _psycopg

    return getattr(_psycopg, "TimestamptzLoader", None) if _psycopg is not None else None


@functools.cache
def c_tz_loader(tz) -> type | None:
    """A loader giving what Django's BaseTzLoader for `tz` gives, parsed by psycopg's C loader."""
    parser = _c_timestamptz_loader()
    if parser is None:
        return None

    class CTzLoader(Loader):
        timezone = tz  # (Django's create_cursor compares it with the connection's)
        format = Format.TEXT

        def __init__(self, oid: int, context=None):
            super().__init__(oid, context)
            self._parse = parser(oid, context).load

        def load(self, data):
            return self._parse(data).replace(tzinfo=self.timezone)

    return CTzLoader


def use_c_timestamps(sender, connection, **kwargs) -> None:
    """connection_created: replace Django's timestamptz loader on the new connection (only
    Django's own: a loader someone else registered is left alone)."""
    if connection.vendor != "postgresql" or psycopg is None:
        return
    adapters = connection.connection.adapters
    oid = adapters.types["timestamptz"].oid
    current = adapters.get_loader(oid, Format.TEXT)
    if current is None or not issubclass(current, BaseTzLoader) or current.load is not BaseTzLoader.load:
        return
    loader = c_tz_loader(current.timezone)
    if loader is not None:
        adapters.register_loader(oid, loader)


def connect() -> None:
    """Called once, from CmsConfig.ready()."""
    connection_created.connect(use_c_timestamps, dispatch_uid="cms-c-timestamps")
