"""People: coordinators' logins, residents' personal calendars and the limits on what they change themselves."""
