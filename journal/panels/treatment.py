"""Dashboard panel for treatment (filled in by its issue)."""


def context(couple):
    return {}
