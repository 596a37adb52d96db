"""Proposals of new groups from unmet demand (接单): which activity to open where, when, with whom, in which venue.

``propose(demand, time_limit=10)`` returns ``Proposals``, each proposal with the data of its reason;
``scheduler.propose.verify.check(demand, proposals)`` recounts every rule apart from the model.
"""

from scheduler.propose.problem import Activity, Busy, Demand, Pattern, Resident, Room, Tutor, Wish
from scheduler.propose.result import Proposal, Proposals
from scheduler.propose.solve import propose

__all__ = ["Activity", "Busy", "Demand", "Pattern", "Proposal", "Proposals", "Resident", "Room", "Tutor", "Wish",
           "propose"]  # fmt: skip
