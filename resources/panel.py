"""Dashboard panel for the library: reading marks and suggestions (filled in by its issue)."""


def context(couple):
    return {}
