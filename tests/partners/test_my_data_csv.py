"""The check-ins CSV reads like a spreadsheet a person would open: words, not codes."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from partners.my_data import safe_cell
from tests.journal.checkin_factories import make_checkin
from tests.partners.conftest import reauthenticate

CSV = reverse("my_data_checkins_csv")
BOM = "\ufeff"


def _download(client):
    reauthenticate(client)
    response = client.post(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.content.decode("utf-8")


@pytest.fixture
def answered(couple, in_treatment):
    return make_checkin(
        couple,
        in_treatment,
        date(2026, 3, 2),
        anxiety=7,
        as_prescribed="not_sure",
        after_effects=["nausea", "headache"],
        unsafe_now=False,
        phq9=[1, 2, 0, 0, 1, 0, 0, 0, 0],
        phq9_total=4,
        what_helped='=HYPERLINK("http://evil.example","click")',
        need="+1 more walk",
        appreciated="@home together",
        private_note="-nothing to add",
    )


def test_starts_with_a_bom_so_excel_reads_utf8(treatment_client, answered):
    assert _download(treatment_client).startswith(BOM)


def test_columns_are_labelled_in_words(treatment_client, answered):
    text = _download(treatment_client)
    header = next(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert "Week of" in header and "Anxiety (0 to 10)" in header
    assert "Taken as prescribed, nothing extra" in header
    assert not [column for column in header if re.fullmatch(r"[a-z0-9_]+", column)]


def test_values_are_labels_dates_and_plain_text(treatment_client, answered):
    text = _download(treatment_client)
    (row,) = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert row["Week of"] == "2 Mar 2026"
    assert row["My role"] == "Partner in treatment"
    assert row["Taken as prescribed, nothing extra"] == "Not sure"
    assert row["After-effects noticed"] == "Nausea; Headache"
    assert row["Right now I didn't feel safe"] == "No"
    assert row["PHQ-9 total"] == "4" and row["PHQ-9 item 2 (0 to 3)"] == "2"
    for cell in row.values():
        assert not re.search(r"^\[|^\{|^None$|^True$|^False$|_", cell or ""), cell


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(treatment_client, answered):
    text = _download(treatment_client)
    (row,) = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert row["What helped"].startswith("'=HYPERLINK")
    assert row["What I need from you this week"] == "'+1 more walk"
    assert row["Something I appreciated"] == "'@home together"
    assert row["My private note"] == "'-nothing to add"


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("\t=x", "'\t=x"), ("\r=x", "'\r=x"), ("plain", "plain"), ("", "")],
)
def test_safe_cell(value, safe):
    assert safe_cell(value) == safe


def test_only_my_own_check_ins_and_never_the_partners(
    supporting_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, what_helped="PARTNERS-OWN-WORDS")
    make_checkin(couple, supporting, worries="MY-WORRY")
    text = _download(supporting_client)
    assert "MY-WORRY" in text and "PARTNERS-OWN-WORDS" not in text
