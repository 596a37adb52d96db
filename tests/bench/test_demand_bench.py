"""``python -m bench.demand``: the printed figures for a community, checked against each other."""

from __future__ import annotations

import re

import pytest

from bench.demand import main

pytestmark = pytest.mark.slow


def test_community_bench_prints_proposals_between_the_naive_plan_and_the_bound(capsys) -> None:
    main(["--size", "community", "--seed", "3", "--openings", "4", "--time-limit", "20", "--workers", "1"])
    out = capsys.readouterr().out
    found = re.search(r"demand: proposed (\d+) served, naive (\d+) served, bound (\d+), wall [\d.]+ s\n\Z", out)
    assert found is not None, out
    proposed, naive, bound = (int(n) for n in found.groups())
    assert naive <= proposed <= bound
    assert "0 broken rules" in out
