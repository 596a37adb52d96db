"""Production as the README documents it: `check --deploy` warns nothing, errors reach stderr with their traceback,
Swagger UI needs no outside host, and gunicorn serves the site and its static files."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def documented_environment() -> dict[str, str]:
    """The `export` lines of the README's production block, as an environment."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- production-env -->", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    env: dict[str, str] = {}
    for line in block.strip().splitlines():
        words = shlex.split(line)
        assert words[0] == "export", line
        env.update(word.split("=", 1) for word in words[1:])
    return env


def bare_environment(**more: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return keep | more


def test_check_deploy_with_the_documented_production_environment_warns_nothing() -> None:
    env = bare_environment(**documented_environment())
    run = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.strip() == "System check identified no issues (1 silenced)."


def test_a_server_error_leaves_its_traceback_on_stderr() -> None:
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.error_urls'):\n"
        "    print(Client(raise_request_exception=False).get('/fails/').status_code)\n"
    )
    env = bare_environment(DJANGO_SETTINGS_MODULE="college.settings", SECRET_KEY="x" * 50, ALLOWED_HOSTS="testserver",
                           PYTHONPATH=str(ROOT))  # fmt: skip
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.stdout == "500\n"
    assert "ERROR django.request: Internal Server Error: /fails/" in run.stderr
    assert "Traceback (most recent call last)" in run.stderr
    assert "ZeroDivisionError: a bug in a view" in run.stderr


@pytest.mark.django_db
def test_swagger_ui_loads_only_the_sites_own_files(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and [a for a in assets if not a.startswith("/static/")] == []
    assert [a for a in assets if finders.find(a.removeprefix("/static/")) is None] == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.mark.slow
def test_gunicorn_serves_the_pages_the_api_and_the_static_files(tmp_path: Path) -> None:
    port = free_port()
    env = bare_environment(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="127.0.0.1", SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", STATIC_ROOT=str(tmp_path / "static"),
    )  # fmt: skip
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "college.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], cwd=ROOT, env=env, stderr=subprocess.PIPE)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):  # until it listens (at most 30 s), then every answer below
            try:
                fetch(base + "/groups/")
                break
            except OSError:
                time.sleep(0.1)
        assert fetch(base + "/groups/")[0] == 200
        assert fetch(base + "/api/v1/communities")[0] == 200
        status, body = fetch(base + "/static/ninja/swagger-ui-bundle.js")
        assert (status, len(body) > 100_000) == (200, True)
        assert fetch(base + "/static/admin/css/base.css")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
