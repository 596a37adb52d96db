"""Proven bounds: each group's best pattern alone (``coverage``), the relaxation without teacher and venue limits
solved by HiGHS (``relaxation``, ``lp``), the LP bound worked out beside a long search (``side``), the Lagrangian
bound over patterns (``dual``, ``clusters``), and a bound worked out once for an exact problem (``reference``) that
its solves report (``known``)."""
