"""The demo's images, drawn here with Pillow (warm illustrations of people, hills and sun), never copied
photos, all with alt text."""

from __future__ import annotations

import random
from io import BytesIO

from PIL import Image, ImageDraw

from django.core.files.images import ImageFile

from wagtail.models import Collection

from campaign.collections import campaign_collection
from campaign.demo.people import STORY_PEOPLE
from cms.models import CustomImage

PALETTES = {
    "dawn": ((255, 214, 165), (250, 240, 226), (11, 95, 90), (255, 184, 28)),
    "teal": ((190, 226, 221), (240, 248, 246), (6, 63, 60), (255, 138, 101)),
    "rose": ((250, 200, 190), (252, 238, 232), (120, 40, 60), (255, 200, 80)),
    "sky": ((180, 210, 240), (236, 244, 252), (20, 60, 110), (255, 184, 28)),
    "moss": ((205, 225, 180), (244, 248, 236), (40, 80, 40), (240, 120, 80)),
}
SKIN = [(141, 85, 36), (198, 134, 66), (224, 172, 105), (241, 194, 125), (255, 219, 172), (92, 56, 30)]
CLOTHES = [(11, 95, 90), (0, 94, 184), (179, 65, 44), (106, 62, 150), (40, 110, 60), (200, 60, 90)]

# (key, title, alt text, palette, number of people, collection)
IMAGES = [
    (
        "home-hero",
        "Two carers laughing together",
        "Illustration: two carers in uniform smiling together under a rising sun",
        "dawn",
        2,
        "Always on",
    ),
    (
        "homecare",
        "Home care visit",
        "Illustration: a home care worker visiting an older man at his door",
        "teal",
        2,
        "Home care campaign",
    ),
    (
        "academy",
        "Care academy class",
        "Illustration: a group of learners at a care academy session",
        "sky",
        4,
        "New to care campaign",
    ),
    (
        "nhs",
        "NHS community team",
        "Illustration: an NHS community care team walking together",
        "sky",
        3,
        "NHS Northumberland campaign",
    ),
    (
        "care-worker",
        "Care worker",
        "Illustration: a care worker helping a woman stand from her chair",
        "rose",
        2,
        "Always on",
    ),
    (
        "senior",
        "Senior care worker",
        "Illustration: a senior carer leading a team handover",
        "moss",
        3,
        "Always on",
    ),
    (
        "support",
        "Support worker",
        "Illustration: a support worker and a young man shopping",
        "teal",
        2,
        "Always on",
    ),
    ("nurse", "Nurse", "Illustration: a nurse talking with a resident", "sky", 2, "Always on"),
    (
        "manager",
        "Registered manager",
        "Illustration: a manager speaking with her team",
        "dawn",
        4,
        "Always on",
    ),
    (
        "activities",
        "Activities coordinator",
        "Illustration: residents and a coordinator gardening together",
        "moss",
        3,
        "Always on",
    ),
    ("event", "Job fair", "Illustration: people meeting employers at a job fair", "rose", 4, "Events"),
    (
        "area",
        "North East coast",
        "Illustration: hills and coast of the North East with a warm sun",
        "teal",
        0,
        "Always on",
    ),
]


def _illustration(seed: int, palette: str, people: int, size=(1600, 1200), scale: float = 1.0) -> bytes:
    """A warm flat illustration: sky gradient, sun, hills and simple figures (`scale` < 1 shrinks
    it, for tests)."""
    rnd = random.Random(seed)
    top, bottom, ink, sun = PALETTES[palette]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sx, sy = rnd.randint(200, width - 200), rnd.randint(150, 350)
    draw.ellipse([sx - 150, sy - 150, sx + 150, sy + 150], fill=sun)
    for layer in range(3):
        shade = tuple(min(255, int(c * (0.55 + 0.15 * layer))) for c in ink)
        base = int(height * (0.62 + 0.1 * layer))
        points = [(0, height)]
        for x in range(0, width + 200, 200):
            points.append((x, base + rnd.randint(-60, 60)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    if people:
        spacing = width // (people + 1)
        for i in range(people):
            cx = spacing * (i + 1) + rnd.randint(-40, 40)
            size_factor = rnd.uniform(0.85, 1.1)
            body_h, body_w, head = int(360 * size_factor), int(200 * size_factor), int(75 * size_factor)
            feet = height - 80
            draw.rounded_rectangle(
                [cx - body_w // 2, feet - body_h, cx + body_w // 2, feet], radius=90, fill=rnd.choice(CLOTHES)
            )
            draw.ellipse(
                [cx - head, feet - body_h - 2 * head - 10, cx + head, feet - body_h - 10],
                fill=rnd.choice(SKIN),
            )
    if scale != 1.0:
        image = image.resize((round(width * scale), round(height * scale)))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _images(scale: float = 1.0) -> dict[str, CustomImage]:
    collections: dict[str, Collection] = {}
    images = {}
    for index, (key, title, alt, palette, people, collection_name) in enumerate(IMAGES):
        if collection_name not in collections:  # one per campaign; editors may add and choose there
            collections[collection_name] = campaign_collection(collection_name)
        image = CustomImage.objects.filter(title=title).first()
        if image is None:
            data = _illustration(index + 7, palette, people, scale=scale)
            image = CustomImage(
                title=title,
                description=alt,
                collection=collections[collection_name],
                credit="Drawn for Care Careers North East",
                file=ImageFile(BytesIO(data), name=f"demo-{key}.jpg"),
            )
            image.save()
        images[key] = image
    for index, (name, *_rest, palette, _q, _b) in enumerate(STORY_PEOPLE):
        title = f"{name}, in their own words"
        image = CustomImage.objects.filter(title=title).first()
        if image is None:
            image = CustomImage.objects.create(
                title=title,
                description=f"Illustration: {name} at work, smiling",
                collection=collections["Always on"],
                file=ImageFile(
                    BytesIO(_illustration(100 + index, palette, 1, (1200, 900), scale=scale)),
                    name=f"story-{index}.jpg",
                ),
            )
        images[f"story-{name}"] = image
    return images
