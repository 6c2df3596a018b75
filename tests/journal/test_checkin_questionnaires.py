"""PHQ-9, GAD-7 and WHO-5: faithful items, scoring and severity bands."""

import pytest

from journal.checkins import questionnaires
from journal.checkins.questionnaires import GAD7, PHQ9, WHO5


def test_instruments_have_their_published_number_of_items_and_answers():
    assert (PHQ9.item_count, GAD7.item_count, WHO5.item_count) == (9, 7, 5)
    assert [label for _, label in PHQ9.options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert [value for value, _ in WHO5.options] == [5, 4, 3, 2, 1, 0]
    assert (PHQ9.max_total, GAD7.max_total, WHO5.max_total) == (27, 21, 25)


def test_wording_is_the_published_wording():
    assert PHQ9.items[0] == "Little interest or pleasure in doing things"
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert GAD7.items[1] == "Not being able to stop or control worrying"
    assert WHO5.items[4] == "My daily life has been filled with things that interest me"
    assert "Over the last 2 weeks" in PHQ9.instruction


def test_sources_are_credited():
    for instrument in (PHQ9, GAD7):
        assert "Spitzer" in instrument.credit and "Pfizer" in instrument.credit
    assert "WHO Collaborating Centre in Mental Health" in WHO5.credit
    assert "North Zealand" in WHO5.credit


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total, band):
    assert PHQ9.band(total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total, band):
    assert GAD7.band(total) == band


def test_who5_cut_off_and_percentage():
    assert WHO5.band(12) == "low well-being"
    assert WHO5.band(13) == "no sign of low well-being"
    assert questionnaires.who5_percentage(13) == 52


def test_total_needs_every_item():
    assert PHQ9.total([1] * 9) == 9
    assert PHQ9.total([1] * 8) is None
    assert PHQ9.total([1] * 8 + [None]) is None
    assert PHQ9.total(None) is None


def test_item_nine_above_zero_signals_self_harm():
    assert questionnaires.phq9_signals_self_harm([0] * 8 + [1])
    assert not questionnaires.phq9_signals_self_harm([3] * 8 + [0])
    assert not questionnaires.phq9_signals_self_harm(None)
