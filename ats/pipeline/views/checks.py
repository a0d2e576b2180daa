"""One list of pre-employment checks across every candidate: what is stuck, with whom, and for how
long (the longest waiting first)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from ats.applications.candidates_view import candidate_card
from ats.organisations.permissions import checks_for
from ats.organisations.views.common import portal_view
from ats.pipeline.models import CheckItem
from ats.pipeline.turns import stuck_checks

PAGE_SIZE = 100


@portal_view
def check_list(request):
    turn = request.GET.get("turn", "")
    if turn not in CheckItem.Turn.values:
        turn = ""
    page = Paginator(stuck_checks(checks_for(request.user), turn=turn), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now, today = timezone.now(), timezone.localdate()
    rows = [
        {
            "check": check,
            "card": candidate_card(check.application),
            "days": (now - check.turn_since).days if check.turn_since else None,
            "overdue": bool(check.due_date and check.due_date < today),
        }
        for check in page.object_list
    ]
    return render(
        request,
        "ats/recruit/check_list.html",
        {"rows": rows, "page_obj": page, "turn": turn, "turns": CheckItem.Turn.choices},
    )
