"""Finding timetables: the greedy warm starts, best responses, and the one-model CP-SAT solve (``one_model``)."""
