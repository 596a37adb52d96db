"""Django settings for Kebiao. Everything that differs between machines comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from college.env import env_bool, env_choice, env_header, env_int, env_list, env_site_url, parse_database_url
from college.task_backends import BACKENDS, task_settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for a development key).")
    SECRET_KEY = "kebiao-development-only-key-never-use-in-production"

# The public address of the site: calendar feeds and webcal:// links are absolute URLs built from it.
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])

DATABASES = {"default": parse_database_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "college.login_throttling.LoginThrottlingConfig",  # axes, before college (whose admin narrows axes' admins)
    "college",
    "api",
    "college.feeds",
    "college.derived",
    "ninja",  # Swagger UI and ReDoc from the site's own static files, not a CDN
]

MIDDLEWARE = [
    "college.middleware.RequestSizeLimit",
    "django.middleware.security.SecurityMiddleware",
    "college.middleware.StaticFiles",  # WhiteNoise: static files under a real WSGI server (README: Production)
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out login; other requests pass untouched
]

ROOT_URLCONF = "college.urls"
WSGI_APPLICATION = "college.wsgi.application"
ASGI_APPLICATION = "college.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "college" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# Public calendar feeds written as files for the front web server (deploy/nginx.conf); unset: none are written.
FEEDS_ROOT = os.environ.get("FEEDS_ROOT", "")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "") or BASE_DIR / "var" / "static")  # manage.py collectstatic fills it

# Production behind HTTPS (README: Production). HTTPS=1 turns on the redirect, secure cookies and a year of HSTS;
# each can still be set alone. Off by default so the demo works on http://127.0.0.1.
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]  # preloading is the domain owner's call
# The header a TLS-terminating proxy sets to "https" (X-Forwarded-Proto); only set it behind such a proxy.
_PROXY_SSL_HEADER = env_header("PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = (_PROXY_SSL_HEADER, "https") if _PROXY_SSL_HEADER else None
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Errors (a 500 with its traceback, a dead worker) go to stderr, where the process manager keeps them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_choice("LOG_LEVEL", "WARNING", LOG_LEVELS)},
    "loggers": {"django.request": {"level": "ERROR"}},  # 500s with tracebacks; not every 404 of a stale feed link
}

LOGIN_URL = "admin:login"

# Login throttling (django-axes) on /coordinate/login/ and /admin/login/: after LOGIN_FAILURE_LIMIT wrong passwords
# for one username, or from one address, logins stop for LOGIN_LOCKOUT_MINUTES; a district coordinator lifts a lock
# by deleting its row under 访问尝试 in the admin. Feeds and API tokens never authenticate through it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "college.views.personal.client_address"
AXES_LOCKOUT_CALLABLE = "college.views.coordinator.accounts.locked_out"
AXES_VERBOSE = False

# Request bodies above this are refused (413) before they are read: a 10 MB spreadsheet and its form fit.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 11 * 1024 * 1024, minimum=1024)

# The resident's address behind a reverse proxy: the header it sets (X-Real-IP, or X-Forwarded-For whose last entry
# counts); unset, the connection's own address. Without it behind a proxy, every resident shares the proxy's quota.
CLIENT_IP_HEADER = env_header("CLIENT_IP_HEADER")
NEW_CALENDARS_PER_HOUR = env_int("NEW_CALENDARS_PER_HOUR", 30, minimum=1)  # from one address, on the /my/ page

# Background solves: the task backend, the solver's limits and the stale-worker sweep.
TASKS_BACKEND = env_choice("TASKS_BACKEND", "database", BACKENDS)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
SOLVE_TIME_LIMIT = env_int("SOLVE_TIME_LIMIT", 60, minimum=1)  # seconds, when a solve names none
SOLVE_MAX_TIME_LIMIT = env_int("SOLVE_MAX_TIME_LIMIT", 3600, minimum=1)
SOLVER_WORKERS = env_int("SOLVER_WORKERS", 2, minimum=1)  # CP-SAT search workers per solve
SOLVE_STALE_SECONDS = env_int("SOLVE_STALE_SECONDS", 30, minimum=2)  # no heartbeat for this long: worker dead
SOLVE_FAN_OUT = env_bool("SOLVE_FAN_OUT", default=TASKS_BACKEND == "rq")  # district blocks on the task workers
SOLVE_FAN_OUT_WORKERS = env_int("SOLVE_FAN_OUT_WORKERS", 2, minimum=1)  # workers that share a fanned-out solve
SOLVE_BOUND_TIME_LIMIT = env_int("SOLVE_BOUND_TIME_LIMIT", 480, minimum=0)  # the background bound's seconds (0: none)
TASKS, _task_apps, RQ_QUEUES = task_settings(TASKS_BACKEND, REDIS_URL, job_timeout=2 * SOLVE_MAX_TIME_LIMIT + 600)
INSTALLED_APPS += ["django_tasks_db", *_task_apps]
