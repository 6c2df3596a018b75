"""Property test: whatever is typed into the session and change forms, they answer with
a valid entry or form errors, never an exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.treatment.forms import ChangeForm, SessionForm
from tests.factories import make_couple

FIELDS = [
    "kind",
    "status",
    "on_date",
    "at_time",
    "place",
    "driver",
    "driver_name",
    "pickup_time",
    "aftercare",
    "note",
    "submission_key",
]

text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "\x00",
            "2026-02-30",
            "0001-01-01",
            "25:61",
            "iv_infusion",
            "dose",
            "planned",
            "done",
            "other",
            "partner",
            "x" * 3000,
        ]
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, text)))
def test_forms_never_raise(db, data):
    partnership, _, _ = make_couple()
    forms = [
        SessionForm(data, partnership=partnership, partner_name="Alex"),
        ChangeForm(data, partnership=partnership),
    ]
    for form in forms:
        if form.is_valid():
            entry = form.save(commit=False)
            assert entry.on_date is not None
            assert "\x00" not in (entry.note + entry.place + entry.aftercare)
        else:
            assert form.errors
