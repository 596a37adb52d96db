"""Django settings for Kebiao. Everything that differs between machines comes from the environment."""

from __future__ import annotations

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
    "college",
    "api",
    "college.feeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"

LOGIN_URL = "admin:login"

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
TASKS, _task_apps, RQ_QUEUES = task_settings(TASKS_BACKEND, REDIS_URL, job_timeout=2 * SOLVE_MAX_TIME_LIMIT + 600)
INSTALLED_APPS += ["django_tasks_db", *_task_apps]
