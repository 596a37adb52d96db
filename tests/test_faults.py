"""Faults with real processes on a throwaway PostgreSQL cluster the test makes itself (initdb in a temporary folder,
never the machine's server): the web process killed, or PostgreSQL restarted, while a publish or an import waits
inside its transaction. Each leaves exactly one published version and nothing half-written.

The test holds a row lock the request's transaction needs, so the request is known to be inside its transaction
(PostgreSQL says it waits for the lock) when the fault strikes: no sleeps, no timing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.college.imports.sheets import TEACHER_HEADERS, xlsx

ROOT = Path(__file__).resolve().parent.parent
INITDB = shutil.which("initdb")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(INITDB is None, reason="PostgreSQL's initdb is not installed"),
]

SETUP = """
from college.domain.people import coordinators
from college.models import ApiToken
from tests.college.factories import load_tiny_college, make_timetable_with_session
load_tiny_college()
make_timetable_with_session(version=1, status="published")
draft = make_timetable_with_session(version=2, status="draft")
user, _ = coordinators.make_coordinator("district", "pw-for-tests-only")
print(draft.pk, ApiToken.issue(user, "faults")[1])
"""


UNAVAILABLE = "数据库暂时不可用，未保存任何内容。请稍后再试。"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command: str) -> None:
    """PostgreSQL refuses to run as root: its commands run as the postgres user when the test is root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/kebiao"

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres("pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", str(self.folder / "log"), "-w",
                    *args)  # fmt: skip

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="kebiao")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="kebiao-faults-pg-"))  # under /tmp: pytest's own folder is root's only
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    as_postgres("initdb", "-D", str(folder / "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
    cluster = Cluster(folder, free_port())
    cluster.pg_ctl("start")
    try:
        with psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE kebiao")
        yield cluster
    finally:
        cluster.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Site:
    cluster: Cluster
    env: dict[str, str]
    draft: int
    token: str
    server: subprocess.Popen[bytes] | None = None
    port: int = 0

    def start(self) -> None:
        self.port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.server = subprocess.Popen([gunicorn, "college.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                                        "--workers", "1", "--timeout", "120"], cwd=ROOT, env=self.env,
                                       stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        for _ in range(600):  # until it listens, at most 60 s
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    def kill(self) -> None:
        assert self.server is not None
        os.killpg(self.server.pid, signal.SIGKILL)  # the master and its worker, at once
        self.server.wait(timeout=30)

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=30)

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": content_type, "Accept-Language": "zh-hans"}
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@pytest.fixture
def site(cluster: Cluster) -> Iterator[Site]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env |= {"DATABASE_URL": cluster.url, "SECRET_KEY": "f" * 50, "ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT)}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    made = subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    draft, token = made.stdout.strip().splitlines()[-1].split()
    site = Site(cluster, env, int(draft), token)
    site.start()
    yield site
    site.stop()


def wait_until_blocked(cluster: Cluster, answers: list[object]) -> None:
    """Until another session of the database waits for a lock (the request, inside its transaction)."""
    with cluster.connect() as connection:
        connection.autocommit = True  # pg_stat_activity is read once per transaction
        for _ in range(1200):  # at most 120 s on a loaded machine
            assert answers == [], f"the request ended before the fault: {answers}"
            waiting = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'kebiao' AND wait_event_type = 'Lock'"
            ).fetchone()
            if waiting and waiting[0] >= 1:
                return
            time.sleep(0.1)
    raise AssertionError("the request never reached its transaction")


def wait_until_alone(cluster: Cluster) -> None:
    """Until every other session of the database has ended (a killed client's transaction rolled back)."""
    with cluster.connect() as connection:
        connection.autocommit = True
        for _ in range(1200):
            others = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'kebiao' AND pid <> pg_backend_pid()"
            ).fetchone()
            if others and others[0] == 0:
                return
            time.sleep(0.1)
    raise AssertionError("a killed request's session never ended")


def versions(cluster: Cluster) -> list[tuple[int, str]]:
    with cluster.connect() as connection:
        return connection.execute("SELECT version, status FROM college_timetable ORDER BY version").fetchall()


def teachers(cluster: Cluster) -> list[tuple[str, str]]:
    with cluster.connect() as connection:
        return connection.execute("SELECT key, name FROM college_teacher ORDER BY key").fetchall()


def in_background(action: object) -> tuple[threading.Thread, list[object]]:
    answers: list[object] = []

    def run() -> None:
        try:
            answers.append(action())  # type: ignore[operator]
        except OSError as error:  # the server died under the request
            answers.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answers


def publish(site: Site) -> tuple[threading.Thread, list[object]]:
    return in_background(lambda: site.post(f"/api/v1/timetables/{site.draft}/publish", b"{}", "application/json"))


def hold_draft(cluster: Cluster) -> psycopg.Connection:
    """A session that locks the draft's row: a publish archives version 1, then waits to mark version 2."""
    holder = cluster.connect()
    holder.execute("SELECT 1 FROM college_timetable WHERE version = 2 FOR UPDATE")
    return holder


def test_the_web_process_killed_mid_publish_leaves_version_1_published(site: Site) -> None:
    holder = hold_draft(site.cluster)
    thread, answers = publish(site)
    wait_until_blocked(site.cluster, answers)
    site.kill()
    holder.rollback()
    holder.close()
    thread.join(timeout=120)
    wait_until_alone(site.cluster)
    assert isinstance(answers[0], OSError)  # the caller sees the connection drop, never a success
    assert versions(site.cluster) == [(1, "published"), (2, "draft")]


def test_postgresql_restarted_mid_publish_answers_503_in_chinese_and_leaves_version_1_published(site: Site) -> None:
    holder = hold_draft(site.cluster)
    thread, answers = publish(site)
    wait_until_blocked(site.cluster, answers)
    site.cluster.pg_ctl("-m", "fast", "restart")
    thread.join(timeout=120)
    holder.close()
    status, body = answers[0]  # type: ignore[misc]
    assert (status, body["code"], body["message"]) == (503, "unavailable", UNAVAILABLE)
    assert versions(site.cluster) == [(1, "published"), (2, "draft")]
    assert site.post(f"/api/v1/timetables/{site.draft}/publish", b"{}", "application/json")[0] == 200  # retried
    assert versions(site.cluster) == [(1, "archived"), (2, "published")]


def test_the_web_process_killed_mid_import_writes_no_row_of_it(site: Site) -> None:
    before = teachers(site.cluster)
    rows = [TEACHER_HEADERS, ["zhao", "赵老师", "小竹社区", "", "体育", 2, "是", ""],
            ["wang", "王老师改", "小竹社区", "13800000001", "体育", 4, "是", ""]]  # fmt: skip
    boundary = "kebiao-fault-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n")  # fmt: skip
    body = head.encode() + xlsx(rows) + f"\r\n--{boundary}--\r\n".encode()
    holder = site.cluster.connect()
    holder.execute("SELECT 1 FROM college_teacher WHERE key = 'wang' FOR UPDATE")
    thread, answers = in_background(lambda: site.post("/api/v1/imports/teachers?dry_run=false", body,
                                                       f"multipart/form-data; boundary={boundary}"))  # fmt: skip
    wait_until_blocked(site.cluster, answers)
    site.kill()
    holder.rollback()
    holder.close()
    thread.join(timeout=120)
    wait_until_alone(site.cluster)
    assert teachers(site.cluster) == before
