"""Word stems for library search where PostgreSQL's full-text search is not available.

PostgreSQL's `english` configuration stems with Snowball's English stemmer and drops the
Snowball English stop words. This module does the same with the same algorithm (the
`snowballstemmer` package), so "driving", "drives" and "drive" all become "drive", and
"dependent", "dependence" and "dependency" all become "depend", on SQLite as on
PostgreSQL, for the article text and the reader's query alike.
"""

import re
from functools import lru_cache

import snowballstemmer

# PostgreSQL's english.stop, which is Snowball's English stop-word list.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out
    on off over under again further then once here there when where why how all any both
    each few more most other some such no nor not only own same so than too very s t can
    will just don should now""".split()  # noqa: SIM905 - the list as PostgreSQL prints it
)
WORD = re.compile(r"[^\W_]+")  # as PostgreSQL's parser: "they've" is "they" and "ve"
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def stem(word):
    """The stem of one word, lower-cased; "" for a stop word."""
    word = word.lower().replace("\u2019", "'")
    if word in STOP_WORDS:
        return ""
    return _stemmer.stemWord(word)


def words(text):
    return WORD.findall(text or "")


def query_stems(text):
    """The distinct stems of a query, in the order typed; stop words dropped."""
    seen = []
    for word in words(text):
        value = stem(word)
        if value and value not in seen:
            seen.append(value)
    return seen


def stem_text(*texts):
    """Every distinct stem of the texts, space-separated with a space at each end, so a
    stem is found with `contains=" stem "` and never as part of a longer one."""
    found = {stem(word) for text in texts for word in words(text)}
    found.discard("")
    return " " + " ".join(sorted(found)) + " " if found else ""
