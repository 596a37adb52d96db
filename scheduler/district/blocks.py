"""How a district splits into blocks (one per community) and in which order the blocks are solved.

Blocks are coupled by teachers who teach in two of them, by venues two of them may use, and by residents
interested in groups of both. Coupled blocks never share a round; within a round blocks are solved in
parallel. The order (round, index) decides who counts a cross term: the later of the blocks involved,
which sees the earlier ones fixed. The same order, with every coupling relaxed, gives the bound.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Answer
from scheduler.model.rules.base import Scope
from scheduler.problem import Group, Placement, Problem
from scheduler.solution import Assignment


@dataclass(frozen=True)
class Block:
    index: int
    community: str
    groups: tuple[str, ...]
    round: int


@dataclass(frozen=True)
class Plan:
    blocks: tuple[Block, ...]
    position: dict[str, int]  # group id → position of its block in solving order
    coupled: dict[int, frozenset[int]]  # block index → coupled block indices
    answers: dict[int, list[Answer]]  # block index → answers naming at least one of its groups
    teacher_blocks: dict[str, frozenset[int]]

    def order(self) -> list[Block]:
        return sorted(self.blocks, key=lambda b: (b.round, b.index))


def plan(problem: Problem, cands: Candidates, answers: list[Answer]) -> Plan:
    by_community: dict[str, list[str]] = defaultdict(list)
    for g in problem.groups:
        by_community[g.community].append(g.id)
    communities = [c.id for c in problem.communities if c.id in by_community]
    block_of = {g: i for i, c in enumerate(communities) for g in by_community[c]}
    edges: dict[int, set[int]] = defaultdict(set)
    teacher_blocks: dict[str, set[int]] = defaultdict(set)
    venue_blocks: dict[str, set[int]] = defaultdict(set)
    for g in problem.groups:
        teacher_blocks[g.teacher].add(block_of[g.id])
        for v in cands.of[g.id].venues:
            venue_blocks[v].add(block_of[g.id])
    per_block: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        touched = {block_of[g] for g in answer[1]}
        for b in touched:
            per_block[b].append(answer)
        _link(edges, touched)
    for sets in (*teacher_blocks.values(), *venue_blocks.values()):
        _link(edges, sets)
    rounds = _colour(len(communities), edges)
    blocks = tuple(Block(i, c, tuple(by_community[c]), rounds[i]) for i, c in enumerate(communities))
    ordered = sorted(blocks, key=lambda b: (b.round, b.index))
    position_of_block = {b.index: k for k, b in enumerate(ordered)}
    return Plan(
        blocks,
        {g: position_of_block[b] for g, b in block_of.items()},
        {i: frozenset(edges[i]) for i in range(len(blocks))},
        dict(per_block),
        {t: frozenset(b) for t, b in teacher_blocks.items()},
    )


def _link(edges: dict[int, set[int]], blocks: set[int]) -> None:
    for a in blocks:
        edges[a] |= blocks - {a}


def _colour(n: int, edges: dict[int, set[int]]) -> list[int]:
    """Greedy colouring in index order: a chain of communities gets rounds 0, 1, 0, 1 …"""
    colour: list[int] = []
    for i in range(n):
        taken = {colour[j] for j in edges[i] if j < i}
        colour.append(next(c for c in range(n) if c not in taken))
    return colour


@dataclass(frozen=True)
class Job:
    """One block's model: its sub-problem, demand inputs and scope (picklable for a worker process)."""

    block: int
    problem: Problem
    answers: list[Answer]
    own: frozenset[str]
    fixed: dict[str, int]  # fixed group → grid points it covers
    scope: Scope
    hint: tuple[Assignment, ...]
    relaxed: bool = False  # the block alone, couplings dropped: its model's bound bounds the block's share


def relaxed_job(
    problem: Problem,
    p: Plan,
    block: Block,
    hint: tuple[Assignment, ...],
    ahead: dict[str, tuple[Assignment, ...]] | None = None,
    cands: Candidates | None = None,
) -> Job:
    """The block alone: every coupling to other blocks dropped (a relaxation: its optimum bounds its part).

    ``ahead``: the warm start of the district (group → its sessions); given, the groups of later blocks that share
    a teacher or venue with this one stay pinned there (``later``), and the job is no longer a relaxation.
    """
    own = frozenset(block.groups)
    answers = [(f, kept, n) for f, interests, n in p.answers.get(block.index, []) if (kept := _within(interests, own))]
    single = frozenset(t for t, bs in p.teacher_blocks.items() if bs == {block.index})
    pinned = later(problem, cands or Candidates(problem), p, block, ahead) if ahead else {}
    sub = _sub_problem(problem, own, pinned)
    return Job(block.index, sub, answers, own, {}, Scope(own, single), hint, relaxed=not pinned)


