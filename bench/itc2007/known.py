"""Best-known costs and the ITC-2007 winner's competition results, read from the staged ``best_known.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from bench.shared import benchmark_file


@dataclass(frozen=True)
class Known:
    instance: str
    best: int  # best known upper bound, formulation UD2 (the ITC-2007 objective)
    winner: int  # Müller's result in the competition


def known_costs() -> dict[str, Known]:
    with benchmark_file("itc2007", "best_known.csv").open(encoding="utf-8") as f:
        return {
            row["instance"]: Known(
                row["instance"], int(row["best_known_UB_UD2"]), int(row["itc2007_winner_Muller_competition"])
            )
            for row in csv.DictReader(f)
        }
