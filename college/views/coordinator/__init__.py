"""The coordinators' pages: login, the term dashboard, and the week views of any saved version."""
