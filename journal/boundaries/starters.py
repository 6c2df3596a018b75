"""Starter boundaries a couple can adopt and reword.

Drawn from /shared/content/ketamine-facts.md, sections 3 and 7 (and 5, 8 and 9c for the
why). Adopting one opens the propose form with its text filled in: nothing is agreed until
the partner accepts, exactly like a boundary written from scratch.

Each starter is written twice, once in each partner's voice, because whoever proposes it
signs it: the partner in treatment is offered "I'll tell you when my dose changes", never
the supporter's "Tell me when your dose changes".

There is deliberately no starter about telling each other of thoughts of suicide: an
agreement like that, rated weekly, is the no-suicide-contract pattern that safety planning
replaced (fact sheet 9c). The safety starter points to the safety plan and crisis lines.
"""

from dataclasses import dataclass

from journal.boundaries.models import Category


@dataclass(frozen=True)
class Starter:
    key: str
    category: str
    wording: str  # in the supporting partner's voice
    why: str
    treated_wording: str  # the same agreement in the voice of the partner in treatment
    treated_why: str = ""  # when the reason, too, needs the other voice

    def voiced(self, in_treatment):
        """This starter as the person proposing it would say it."""
        if not in_treatment:
            return self
        return Starter(
            key=self.key,
            category=self.category,
            wording=self.treated_wording,
            why=self.treated_why or self.why,
            treated_wording=self.treated_wording,
            treated_why=self.treated_why,
        )


STARTERS = [
    Starter(
        key="ride-home",
        category=Category.SESSION_DAYS,
        wording=(
            "I'll take you home after every ketamine session, and you won't drive until the "
            "next day, after a good night's sleep."
        ),
        treated_wording=(
            "I won't drive after a ketamine session until the next day, after a good night's "
            "sleep, and you'll take me home or we'll arrange someone who can."
        ),
        why=(
            "The esketamine label says not to drive or use machinery until the next day after "
            "a restful sleep, so someone else needs to do the driving home."
        ),
    ),
    Starter(
        key="tell-changes",
        category=Category.TREATMENT,
        wording=(
            "Tell me the same day if your dose, your session schedule or any medication changes."
        ),
        treated_wording=(
            "I'll tell you the same day if my dose, my session schedule or any medication changes."
        ),
        why=(
            "Changes are when the care team asks those close to you to watch a little more "
            "carefully, and I'd rather know than be surprised."
        ),
        treated_why=(
            "Changes are when the care team asks those close to me to watch a little more "
            "carefully, and I'd rather you knew than were surprised."
        ),
    ),
    Starter(
        key="no-quizzing",
        category=Category.PRIVACY,
        wording="I won't ask what happened in a session unless you bring it up.",
        treated_wording=(
            "You won't need to ask what happened in a session: I'll share what I want to, "
            "when I'm ready."
        ),
        why=(
            "What happens in therapy is yours to share when and if you want to. I'm here "
            "whenever you do."
        ),
        treated_why=(
            "What happens in therapy is mine to share when and if I want to, and knowing you "
            "won't press makes it easier to share."
        ),
    ),
    Starter(
        key="safety-plan",
        category=Category.SAFETY,
        wording=(
            "We'll write a safety plan together, keep it where we can both find it, and look at "
            "it again after any dose change."
        ),
        treated_wording=(
            "We'll write a safety plan together, keep it where we can both find it, and look at "
            "it again after any dose change."
        ),
        why=(
            "A written plan (warning signs, what helps, who to call, the crisis lines) works "
            "better than a promise to tell each other, and the care team asks partners to watch "
            "for new or worse low moods early on and after a dose change."
        ),
    ),
    Starter(
        key="dependence-worry",
        category=Category.COMMUNICATION,
        wording=(
            "When I worry about dependence, I'll say so calmly and ask, not accuse, and if the "
            "worry stays we'll take the question to your prescriber together."
        ),
        treated_wording=(
            "If you worry about dependence, you can ask me, and I'll answer without taking it "
            "as an accusation; if the worry stays we'll take it to my prescriber together."
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
        treated_wording=(
            "You keep time every week for your own friends, rest and appointments, and I won't "
            "take that as caring any less."
        ),
        why=(
            "Caring for a partner is a known strain. Keeping up your own social life and your "
            "own health is part of supporting well."
        ),
        treated_why=(
            "Caring for a partner is a known strain. Your own social life and your own health "
            "are part of supporting well, and I want you to keep them."
        ),
    ),
]

BY_KEY = {starter.key: starter for starter in STARTERS}


def for_person(user):
    """Every starter in the voice of the person who would propose it."""
    return [starter.voiced(user.is_in_treatment) for starter in STARTERS]


def find(key, user=None):
    """The starter for a query-string key, or None; anything unexpected matches nothing."""
    if not isinstance(key, str) or len(key) > 40:
        return None
    starter = BY_KEY.get(key)
    if starter is None or user is None:
        return starter
    return starter.voiced(user.is_in_treatment)
