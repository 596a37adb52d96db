from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from college.env import env_bool, env_header, parse_database_url

ROOT = Path(__file__).resolve().parent.parent


def test_sqlite_url_resolves_relative_to_project() -> None:
    config = parse_database_url("sqlite:///db.sqlite3", base_dir=ROOT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(ROOT / "db.sqlite3")


def test_postgres_url_is_split_into_parts() -> None:
    config = parse_database_url("postgres://kebiao:s%40cret@127.0.0.1:5432/kebiao", base_dir=ROOT)
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "kebiao",
        "s@cret",
        "127.0.0.1",
        "5432",
        "kebiao",
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://root@localhost/kebiao", "unsupported scheme 'mysql'"),
        ("postgres://localhost:port/kebiao", "port is not a number"),
        ("postgres://localhost/", "name exactly one database"),
        ("sqlite://host/db.sqlite3", "has no host"),
        ("sqlite:///", "name the SQLite file"),
    ],
)
def test_bad_database_url_is_refused_with_reason(url: str, reason: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=reason):
        parse_database_url(url, base_dir=ROOT)


def test_env_bool_refuses_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", default=False)


def test_a_proxy_header_is_read_as_django_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENT_IP_HEADER", "X-Forwarded-For")
    assert env_header("CLIENT_IP_HEADER") == "HTTP_X_FORWARDED_FOR"
    monkeypatch.setenv("CLIENT_IP_HEADER", "X_Real_IP: 1")
    with pytest.raises(ImproperlyConfigured, match="CLIENT_IP_HEADER='X_Real_IP: 1' must be a header name"):
        env_header("CLIENT_IP_HEADER")


def _start_django(**env: str) -> subprocess.CompletedProcess[str]:
    ours = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_startup_with_bad_database_url_names_the_variable() -> None:
    result = _start_django(SECRET_KEY="x", DATABASE_URL="oracle://db/kebiao")
    assert result.returncode != 0
    assert "DATABASE_URL='oracle://db/kebiao' has an unsupported scheme 'oracle'" in result.stderr


def test_startup_without_secret_key_refuses_unless_debug() -> None:
    refused = _start_django()
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr
    assert _start_django(DEBUG="1").returncode == 0
