"""Dashboard panels: each part of the journal adds what the couple's home page shows.

Each module has `context(couple) -> dict`, called once per dashboard request. Keep each
to a fixed number of queries: the dashboard's query count is pinned in tests.
"""
