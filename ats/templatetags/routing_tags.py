from django import template

register = template.Library()


@register.inclusion_tag("ats/routing/_candidate_referrals.html", takes_context=True)
def candidate_referrals(context):
    """`{% load routing_tags %}{% candidate_referrals %}` on the candidate's dashboard."""
    from ats.views.routing import candidate_referrals as referrals_about

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"referrals": list(referrals_about(user)) if user is not None else []}
