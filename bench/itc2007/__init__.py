"""ITC-2007 Track 3 (curriculum-based course timetabling): reader, writer, official cost, solver, benchmark.

python -m bench.itc2007 comp01 comp02 … --time-limit 300
"""
