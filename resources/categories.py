"""The library's fixed categories, in reading order.

The data migration creates them and `load_library` keeps their names and order in step
with this list, so a shipped article can name its category by slug.
"""

CATEGORIES = [
    (
        "understanding-treatment",
        "Understanding the treatment",
        "What ketamine and esketamine treatment are, how they are thought to work, "
        "and what the research shows.",
    ),
    (
        "session-days",
        "Session days and the course",
        "What a course of treatment looks like, and what a session day asks of you both.",
    ),
    (
        "risks-and-safety",
        "Risks and safety",
        "Side effects, risks, misuse and who the treatment may not suit, told honestly.",
    ),
    (
        "talking-together",
        "Talking together",
        "Ways to talk about treatment as a couple, and boundaries that help.",
    ),
    (
        "looking-after-yourself",
        "Looking after yourself",
        "For the supporting partner: your own health matters too.",
    ),
    (
        "crisis",
        "In a crisis",
        "Recognising a crisis, and what to do and who to call.",
    ),
]

CATEGORY_SLUGS = [slug for slug, _, _ in CATEGORIES]
