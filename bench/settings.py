"""The production settings (DEBUG=0) for in-process measurement with Django's test Client.

Only what the test Client needs differs: plain HTTP, the ``testserver`` host, a bench-only URL for the
floor, and static URLs without the collected manifest (``make static`` need not have run).
"""

import os
import warnings

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "b" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from florwork.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# static files are not what is measured: whitenoise need not find collected ones
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# the benchmark creates (and drops) a database of its own beside the one DATABASE_URL names
DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}_bench"}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {}  # noqa: F405  (in memory)
