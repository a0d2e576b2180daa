"""A search in plain words, for alert emails and the alert page: 'Care worker jobs near NE1 4ST'."""

from __future__ import annotations


def describe_search(form) -> str:
    data = getattr(form, "cleaned_data", {}) or {}
    roles = [r.name for r in form.roles if r.slug in data.get("role", [])]
    what = " or ".join(roles) if roles else "Care"
    parts = [f"{what} jobs"]
    if data.get("q"):
        parts.append(f"matching “{data['q']}”")
    if form.place:
        council = f" ({form.chosen_council.name})" if getattr(form, "chosen_council", None) else ""
        parts.append(f"within {data.get('radius')} miles of {form.place.query}{council}")
    areas = [a.name for a in form.areas if a.slug in data.get("area", [])]
    if areas:
        parts.append("in " + ", ".join(areas))
    extras = [
        label
        for key, label in [
            ("new_to_care", "new to care welcome"),
            ("no_driving", "no driving needed"),
            ("sponsorship", "visa sponsorship"),
        ]
        if data.get(key)
    ]
    if data.get("min_pay"):
        extras.append(f"£{data['min_pay']:.2f} an hour or more")
    for name in ("setting", "contract", "pattern"):
        labels = dict(form.fields[name].choices)
        extras.extend(labels[v].lower() for v in data.get(name, []) if v in labels)
    if extras:
        parts.append("(" + ", ".join(extras) + ")")
    return " ".join(parts)
