"""The decomposition of a district into community blocks (``blocks``), one block's job (``job``), the clock that
sizes the jobs (``clock``), and the district solve that runs them round by round (``solve``)."""
