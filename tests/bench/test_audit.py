"""`make audit` writes only its own section of bench/results.md, and `make bench` keeps it."""

from bench import audit


def test_the_lighthouse_section_is_added_then_replaced_in_place(tmp_path, monkeypatch):
    results = tmp_path / "results.md"
    results.write_text("# Alongside bench results\n\n| table |\n")
    monkeypatch.setattr(audit, "RESULTS", results)

    audit.write_section(f"{audit.BEGIN}\nfirst\n{audit.END}")
    audit.write_section(f"{audit.BEGIN}\nsecond\n{audit.END}")

    text = results.read_text()
    assert text.startswith("# Alongside bench results\n\n| table |\n")
    assert "second" in text and "first" not in text
    assert text.count(audit.BEGIN) == 1
    assert audit.current_section() == f"{audit.BEGIN}\nsecond\n{audit.END}"


def test_the_table_names_every_page_and_what_did_not_pass():
    rows = [
        {
            "name": "Dashboard",
            "path": "/home/",
            "signed_in": True,
            "scores": {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 60},
            "failed": ["is-crawlable"],
        }
    ]
    text = audit.markdown(rows, {"when": "now", "version": "13.5.0", "chrome": "Chrome/1"})

    assert "| Dashboard (signed in) | `/home/` | 100 | 100 | 100 | 60 | `is-crawlable` |" in text
    assert [name for name, _, _ in audit.PAGES] == [
        "Landing",
        "Sign-in",
        "Dashboard",
        "Check-in form",
        "Boundaries",
        "Trends",
        "Article",
        "Search",
    ]
