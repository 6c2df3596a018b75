"""Starter boundaries a couple can adopt and reword.

Drawn from /shared/content/ketamine-facts.md, sections 3 and 7 (and 5 and 8 for the why).
Adopting one opens the propose form with its text filled in: nothing is agreed until the
partner accepts, exactly like a boundary written from scratch.
"""

from dataclasses import dataclass

from journal.models.boundaries import Category


@dataclass(frozen=True)
class Starter:
    key: str
    category: str
    wording: str
    why: str


STARTERS = [
    Starter(
        key="ride-home",
        category=Category.SESSION_DAYS,
        wording=(
            "I'll take you home after every ketamine session, and you won't drive until the "
            "next day, after a good night's sleep."
        ),
        why=(
            "The esketamine label says not to drive or use machinery until the next day after "
            "a restful sleep, so someone needs to take you home."
        ),
    ),
    Starter(
        key="tell-changes",
        category=Category.TREATMENT,
        wording=(
            "Tell me the same day if your dose, your session schedule or any medication changes."
        ),
        why=(
            "Changes are when the care team asks those close to you to watch a little more "
            "carefully, and I'd rather know than be surprised."
        ),
    ),
    Starter(
        key="no-quizzing",
        category=Category.PRIVACY,
        wording="I won't ask what happened in a session unless you bring it up.",
        why=(
            "What happens in therapy is yours to share when and if you want to. I'm here "
            "whenever you do."
        ),
    ),
    Starter(
        key="if-worried",
        category=Category.SAFETY,
        wording=(
            "If either of us is worried about the other, we say so the same day. If it is about "
            "safety, we contact the care team or a crisis line together."
        ),
        why=(
            "The care team asks partners to watch for new or worse low moods or thoughts of "
            "suicide, especially early on and after a dose change, and to tell them."
        ),
    ),
    Starter(
        key="dependence-worry",
        category=Category.COMMUNICATION,
        wording=(
            "When I worry about dependence, I'll say so calmly and ask, not accuse, and if the "
            "worry stays we'll take the question to your prescriber together."
        ),
        why=(
            "The treatment's own label asks clinicians to weigh the risk of misuse and "
            "dependence, so it is a fair question, and one the prescriber can answer best."
        ),
    ),
    Starter(
        key="own-life",
        category=Category.SELF_CARE,
        wording=(
            "I keep time every week for my own friends, rest and appointments, and that "
            "doesn't mean I care any less."
        ),
        why=(
            "Caring for a partner is a known strain. Keeping up your own social life and your "
            "own health is part of supporting well."
        ),
    ),
]

BY_KEY = {starter.key: starter for starter in STARTERS}


def find(key):
    """The starter for a query-string key, or None; anything unexpected matches nothing."""
    if not isinstance(key, str) or len(key) > 40:
        return None
    return BY_KEY.get(key)
