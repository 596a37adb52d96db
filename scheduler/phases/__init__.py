"""The ITC/FET pipeline: times first (large-neighbourhood search, ``lns``), venues later (matching), in phases."""
