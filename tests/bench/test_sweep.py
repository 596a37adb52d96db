"""``python -m bench.sweep``: one row per seed and the summing-up line, the seeds as the issue writes them."""

from __future__ import annotations

import re

import pytest

from bench.sweep import main, seeds


def test_seeds_read_ranges_and_lists_in_the_order_given() -> None:
    assert seeds("1-3") == [1, 2, 3]
    assert seeds("4,7,20261123") == [4, 7, 20261123]
    assert seeds("9,1-2") == [9, 1, 2]


@pytest.mark.slow
def test_a_community_sweep_prints_a_row_per_seed_and_counts_the_complete_timetables(capsys) -> None:
    main(["--size", "community", "--seeds", "1-2"])
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in lines if re.match(r"\s+\d+\s", line)]
    assert [(row[0], row[-1]) for row in rows] == [("1", "0"), ("2", "0")]  # seed, hard violations
    assert re.fullmatch(
        r"sweep: 2 of 2 with a timetable, first feasible max \d+\.\d\d s, wall max \d+\.\d\d s", lines[-1]
    )
