"""The library's pages: public reading (library.py) and what a couple does (reading.py)."""
