"""Readers of timetabling files from other tools, turned into the engine's own ``Problem`` (no Django here)."""
