"""The documented production setup on localhost for benchmarks: gunicorn behind nginx (``deploy/nginx.conf``),
an nginx reference that serves a plain file, and wrk to load them (``bash .ci/setup bench`` installs both).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

REPO = Path(__file__).resolve().parent.parent
GUNICORN_WORKERS = 4  # the README's production command
GUNICORN_THREADS = 2  # gthread keeps connections alive (a sync worker closes each one)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urlopen(url, timeout=20) as response:  # noqa: S310 - localhost only
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@dataclass(frozen=True)
class Gunicorn:
    workers: int = GUNICORN_WORKERS
    threads: int = GUNICORN_THREADS
    worker_class: str = "gthread"

    def __str__(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"gunicorn: {self.workers} {self.worker_class} workers{threads}"


@contextmanager
def gunicorn(env: dict[str, str], port: int, config: Gunicorn = Gunicorn()) -> Iterator[subprocess.Popen]:
    command = [str(Path(sys.executable).with_name("gunicorn")), "college.wsgi:application", "--bind",
               f"127.0.0.1:{port}", "--workers", str(config.workers), "--worker-class", config.worker_class,
               "--threads", str(config.threads), "--keep-alive", "30", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **env})
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def nginx_config(folder: Path, public_root: Path, front_port: int, app_port: int, reference_port: int) -> Path:
    """``deploy/nginx.conf`` with this run's folders and ports, and a reference server of plain files."""
    site = (REPO / "deploy" / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{front_port};").replace("/srv/kebiao/public", str(public_root))
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    main = f"""worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    {site}
    server {{
        listen 127.0.0.1:{reference_port};
        root {folder}/reference;
        types {{ }}
        default_type "text/calendar; charset=utf-8";
    }}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(main)
    return path


@contextmanager
def nginx(config: Path) -> Iterator[subprocess.Popen]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    check = subprocess.run([binary, "-t", "-c", str(config)], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"nginx refuses {config}: {check.stderr}")
    process = subprocess.Popen([binary, "-c", str(config)])
    try:
        yield process
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=30)


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    latency: str
    statuses: str
    requests: int = 0


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (gunicorn's or nginx's workers)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far: on a shared machine the cost of a request is
    their growth over a run divided by its requests, which other processes' load does not inflate."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str] | None = None) -> Load:
    """``wrk`` against ``url``: requests a second, mean latency, and any non-2xx/3xx answers it counted."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = re.search(r"Latency\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return Load(rate, latency, f"{bad.group(1)} non-2xx/3xx" if bad else "all 2xx/3xx", requests)
