"""What a 0-10 answer's direction means, defined once for every page, chart and bar.

For mood, sleep and energy a higher number is better; for anxiety and stress it is harder.
Templates draw the two kinds differently (static/css/checkins.css: the calm accent for
"better", a warm colour with a stripe or dash pattern for "worse") and always say it in
words too, so colour never carries the meaning alone.
"""

from enum import StrEnum


class Sense(StrEnum):
    BETTER = "better"  # higher is better
    WORSE = "worse"  # higher is harder


SENSE: dict[str, Sense] = {
    "mood": Sense.BETTER,
    "sleep": Sense.BETTER,
    "seemed_mood": Sense.BETTER,
    "seemed_sleep": Sense.BETTER,
    "seemed_energy": Sense.BETTER,
    "anxiety": Sense.WORSE,
    "stress": Sense.WORSE,
}

WORDS: dict[Sense, str] = {
    Sense.BETTER: "higher is better",
    Sense.WORSE: "lower is better",
}


def words(sense: Sense) -> str:
    return WORDS[sense]
