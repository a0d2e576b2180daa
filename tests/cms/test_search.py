"""Site search finds pages and live jobs, and always offers the job search."""


def test_search_finds_pages_and_live_jobs_and_links_to_job_search(client, site):
    html = client.get("/search/", {"q": "care"}).content.decode()

    assert "Day care assistant" in html
    assert 'href="/jobs/?q=care"' in html
    assert "Care worker" in html


def test_search_with_no_matches_suggests_job_search(client, site):
    html = client.get("/search/", {"q": "zzzzzz"}).content.decode()

    assert "No pages match" in html and 'href="/jobs/?q=zzzzzz"' in html
