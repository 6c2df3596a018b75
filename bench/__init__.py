"""`make bench` and `make load`: what each page costs, measured the same way every time.

Nothing here is imported by the application; `bench.settings` is only used by these tools.
"""
