"""Test settings: the production settings (DEBUG=0) with plain HTTP, a fast hasher and inline tasks."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "k" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from florwork.settings import *  # noqa: E402,F403

# argon2 is the production hasher (tested on its own); here speed matters more
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # a file, not shared-cache memory: real locking (busy timeout, IMMEDIATE) as in production
    # one file per run, so that two runs side by side do not share it
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-florwork-{os.getpid()}.sqlite3")}  # noqa: F405
