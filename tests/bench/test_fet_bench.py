"""``python -m bench.fet``: the printed table for a tiny file, and fet-cl's own timetable of a real school
scored by our verifier (no hard violation: our mapping asks nothing FET did not)."""

from __future__ import annotations

import shutil

import pytest

from bench.fet import main
from bench.fet_cl import run_fet
from scheduler.io.fet.mapping import map_fet
from scheduler.io.fet.read import read_fet
from scheduler.verify.timetable import verify
from tests.bench.staged import FET_EXAMPLES, needs_fet_examples
from tests.scheduler.io.fet.test_fet import TINY


def test_bench_prints_placed_hard_and_soft_for_a_tiny_school(tmp_path, capsys) -> None:
    path = tmp_path / "tiny.fet"
    path.write_text(TINY, encoding="utf-8")
    main([str(path), "--time-limit", "3", "--workers", "1"])
    out = capsys.readouterr().out
    assert "tiny.fet: 3 activities, 2 teachers, 1 cohorts, 2 venues, 2×3 grid" in out
    assert "DROPPED (not supported): TeacherMaxDaysPerWeek 1" in out
    engine = next(line for line in out.splitlines() if line.startswith("engine"))
    assert engine.split()[1:4] == ["3/3", "0", "0"]


def test_bench_refuses_a_missing_file_by_name(tmp_path) -> None:
    with pytest.raises(SystemExit, match="nowhere.fet: no such file"):
        main([str(tmp_path / "nowhere.fet")])


@pytest.mark.skipif(shutil.which("fet-cl") is None, reason="fet-cl (Debian package fet) is not installed")
@needs_fet_examples
def test_fet_cl_timetable_of_the_algerian_university_keeps_every_hard_rule_of_our_mapping() -> None:
    path = FET_EXAMPLES / "Algeria_Batna-Univ-Mechanical_ET2012-2013-S2.fet"
    fet = read_fet(path)
    mapping = map_fet(fet)
    run = run_fet(path, fet, mapping, 20)
    assert run.outcome == "Simulation successful"
    assert len(run.assignments) == len(mapping.problem.groups) == 298
    assert verify(mapping.problem, run.assignments).violations == ()
