"""Regional admins edit routing rules in the Wagtail admin and try routing out; edits apply at once."""

from django.urls import reverse

from ats.models import Organisation, RoutingDecision, RoutingRule
from ats.routing.services import route_enquiry
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.ats.test_routing_rules import enquiry_at
from tests.factories import UserFactory


def rule_form_data(rule: RoutingRule, **changes) -> dict:
    data = {
        "name": rule.name,
        "order": rule.order,
        "active": "on" if rule.active else "",
        "councils": [c.pk for c in rule.councils.all()],
        "area": rule.area,
        "experience": rule.experience,
        "interests": rule.interests,
        "min_hours": rule.min_hours or "",
        "requires_driving": "on" if rule.requires_driving else "",
        "nhs_interest": rule.nhs_interest,
        "age": rule.age,
        "max_distance_miles": rule.max_distance_miles or "",
        "within_travel_distance": "on" if rule.within_travel_distance else "",
        "action": rule.action,
        "organisation": rule.organisation_id or "",
        "nearest_n": rule.nearest_n,
        "capacity_per_week": rule.capacity_per_week or "",
        "explanation": rule.explanation,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_admin_lists_the_default_rules_in_order(client, regional_admin, geography):
    client.force_login(regional_admin)

    response = client.get(reverse("routing_rules:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Interested in the NHS") < content.index("New to care: their home council")


def test_rule_edited_in_the_admin_takes_effect_for_the_next_enquiry(client, regional_admin, geography):
    client.force_login(regional_admin)
    assert route_enquiry(enquiry_at(geography["sunderland"])).destination.name == "Sunderland Care Academy"
    partner = Organisation.objects.create(name="Wearside Partnership", slug="wearside", kind="provider")
    rule = RoutingRule.objects.get(action="home_academy", age="18_plus")

    response = client.post(
        reverse("routing_rules:edit", args=[rule.pk]),
        rule_form_data(
            rule, action="organisation", organisation=partner.pk, name="New to care: the partnership"
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    decision = route_enquiry(enquiry_at(geography["sunderland"]))
    assert decision.destination == partner
    assert decision.rule_name == "New to care: the partnership"


def test_named_organisation_rule_without_an_organisation_is_refused(client, regional_admin, geography):
    client.force_login(regional_admin)
    rule = RoutingRule.objects.get(action="home_academy", age="18_plus")

    response = client.post(
        reverse("routing_rules:edit", args=[rule.pk]), rule_form_data(rule, action="organisation")
    )

    assert response.status_code == 200
    assert "Choose the organisation this rule sends people to" in response.content.decode()
    assert RoutingRule.objects.get(pk=rule.pk).action == "home_academy"


def test_try_it_shows_where_a_border_postcode_would_go_and_saves_nothing(client, regional_admin, geography):
    client.force_login(regional_admin)

    response = client.post(
        reverse("try_routing:index"), {"postcode": "dh3", "experience": "none", "max_travel_miles": 10}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "They would go to Sunderland Care Academy" in content  # only the split district: nearest
    assert "not certain: only the postcode district is known" in content
    assert "Council not known (district-only postcode on a border): the nearest care academy" in content
    assert "does not apply, they did not ask about the NHS" in content
    assert not RoutingDecision.objects.exists()

    full = client.post(
        reverse("try_routing:index"), {"postcode": "dh32aa", "experience": "none", "max_travel_miles": 10}
    ).content.decode()
    assert "They would go to County Durham Care Academy" in full  # its own council's, though further
    assert "does not apply, their full postcode names their council" in full

    young = client.post(
        reverse("try_routing:index"), {"postcode": "dh32aa", "experience": "none", "age": "under_18"}
    ).content.decode()
    assert "They would go to County Durham Care Academy" in young
    assert "Most care jobs start at 18" in young  # the under-18 rule's explanation


def test_try_it_explains_a_postcode_it_cannot_find(client, regional_admin, geography):
    client.force_login(regional_admin)

    response = client.post(reverse("try_routing:index"), {"postcode": "ZZ99 9ZZ", "experience": "none"})

    assert "We could not find the postcode district ZZ99" in response.content.decode()


def test_try_it_is_for_regional_admins_only(client, geography):
    editor = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert client.get(reverse("try_routing:index")).status_code in (302, 403)


def test_decisions_cannot_be_created_or_edited_in_the_admin(client, regional_admin, geography):
    client.force_login(regional_admin)
    decision = route_enquiry(enquiry_at(geography["newcastle"]))

    listing = client.get(reverse("routing_decisions:index"))
    assert listing.status_code == 200
    assert "Newcastle upon Tyne Care Academy" in listing.content.decode()
    assert client.get(reverse("routing_decisions:add")).status_code in (302, 403)
    assert client.get(reverse("routing_decisions:edit", args=[decision.pk])).status_code in (302, 403)
    assert client.get(reverse("routing_decisions:inspect", args=[decision.pk])).status_code == 200


def test_unrouted_enquiries_are_listed_for_a_regional_admin(client, regional_admin, geography):
    client.force_login(regional_admin)
    RoutingRule.objects.update(active=False)
    stranded = enquiry_at(geography["newcastle"], name="Stranded Person")
    assert route_enquiry(stranded) is None
    RoutingRule.objects.update(active=True)
    route_enquiry(enquiry_at(geography["newcastle"], name="Routed Person"))

    content = client.get(reverse("unrouted_enquiries:index")).content.decode()

    assert "Stranded Person" in content
    assert "Routed Person" not in content


def test_every_routing_admin_listing_opens_with_data(client, regional_admin, geography):
    import io

    from ats.demo import seed_routing
    from ats.models import Referral

    client.force_login(regional_admin)
    seed_routing(io.StringIO())
    decision = route_enquiry(enquiry_at(geography["newcastle"], name="Listed Person"))
    Referral.objects.create(
        from_org=decision.destination,
        to_org=Organisation.objects.get(name="Gateshead Care Academy"),
        enquiry=decision.enquiry,
        consent_at=decision.decided_at,
        shared={"name": "Listed Person"},
    )

    for name, text in [
        ("routing_rules", "Everyone else"),
        ("routing_capacities", "Newcastle upon Tyne Care Academy"),
        ("routing_decisions", "Newcastle upon Tyne Care Academy"),
        ("academy_courses", "Care Certificate pre-employment programme"),
        ("referrals", "Gateshead Care Academy"),
    ]:
        response = client.get(reverse(f"{name}:index"))
        assert response.status_code == 200, name
        assert text in response.content.decode(), name
    assert client.get(reverse("referrals:add")).status_code in (302, 403)


def test_regional_admin_sees_every_step_of_a_rerouted_enquiry(client, regional_admin, geography, settings):
    from datetime import timedelta

    import time_machine

    from django.utils import timezone

    from ats.routing.services import send_routing_reminders

    decision = route_enquiry(enquiry_at(geography["newcastle"], name="Moving Person"))
    send_routing_reminders(now=timezone.now() + timedelta(days=7))  # a week: always 5 working days
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        send_routing_reminders()
    client.force_login(regional_admin)

    content = client.get(reverse("routing:decision", args=[decision.pk])).content.decode()

    assert "Reminder sent" in content
    assert "Re-routed to the next organisation" in content
    assert "Gateshead Care Academy</a> (attempt 2" in content


def _stranded(geography, name):
    RoutingRule.objects.update(active=False)
    enquiry = enquiry_at(geography["newcastle"], name=name)
    assert route_enquiry(enquiry) is None
    RoutingRule.objects.update(active=True)
    return enquiry


def test_route_again_sends_an_unrouted_enquiry_on_once_a_rule_can_take_it(
    client, regional_admin, geography, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import MembershipFactory

    stranded = _stranded(geography, "Stranded Person")
    MembershipFactory(
        organisation=Organisation.objects.get(name="Newcastle upon Tyne Care Academy"),
        role="coordinator",
        user__email="nel@newcastle.example",
    )
    client.force_login(regional_admin)
    listing = client.get(reverse("unrouted_enquiries:index")).content.decode()
    url = reverse("unrouted_enquiries:route_again_one", args=[stranded.pk])
    assert url in listing
    assert "Route them all again" in listing
    confirm = client.get(url).content.decode()
    assert "Nobody could take Stranded Person" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert "Routed 1 enquiry." in response.content.decode()
    decision = RoutingDecision.objects.get(enquiry=stranded)
    assert decision.destination.name == "Newcastle upon Tyne Care Academy"
    assert mail.outbox[-1].to == ["nel@newcastle.example"]
    assert "Stranded Person" not in client.get(reverse("unrouted_enquiries:index")).content.decode()
    assert client.get(url).status_code == 404  # routed now: no longer in the unrouted list


def test_route_them_all_again_says_which_still_cannot_be_routed(client, regional_admin, geography):
    first, second = _stranded(geography, "First Person"), _stranded(geography, "Second Person")
    client.force_login(regional_admin)
    RoutingRule.objects.update(active=False)

    response = client.post(reverse("unrouted_enquiries:route_again"), follow=True)

    assert "2 still could not be routed" in response.content.decode()
    assert not RoutingDecision.objects.exists()

    RoutingRule.objects.update(active=True)
    response = client.post(reverse("unrouted_enquiries:route_again"), follow=True)
    assert "Routed 2 enquiries." in response.content.decode()
    assert set(RoutingDecision.objects.values_list("enquiry", flat=True)) == {first.pk, second.pk}


def test_route_again_is_for_regional_admins_only(client, geography):
    stranded = _stranded(geography, "Stranded Person")
    editor = UserFactory(email="editor@example.org", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.post(reverse("unrouted_enquiries:route_again_one", args=[stranded.pk]))

    assert response.status_code in (302, 403)
    assert not RoutingDecision.objects.exists()
