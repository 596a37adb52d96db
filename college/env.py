"""Strict parsers for settings read from the environment.

A value that cannot be understood stops start-up with a message naming the variable,
instead of silently falling back to a default (healthchecks' ``envbool`` does the same).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty entry: separate values with single commas.")
    return items


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_site_url(name: str, default: str) -> str:
    """An absolute http(s) base URL without a trailing slash, e.g. ``https://kebiao.example.cn``."""
    raw = os.environ.get(name, default)
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name}={raw!r} must be an absolute http:// or https:// address.")
    return raw.rstrip("/")


def env_header(name: str) -> str:
    """A request header named in the environment (``X-Real-IP``) as Django's ``META`` key (``HTTP_X_REAL_IP``);
    "" when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", raw):
        raise ImproperlyConfigured(f"{name}={raw!r} must be a header name such as X-Real-IP or X-Forwarded-For.")
    return "HTTP_" + raw.upper().replace("-", "_")


_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def parse_database_url(url: str, *, base_dir: Path) -> dict[str, object]:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        if parts.netloc:
            raise ImproperlyConfigured(
                f"DATABASE_URL={url!r}: a SQLite URL has no host; write sqlite:///relative.db or sqlite:////abs.db."
            )
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: name the SQLite file, e.g. sqlite:///db.sqlite3.")
        name = path if path == ":memory:" else str((base_dir / path).resolve())
        # IMMEDIATE transactions and WAL: the web server, the task worker and a solve's progress thread write
        # concurrently; they wait for each other instead of failing with "database is locked".
        options = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": options}
    if parts.scheme in _POSTGRES_SCHEMES:
        name = unquote(parts.path.lstrip("/"))
        if not name or "/" in name:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: name exactly one database after the host.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: the port is not a number.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL={url!r} has an unsupported scheme {parts.scheme!r}: use sqlite:/// or postgres://."
    )
