"""What library pages keep in a process's memory (resources.page_cache.kept): values built
from library content, for one generation and clinical setting, never longer than LIFETIME,
and no more than a few hundred of them."""

import pytest

from resources import page_cache


@pytest.fixture
def kept():
    return page_cache._Kept(size=3)


def counting():
    built = []

    def build(name):
        def _build():
            built.append(name)
            return f"{name}#{len(built)}"

        return _build

    return built, build


def test_a_value_is_built_once_while_nothing_changes(kept):
    built, build = counting()
    assert kept.get("a", build("a")) == kept.get("a", build("a")) == "a#1"
    assert built == ["a"]


def test_any_library_change_builds_it_again(kept):
    _built, build = counting()
    kept.get("a", build("a"))
    page_cache.bump()
    assert kept.get("a", build("a")) == "a#2"


def test_the_clinical_setting_is_part_of_the_key(kept, settings):
    _built, build = counting()
    kept.get("a", build("a"))
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = True
    assert kept.get("a", build("a")) == "a#2"
    settings.LIBRARY_CLINICAL_REVIEW_ONLY = False
    assert kept.get("a", build("a")) == "a#3"


def test_nothing_is_kept_longer_than_the_visitors_pages(kept, monkeypatch):
    _built, build = counting()
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    kept.get("a", build("a"))
    now[0] += page_cache.LIFETIME - 1
    assert kept.get("a", build("a")) == "a#1"
    now[0] += 2
    assert kept.get("a", build("a")) == "a#2"


def test_the_least_recently_used_go_first(kept):
    built, build = counting()
    for name in "abc":
        kept.get(name, build(name))
    kept.get("a", build("a"))  # used again: now the most recent
    kept.get("d", build("d"))  # one too many: "b" goes
    assert built == ["a", "b", "c", "d"]
    kept.get("a", build("a"))
    kept.get("c", build("c"))
    assert built == ["a", "b", "c", "d"]
    kept.get("b", build("b"))
    assert built[-1] == "b"


def test_a_failed_build_keeps_nothing(kept):
    def missing():
        raise LookupError("no such article")

    with pytest.raises(LookupError):
        kept.get("a", missing)
    _built, build = counting()
    assert kept.get("a", build("a")) == "a#1"
