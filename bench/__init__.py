"""Benchmarks: server time per request of list pages at scale, beside the floor of the same stack.

Run ``python -m bench --help`` (or ``make bench``) with DATABASE_URL pointing at PostgreSQL.
"""
