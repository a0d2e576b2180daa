"""The portal's API key pages: an organisation's admin makes, rotates and revokes its keys. A new
key is shown once, on the page that answers the POST that made it; only its hash is kept."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ats.api import keys
from ats.api.forms import ApiKeyForm
from ats.organisations.permissions import get_for_user, is_organisation_admin, organisations_for
from ats.organisations.views.common import portal_view, require_post


def _organisation(request, public_id):
    organisation = get_for_user(organisations_for(request.user), request.user, public_id=public_id)
    if not is_organisation_admin(request.user, organisation.pk):
        raise Http404("Not found")
    return organisation


def _page(request, organisation, form, *, new_key: str = "", new_key_name: str = "", status: int = 200):
    return render(
        request,
        "ats/recruit/api_keys.html",
        {
            "organisation": organisation,
            "keys": keys.active_keys(organisation),
            "form": form,
            "new_key": new_key,
            "new_key_name": new_key_name,
        },
        status=status,
    )


@portal_view
def api_keys(request, organisation):
    organisation = _organisation(request, organisation)
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, organisation, form, status=400)
        api_key, secret = keys.create_api_key(organisation, name=form.cleaned_data["name"], by=request.user)
        return _page(request, organisation, ApiKeyForm(), new_key=secret, new_key_name=api_key.name)
    return _page(request, organisation, form)


def _key(request, organisation, prefix):
    organisation = _organisation(request, organisation)
    api_key = get_object_or_404(keys.active_keys(organisation), prefix=prefix)
    require_post(request)
    return organisation, api_key


@portal_view
def api_key_rotate(request, organisation, prefix):
    organisation, api_key = _key(request, organisation, prefix)
    try:
        new, secret = keys.rotate_api_key(api_key, by=request.user)
    except keys.ApiKeyError as exc:
        messages.error(request, str(exc))
        return redirect("recruit:api-keys", organisation=organisation.public_id)
    return _page(request, organisation, ApiKeyForm(), new_key=secret, new_key_name=new.name)


@portal_view
def api_key_revoke(request, organisation, prefix):
    organisation, api_key = _key(request, organisation, prefix)
    keys.revoke_api_key(api_key, by=request.user)
    messages.success(request, f"The key “{api_key.name}” ({api_key.prefix}…) no longer works.")
    return redirect("recruit:api-keys", organisation=organisation.public_id)
