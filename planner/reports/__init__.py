"""What the funders are told: figures over a period, by municipality and in total.

`facts` holds the plain records the figures are computed from, `figures` the pure
arithmetic over them (ESF table and STEA summary included), `query` reads the facts from
the database, and `formats` and `pdf` write a report as JSON, CSV, XLSX or PDF.
"""
