"""Settings come from the environment, and production mode refuses to start unsafe."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from florwork.envconf import env_bool, env_int, env_secret


def _florwork(*args, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE",
                         "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "EMAIL_BACKEND"}}
    return subprocess.run([sys.executable, "-m", "florwork", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_production_mode_passes_the_deploy_check(tmp_path):
    result = _florwork("check", "--deploy", "--fail-level", "WARNING", DEBUG="0",
                       SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="hub.example.org",
                       FLORWORK_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_without_a_secret_key_refuses_to_start(tmp_path):
    result = _florwork("check", DEBUG="0", FLORWORK_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(64))
    result = _florwork("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", SECRET_KEY_FILE=str(key_file),
                       ALLOWED_HOSTS="hub.example.org", FLORWORK_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_boolean_that_is_not_one_is_an_error(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False


def test_an_integer_that_is_not_one_is_an_error(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER"):
        env_int("X_NUMBER", 1)


def test_a_secret_given_twice_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("X_SECRET", "a")
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "x"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("X_SECRET")


def test_database_url_selects_the_database(tmp_path):
    result = _florwork("shell", "-c", "from django.db import connection; print(connection.vendor)",
                       DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert result.stdout.strip().splitlines()[-1] == "sqlite", result.stderr
