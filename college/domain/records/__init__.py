"""A college as plain records (``types``, Django-free): checked (``check``), loaded (``load``), read back (``read``)."""
