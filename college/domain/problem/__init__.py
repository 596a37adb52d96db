"""Building a term's problem: records → ``scheduler.Problem`` (``from_records``, pure), the stored group sets
(``group_sets``), the prepared problem of a term with its previous version (``prepare``), and the data check."""
