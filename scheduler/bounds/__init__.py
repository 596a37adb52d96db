"""Proven bounds: each group's best pattern alone (``coverage``), the relaxation without teacher and venue limits
solved by HiGHS (``relaxation``, ``lp``), and the LP bound worked out beside a long search (``side``)."""
