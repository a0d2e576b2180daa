import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
application = get_wsgi_application()


def freeze_start_up() -> None:
    """Leave what start-up made out of the garbage collector's work from now on.

    Django, Wagtail and the project's modules are ~190,000 tracked objects that live as long as the
    worker. Each full (generation 2) collection walked all of them: about one search in 200 paused
    for 135-170 ms on the bench machine; frozen, that collection takes a few ms (bench/README,
    session 7). Collected first, so no garbage from start-up is frozen with them. Each gunicorn
    worker imports this module after it forks, so each freezes its own objects."""
    gc.collect()
    gc.freeze()


freeze_start_up()
