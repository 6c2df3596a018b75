"""Dashboard panel for checkins (filled in by its issue)."""


def context(couple):
    return {}
