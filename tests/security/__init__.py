"""Security tests: who may reach which URL, and what a refusal must leave untouched."""
