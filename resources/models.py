"""The reviewed library (filled in by its issue)."""
