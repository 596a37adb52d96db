"""The rules of a timetable, one module each: its statement (first docstring line), ``HARD``, and either its
candidate filter (applied by ``model.candidates`` before any variable exists) or ``add(build)``, which adds its
constraint or penalty and returns its objective term. ``registry.RULES`` lists them in the order the model adds them.
"""
