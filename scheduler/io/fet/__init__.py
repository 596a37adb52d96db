"""FET files (.fet): read, their constraints handled one by one, and mapped onto a ``Problem``."""
