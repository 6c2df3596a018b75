"""Dashboard panels: each part of the journal adds what the couple's home page shows.

Each module has `context(couple, summary=None) -> dict`, called once per dashboard request;
`summary` is the partnership row of journal.dashboard.summary, read once for all panels. Keep each
to a fixed number of queries: the dashboard's query count is pinned in tests.
"""
