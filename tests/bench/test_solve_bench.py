"""``python -m bench.solve``: the printed figures for a community, checked against each other."""

from __future__ import annotations

import re

import pytest

from bench.solve import main

pytestmark = pytest.mark.slow


def _figure(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(label)).split()[-1]


def _count(out: str, label: str) -> int:
    """The attendable interests printed on the line after ``label`` (or on it)."""
    lines = out[out.index("demand coverage:") :].splitlines()
    k = next(i for i, line in enumerate(lines) if line.strip().startswith(label))
    found = re.search(r"([\d,]+) / [\d,]+ =", lines[k]) or re.search(r"([\d,]+) / [\d,]+ =", lines[k + 1])
    return int(found.group(1).replace(",", ""))


def test_community_bench_prints_a_verified_timetable_between_greedy_and_the_upper_bound(capsys) -> None:
    main(
        ["--size", "community", "--seed", "3", "--no-naive", "--bound-time-limit", "5", "--background-time-limit", "10"]
    )
    out = capsys.readouterr().out
    assert _figure(out, "hard violations (verifier)") == "0"
    assert _figure(out, "verifier objective") == _figure(out, "final objective")
    greedy, ours, bound = _count(out, "greedy first-fit"), _count(out, "ours"), _count(out, "upper bound")
    assert greedy < ours <= bound
    assert "MET   no hard violation" in out
    proven = re.search(r"optimum ≥ ([\d,]+), ours within", out)  # HiGHS may not reach its root in 5 s on a busy machine
    if proven:
        assert int(proven.group(1).replace(",", "")) <= int(_figure(out, "final objective").replace(",", ""))
    background = re.search(r"background bound ([\d,]+) \(lp", out)  # none when HiGHS is not done in 10 s
    if background:
        assert int(background.group(1).replace(",", "")) <= int(_figure(out, "final objective").replace(",", ""))
