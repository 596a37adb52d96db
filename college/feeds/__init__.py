"""HTTP views of the iCal feeds (``/feeds/<kind>/<key>.ics``); the logic lives in ``college.domain.calendar``."""
