from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from college.domain.records.load import read_college
from college.models import Community, Interest, InterestGroup, Resident, Teacher, Venue
from fixtures.demo import demo_college

ROOT = Path(__file__).resolve().parents[3]
SIZES = ["--communities", "2", "--groups", "12", "--venues", "6", "--teachers", "8", "--residents", "150"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_generate_college_loads_the_asked_sizes() -> None:
    output = run("generate_college", "--seed", "3", *SIZES)
    counts = (Community, InterestGroup, Venue, Teacher, Resident)
    assert [model.objects.count() for model in counts] == [2, 12, 6, 8, 150]
    assert f"2 communities, 12 groups, 6 venues, 8 teachers, 150 residents, {Interest.objects.count()} interests" in (
        output
    )
    assert re.search(r"residents +created +150 ", output)


@pytest.mark.django_db
def test_generate_college_twice_with_the_same_seed_changes_nothing() -> None:
    run("generate_college", "--seed", "3", *SIZES)
    first = read_college()
    again = run("generate_college", "--seed", "3", *SIZES)
    assert re.search(r"residents +created +0 +updated +0 +unchanged +150", again)
    assert read_college() == first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--residents", "-4"], "argument --residents: must be at least 0, not -4"),
        (["--groups", "many"], "argument --groups: must be a whole number, not 'many'"),
        (["--communities", "0"], "argument --communities: must be at least 1, not 0"),
        (
            ["--communities", "5", "--venues", "2"],
            "Cannot generate this college: venues (2) must be at least one per community (5)",
        ),
    ],
)
@pytest.mark.django_db
def test_generate_college_refuses_bad_numbers_naming_them(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as refused:
        run("generate_college", *args)
    expected = f"Error: {message}" if message.startswith("argument") else message
    assert str(refused.value) == expected
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_loaded_demo_reads_back_exactly_and_passes_every_model_check() -> None:
    output = run("load_demo")
    assert "Loaded 龙竹社区学院" in output
    assert "2026年秋季学期: 2027 年的法定节假日尚未公布" in output  # the term reaches past chinese-calendar's years
    assert read_college() == demo_college()
    for model in apps.get_app_config("college").get_models():
        for row in model.objects.all():
            row.full_clean()
    assert "Already up to date: 龙竹社区学院" in run("load_demo")


def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh shell: our variables unset, the database an explicit SQLite file."""
    ours = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS"}
    env = {k: v for k, v in os.environ.items() if k not in ours}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_migrate_and_load_demo_work_on_an_sqlite_file(tmp_path: Path) -> None:
    assert manage(tmp_path, "migrate", SECRET_KEY="x").returncode == 0
    loaded = manage(tmp_path, "load_demo", SECRET_KEY="x")
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 龙竹社区学院" in loaded.stdout
    assert (tmp_path / "demo.sqlite3").stat().st_size > 100_000


@pytest.mark.slow
def test_demo_prepares_everything_without_any_environment(tmp_path: Path) -> None:
    result = manage(tmp_path, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert re.search(r"Coordinator login: username demo  password \S{12}", result.stdout)
    assert "Admin (the whole college, editable): http://127.0.0.1:8000/admin/" in result.stdout
    pages = "Coordinator dashboard: http://127.0.0.1:8000/coordinate/   Public catalogue: http://127.0.0.1:8000/groups/"
    assert pages in result.stdout
    assert re.search(r"Saved version 1 \(timetable 1\): 47 sessions, objective \d+", result.stdout)
    assert "Published version 1." in result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
def test_demo_serves_the_admin_with_its_static_files(tmp_path: Path) -> None:
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "--addrport", address],
        cwd=ROOT,
        env=clean_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        login = wait_for(f"http://{address}/admin/login/", 120).decode()
        css = wait_for(f"http://{address}/static/admin/css/base.css", 10).decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()  # type: ignore[union-attr]
    assert "<title>登录 | 课表</title>" in login
    assert "--body-bg" in css
