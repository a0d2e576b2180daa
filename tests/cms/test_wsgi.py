"""The web worker's start-up (cms/wsgi.py)."""

import gc


def test_a_web_worker_freezes_what_start_up_made_so_full_collections_skip_it():
    gc.unfreeze()
    try:
        import cms.wsgi

        cms.wsgi.freeze_start_up()  # (the import froze them once, if this is the first import)
        assert gc.get_freeze_count() > 10_000  # Django's, Wagtail's and the project's objects
        assert callable(cms.wsgi.application)
    finally:
        gc.unfreeze()  # the rest of the test run collects as before
