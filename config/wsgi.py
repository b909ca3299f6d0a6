import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# The objects loaded at start-up (modules, settings, apps) leave the garbage collector's generations: its full
# collections no longer walk them on every worker (docs/performance.md §5).
gc.freeze()
