"""The bench's Markdown: pass/fail per target, missing pages named, load figures shown."""

from bench import report


def results(**overrides):
    page = {
        "key": "dashboard",
        "title": "Dashboard",
        "path": "/home/",
        "queries": {"big_t": 9, "big_s": 9, "small_t": 9, "small_s": 9},
        "sql_ms": 1.2,
        "time": {
            "ratio_median": 4.2,
            "ratio_q1": 4.0,
            "ratio_q3": 4.5,
            "cpu_ratio_median": 3.9,
            "page_ms_median": 2.0,
        },
        "weight": {"html_bytes": 10240, "html_gzip_bytes": 2048, "first_load_bytes": 20480},
        "checks": {"flat": True, "queries": False, "time": True, "weight": True},
    }
    base = {
        "date": "2026-11-26T22:00:00+00:00",
        "cores": 2,
        "python": "3.11.7",
        "database": "alongside_bench",
        "seconds": 100,
        "load_average": {"start": [1.0, 1.0, 1.0], "end": [1.5, 1.2, 1.0]},
        "pages": [page, {"key": "trends", "title": "Trends", "path": None}],
        "load": None,
    }
    return base | overrides


def test_a_missed_target_is_a_visible_fail():
    text = report.markdown(results())
    assert "| Dashboard | `/home/` | 9 | 9 | 4.2 [4.0-4.5] | 3.9 |" in text
    assert "queries **FAIL**" in text
    assert "Missed: Dashboard: queries." in text


def test_pages_not_built_yet_are_named():
    text = report.markdown(results())
    assert "| Trends | - | not built yet |" in text
    assert "Not measured (page not built yet, or it failed): Trends" in text


def test_different_counts_per_partner_are_both_shown():
    data = results()
    data["pages"][0]["queries"] = {"big_t": 10, "big_s": 9, "small_t": 10, "small_s": 9}
    assert "| 10 / 9 | 10 / 9 |" in report.markdown(data)


PHASE = {
    "requests": 100,
    "rps": 50.0,
    "p50_ms": 10.0,
    "p99_ms": 40.0,
    "errors": 0,
    "generator_cpu_us_per_request": 300,
}


def test_load_figures_and_throughput_verdict():
    phase = PHASE
    load = {
        "bare": phase | {"rps": 400.0},
        "journey": phase,
        "ratio": 0.125,
        "passes": False,
        "people": 8,
        "workers": 2,
        "journey_paths": ["/home/"],
    }
    text = report.markdown(results(load=load))
    assert "**12%** of the bare view's (target ≥ 25%: **FAIL**)" in text
    assert "mixed journey throughput" in text


def test_with_the_floor_measured_the_journey_is_judged_against_it():
    """Issue 16's target: the journey's throughput against the signed-in floor's."""
    from bench.run import judge

    phase = PHASE
    for journey_rps, errors, verdict in (
        (180.0, 0, "pass"),
        (150.0, 0, "**FAIL**"),
        (180.0, 1, "**FAIL**"),
    ):
        load = {
            "bare": phase | {"rps": 1000.0},
            "journey": phase | {"rps": journey_rps, "errors": errors},
            "floor": phase | {"rps": 400.0},
            "ratio": journey_rps / 1000.0,
            "floor_ratio": 0.4,
            "people": 8,
            "workers": 2,
            "journey_paths": ["/home/"],
        }
        judge([], load)
        text = report.markdown(results(load=load))
        assert f"(issue 16's target: ≥ 40%, 0 errors: {verdict})" in text
        assert ("mixed journey throughput" in text) is (verdict != "pass")
