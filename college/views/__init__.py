"""Server-rendered pages: the public catalogue, private teacher and resident pages, and the coordinators' desk.

Pages read saved timetables (``college.domain.versions.week``), never solver output; one small module per page family.
"""
