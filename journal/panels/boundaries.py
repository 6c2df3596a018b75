"""Dashboard panel for boundaries (filled in by its issue)."""


def context(couple):
    return {}
