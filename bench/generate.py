"""Print how fast the seeded generator builds a college and how tight the result is.

    python -m bench.generate [--size community|district] [--seed N] [--repeat N]

Figures only (no assertions): generation time, sizes, weekly sessions, interests, the share of teachers
teaching in two communities, teachers' slack (maximum minus assigned sessions) and how many rooms fit
each group; what the solver benchmark can expect from ``fixtures.generator``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from college.domain.records.types import CollegeRecords, GroupRecord, VenueRecord
from fixtures.generator import PRESETS, generate_with_timetable


def _fits(group: GroupRecord, venue: VenueRecord) -> bool:
    return (
        venue.community == group.community
        and venue.capacity >= group.max_size
        and set(group.facilities) <= set(venue.facilities)
        and (venue.step_free or not group.step_free)
    )


def tightness(college: CollegeRecords) -> list[str]:
    groups = [g for g in college.groups if g.registered]
    load = Counter()
    for g in groups:
        load[g.teacher] += g.sessions_per_week
    slack = Counter(t.max_sessions_per_week - load[t.key] for t in college.teachers)
    places: dict[str, set[str]] = {}
    for g in college.groups:
        places.setdefault(g.teacher, set()).add(g.community)
    venues: dict[str, list[VenueRecord]] = {}
    for v in college.venues:
        venues.setdefault(v.community, []).append(v)
    rooms = sorted(sum(_fits(g, v) for v in venues.get(g.community, [])) for g in groups)
    return [
        f"weekly sessions      {sum(load.values())} ({len(groups)} registered groups of {len(college.groups)})",
        f"interests            {len(college.interests)} of {len(college.residents)} residents",
        f"cross-community      {sum(len(p) > 1 for p in places.values()) / len(college.teachers):.1%} of teachers",
        f"teacher slack        {dict(sorted(slack.items()))} (max sessions minus assigned: teachers)",
        f"fitting rooms/group  min {rooms[0]}, p10 {rooms[len(rooms) // 10]}, median {statistics.median(rooms):g}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(PRESETS), default="district")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        generated = generate_with_timetable(seed=args.seed, **PRESETS[args.size])
        times.append(time.perf_counter() - began)
    print(f"{args.size} college, seed {args.seed}: {PRESETS[args.size]}")
    print(f"generation           best {min(times):.2f} s, median {statistics.median(times):.2f} s of {args.repeat}")
    for line in tightness(generated.college):
        print(line)
    tiers = generated.stats.by_tier
    grown = tiers[3] + tiers[4]
    print(f"witness timetable    {tiers[1]} in audience time, {tiers[2]} outside it, {grown} grew availability")


if __name__ == "__main__":
    main()
