"""Run Debian's ``fet-cl`` on a FET file and read back what it did, as the engine's assignments.

``fet-cl`` exits 0 even when it runs out of time, so the outcome is read from ``logs/result.txt``; the
timetable from ``timetables/<name>/<name>_activities.xml`` (day, hour and room of every placed activity) and
FET's own soft-conflict total from ``<name>_soft_conflicts.txt``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from scheduler.io.fet.mapping import FetMapping
from scheduler.io.fet.read import FetFile
from scheduler.problem import Slot
from scheduler.solution import Assignment


@dataclass(frozen=True)
class FetRun:
    outcome: str  # the last line of result.txt that says how the run ended
    seconds: float
    assignments: tuple[Assignment, ...]
    soft_conflicts: float | None  # FET's own "Total soft conflicts"
    broken: int | None  # FET's own "Number of broken soft constraints"


def available() -> bool:
    return shutil.which("fet-cl") is not None


def run_fet(path: Path, fet: FetFile, mapping: FetMapping, seconds: float) -> FetRun:
    with tempfile.TemporaryDirectory(prefix="kebiao-fet-") as out:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        command = [
            "fet-cl",
            f"--inputfile={path}",
            f"--outputdir={out}",
            f"--timelimitseconds={max(1, round(seconds))}",
        ]
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, timeout=seconds + 120, check=False)
        took = time.perf_counter() - started
        result = Path(out, "logs", "result.txt")
        lines = [x.strip() for x in result.read_text(encoding="utf-8-sig").splitlines() if x.strip()]
        outcome = lines[-1] if lines else "no result.txt"
        stem = path.stem
        folder = Path(out, "timetables", stem)
        placed = _placements(folder / f"{stem}_activities.xml", fet, mapping)
        conflicts, broken = _soft(folder / f"{stem}_soft_conflicts.txt")
    return FetRun(outcome, took, placed, conflicts, broken)


def _placements(path: Path, fet: FetFile, mapping: FetMapping) -> tuple[Assignment, ...]:
    if not path.exists():
        return ()
    problem, out = mapping.problem, []
    for e in ET.parse(path).getroot().findall("Activity"):
        gid = mapping.group_of.get(int(e.findtext("Id") or "0"))
        day, hour = (e.findtext("Day") or "").strip(), (e.findtext("Hour") or "").strip()
        if gid is None or day not in fet.days or hour not in fet.hours:
            continue  # not placed
        d, h = fet.days.index(day), fet.hours.index(hour)
        slot = Slot(d, 8 * 60 + h * 60, (len(fet.hours) - h) * 60)
        g = problem.group[gid]
        room = f"r:{(e.findtext('Room') or '').strip()}"
        venue = room if room in g.venues else g.venues[0]
        out.append(Assignment(gid, 0, slot, venue, g.teacher))
    return tuple(out)


def _soft(path: Path) -> tuple[float | None, int | None]:
    if not path.exists():
        return None, None
    text = path.read_text(encoding="utf-8-sig")
    total = re.search(r"Total soft conflicts:\s*([\d.]+)", text)
    broken = re.search(r"Number of broken soft constraints:\s*(\d+)", text)
    return (float(total[1]) if total else None, int(broken[1]) if broken else None)
