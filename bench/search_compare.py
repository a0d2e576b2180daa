"""Write what every search finds, to compare two branches: totals, every facet's counts, the page's
job ids and their distances (`repr`, so to the last bit).

    DATABASE_URL=postgres://... python bench/search_compare.py out.jsonl

The searches: bench/search.py's 200 (keyword, postcode and radius, two filters) and 80 others (with
and without a keyword or place, 0-4 filters), each in every sort on pages 1 and 3. Counts are
worked out afresh for each (the cache cleared). Run it on each branch against the same database and
compare the two files (`cmp`)."""

import json
import random
import sys

from _setup import ROOT  # noqa: F401  (Django ready)
from search import FILTERS, KEYWORDS, random_search

from django.core.cache import cache

from ats.jobs.forms.search import JobSearchForm
from ats.jobs.search import search_vacancies
from ats.models import Postcode

SORTS = ["", "relevance", "distance", "newest", "pay", "closing"]


def searches() -> list[dict]:
    rng = random.Random(7)
    postcodes = list(Postcode.objects.exclude(latitude=None).values_list("postcode", flat=True)[:50000])
    found = [random_search(rng, postcodes) for _ in range(200)]
    other = random.Random(11)
    for _ in range(80):
        params = {}
        if other.random() < 0.7:
            params["q"] = other.choice([*KEYWORDS, "carer", "nurse nights", "xyzzy", "support -night"])
        if other.random() < 0.75:
            params["postcode"] = other.choice(postcodes)
            params["radius"] = other.choice(["1", "3", "5", "10", "15", "20", "30"])
        params.update(other.sample(FILTERS, other.randint(0, 4)))
        found += [{**params, "sort": sort, "page": page} for sort in SORTS for page in ["1", "3"]]
    return found


def main() -> None:
    with open(sys.argv[1], "w") as out:
        for params in searches():
            cache.clear()
            form = JobSearchForm(params)
            form.is_valid()
            results = search_vacancies(form.criteria(), form, page_number=form.cleaned_data.get("page", 1))
            record = {
                "params": params,
                "total": results.total,
                "sort": results.sort,
                "facets": {
                    name: [(o.value, o.count, o.selected) for o in options]
                    for name, options in results.facets.items()
                },
                "toggles": results.toggle_counts,
                "pay": [(o.value, o.count, o.selected) for o in results.min_pay_counts],
                "page": [(job.pk, repr(getattr(job, "distance", None))) for job in results.page.object_list],
            }
            out.write(json.dumps(record, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
