"""The one error the workflow raises for a request a coordinator must change (shown as is: it says what and why)."""

from __future__ import annotations


class WorkflowError(Exception):
    """A refused request: a second solve of a term, publishing a broken timetable, a bad time limit …

    ``str(error)`` is a sentence for the coordinator. Unknown ids raise the model's ``DoesNotExist`` instead.
    """
