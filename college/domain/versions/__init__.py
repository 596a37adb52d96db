"""Versions of a term's timetable: saved drafts, publishing and pins (``timetables``), the differences between two
versions, re-planning after an absence or closure, and the saved week read back for pages and exports."""
