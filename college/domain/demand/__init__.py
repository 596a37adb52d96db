"""Residents' demand (点单): activity wishes, and what each timetable makes attendable and why not."""
