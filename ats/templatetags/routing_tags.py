from django import template

from ats.routing.academy import REFERRAL_CONSENT, referral_consent
from ats.routing.views.inbox import candidate_referrals as referrals_about

register = template.Library()


@register.inclusion_tag("ats/routing/_candidate_referrals.html", takes_context=True)
def candidate_referrals(context):
    """`{% load routing_tags %}{% candidate_referrals %}` on the candidate's dashboard."""

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    signed_in = user is not None and user.is_authenticated
    return {
        "referrals": list(referrals_about(user)) if signed_in else [],
        "consent": referral_consent(candidate=user) if signed_in else None,
        "consent_wording": REFERRAL_CONSENT,
        "signed_in": signed_in,
        "csrf_token": context.get("csrf_token"),
    }
