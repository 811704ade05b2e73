"""Participant records for the funders: ESF entry data with consent, read logs, erasure.

`entry` is the form's data and its rules (no database); `store` reads, saves, exports
and erases records, logging every read. Only the coordinator's pages and the CLI use it.
"""
