"""What pages compute from the college's data and keep until that data changes (a term's data check)."""
