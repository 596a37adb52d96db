"""Domain services: the only place that knows both Django and the scheduler."""
