"""Every change made through the API (and to API keys) goes to the admin's history of the object,
Wagtail's log (`wagtail.log_actions.log`): the same history the Wagtail admin writes when a regional
admin edits a vacancy. The entry names the key (its prefix), the organisation and the request id;
the actions are registered with their labels in ats/wagtail_hooks.py."""

from __future__ import annotations

from wagtail.log_actions import log

API_ACTIONS = {
    "ats.api.create": "Created through the API",
    "ats.api.edit": "Edited through the API",
    "ats.api.status": "Status changed through the API",
    "ats.api_key.create": "API key made",
    "ats.api_key.rotate": "API key rotated",
    "ats.api_key.revoke": "API key revoked",
}


def record_api_change(instance, action: str, *, user=None, data: dict | None = None):
    return log(instance, action, user=user, data=data or {})


def record_api_write(instance, action: str, *, api_key, request_id: str = "", changed=()) -> None:
    record_api_change(
        instance,
        action,
        data={
            "api_key": api_key.prefix,
            "api_key_name": api_key.name,
            "organisation": api_key.organisation_id,
            "request_id": request_id,
            "changed": sorted(changed),
        },
    )
