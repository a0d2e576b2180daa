"""What other parts of the site hold about a person, registered with the privacy service.

The ATS does not import the campaign site. An app that keeps personal data found by a person's email
address (campaign: event registrations) registers a `Holder` in its AppConfig.ready(); "Download my
data" exports it, deleting an account erases it, and the jobseeker's dashboard lists it. Retention of
such data stays with its owner (campaign's own nightly task, docs/retention.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# `addresses` is the person's verified email addresses, lower-cased: a list, or a subquery of them.
Addresses = Iterable[str]


@dataclass(frozen=True)
class Holder:
    key: str  # the section of the export and the dashboard's context name, e.g. "event_registrations"
    export: Callable[[Addresses], list[dict]]  # rows for "Download my data"
    erase: Callable[[Addresses], None]  # when the person deletes their account
    dashboard: Callable[[Addresses], Iterable] | None = None  # what their dashboard lists, if anything


_holders: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    """Register (or replace, on a second ready()) what an app holds about a person."""
    _holders[holder.key] = holder


def holders() -> list[Holder]:
    return list(_holders.values())