def final_job(
    problem: Problem,
    cands: Candidates,
    p: Plan,
    block: Block,
    placed: dict[str, tuple[Assignment, ...]],
    hint,
    ahead: dict[str, tuple[Assignment, ...]] | None = None,
) -> Job:
    """The block with every group of earlier coupled blocks fixed where it was placed (and, with ``ahead``, the
    later blocks' groups it shares a teacher or venue with pinned at their warm start: ``later``)."""
    own = frozenset(block.groups)
    k = p.position[block.groups[0]]
    earlier = {g for g, pos in p.position.items() if pos < k}
    answers = []
    fixed_ids: set[str] = set()
    for f, interests, n in p.answers.get(block.index, []):
        kept = tuple(g for g in interests if g in own or (g in earlier and g in placed))
        answers.append((f, kept, n))
        fixed_ids.update(g for g in kept if g not in own)
    teachers = {problem.group[g].teacher for g in own}
    venues = {v for g in own for v in cands.of[g].venues}
    for g in problem.groups:
        if g.id in earlier and g.id in placed and (g.teacher in teachers or _at(placed[g.id], venues)):
            fixed_ids.add(g.id)
    fixed_ids &= set(placed)  # a block that found no timetable leaves nothing to fix (the solve then fails)
    fixed = {g: _points(problem, cands, placed[g]) for g in fixed_ids}
    needed = _needed(problem, cands, own, answers, fixed, teachers, venues)
    last = frozenset(t for t in teachers if max(p.position[g.id] for g in problem.groups if g.teacher == t) == k)
    pinned = {g: placed[g] for g in fixed_ids if g in needed} | later(problem, cands, p, block, ahead or {})
    sub = _sub_problem(problem, own, pinned)
    return Job(block.index, sub, answers, own, fixed, Scope(own, last), hint)


def later(
    problem: Problem, cands: Candidates, p: Plan, block: Block, ahead: dict[str, tuple[Assignment, ...]]
) -> dict[str, tuple[Assignment, ...]]:
    """Groups of blocks solved after ``block`` that share a teacher or a venue with it, at their warm start.

    Pinned in the block's model, they keep the invariant that makes a district solve never dead-end: every
    block's answer, with the earlier blocks' answers, leaves each later block its warm start as a timetable
    (a block solved with its couplings dropped could take the slot a later block's group cannot do without).
    Groups the warm start left unplaced are left out.
    """
    if not ahead:
        return {}
    own = set(block.groups)
    k = p.position[block.groups[0]]
    teachers = {problem.group[g].teacher for g in own}
    venues = {v for g in own for v in cands.of[g].venues}
    out = {}
    for g in problem.groups:
        if p.position[g.id] <= k or g.id not in ahead or len(ahead[g.id]) != g.sessions:
            continue
        if g.teacher in teachers or _at(ahead[g.id], venues):
            out[g.id] = ahead[g.id]
    return out


def _needed(problem, cands, own, answers, fixed: dict[str, int], teachers, venues) -> set[str]:
    """Fixed groups the block's model must contain: those sharing a teacher or venue with its own groups, and
    those a resident also wants an own group of, when that own group could overlap them. The others stay out
    of the model (their points still tell ``aggregate`` which late interests were missed already)."""
    reach: dict[str, int] = {}
    for g in own:
        mask = 0
        for t in cands.of[g].slots:
            for q in cands.covers(t, problem.group[g].length):
                mask |= 1 << q
        reach[g] = mask
    out = {g for g in fixed if problem.group[g].teacher in teachers or venues & set(cands.of[g].venues)}
    for _, interests, _ in answers:
        mine = [reach[g] for g in interests if g in own]
        if mine:
            out.update(h for h in interests if h in fixed and any(m & fixed[h] for m in mine))
    return out


def _at(sessions: tuple[Assignment, ...], venues: set[str]) -> bool:
    """Whether a placed group meets in one of ``venues`` (only where it is placed can it clash)."""
    return any(a.venue in venues for a in sessions)


def _within(interests: tuple[str, ...], own: frozenset[str]) -> tuple[str, ...]:
    return tuple(g for g in interests if g in own)


def _points(problem: Problem, cands: Candidates, assignments: tuple[Assignment, ...]) -> int:
    mask = 0
    for a in assignments:
        for p in cands.covers(problem.slot_index[a.slot], problem.group[a.group].length):
            mask |= 1 << p
    return mask


def _sub_problem(problem: Problem, own: frozenset[str], fixed: dict[str, tuple[Assignment, ...]]) -> Problem:
    groups: list[Group] = [g for g in problem.groups if g.id in own]
    for gid, placed in fixed.items():
        g = problem.group[gid]
        groups.append(replace(g, pinned=tuple(Placement(a.slot, a.venue) for a in placed), previous=()))
    teachers = {g.teacher for g in groups}
    return replace(
        problem,
        groups=tuple(groups),
        teachers=tuple(t for t in problem.teachers if t.id in teachers),
        residents=(),
    )
