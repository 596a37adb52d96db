"""Proposals of new groups from unmet demand (接单), from the run to the group the next solve places.

- ``runs``: start a proposal run (returns at once), run it on a worker with progress, stop it, read it;
- ``inputs``: the engine's input from the database and the published timetable;
- ``decisions``: the coordinator accepts (an unregistered group with the residents' wishes and the proposed time
  as its preferred window) or declines, registers it (报备); the teacher named answers (接单);
- ``reasons``: one sentence per proposal, in the user's language.
"""
