"""The bench's results as Markdown: one table of pages, the load figures, the targets."""

MARK = {True: "pass", False: "**FAIL**", None: "-"}


def _queries(row, prefix):
    counts = row.get("queries") or {}
    if "visitor" in counts:
        return str(counts["visitor"])
    t, s = counts.get(f"{prefix}_t"), counts.get(f"{prefix}_s")
    if t is None:
        return "-"
    return str(t) if t == s else f"{t} / {s}"


def _loads(results, when):
    return ", ".join(f"{x:.1f}" for x in results.get("load_average", {}).get(when, []))


def _sql(row):
    if "sql_ms_small" not in row:
        return str(row.get("sql_ms", "-"))
    big, small = row["sql_ms"], row["sql_ms_small"]
    # Flag a page whose database time grows with history although its query count is flat.
    grows = " (grows)" if big > 2 * small + 2 else ""
    return f"{big} / {small}{grows}"


def _kb(value):
    return f"{value / 1024:.1f}"


def floor_ratios(rows):
    """The signed-in floor's (time, CPU) ratios to the bare view in this run, or None."""
    floor = next((r for r in rows if r.get("key") == "floor" and "time" in r), None)
    if floor is None:
        return None
    return floor["time"]["ratio_median"], floor["time"].get("cpu_ratio_median")


def x_floor(row, floor):
    """The page's time as a multiple of the signed-in floor's, both against the bare view of
    the same run (and, in brackets, the same in CPU time)."""
    if floor is None or "time" not in row:
        return "-"
    ratio = row["time"]["ratio_median"] / floor[0]
    cpu = row["time"].get("cpu_ratio_median")
    cpu_text = f" ({cpu / floor[1]:.2f})" if cpu and floor[1] else ""
    return f"{ratio:.2f}{cpu_text}"


def fresh_x_floor(row, floor):
    """The same as `x_floor` for the page rendered afresh (the couple's page cache off)."""
    if "time_fresh" not in row:
        return "-"
    return x_floor({"time": row["time_fresh"]}, floor)


def page_table(rows):
    floor = floor_ratios(rows)
    lines = [
        "| Page | Path | Queries, 5 years | Queries, 1 week | Server time (x bare: median [IQR]) "
        "| CPU x bare | x signed-in floor (CPU) | Fresh render: x floor (CPU) "
        "| Page ms (median) | SQL ms, 5 years / 1 week | HTML KB (gzip) | First load KB "
        "| Targets |",
        "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if row.get("path") is None:
            lines.append(f"| {row['title']} | - | not built yet | | | | | | | | | | |")
            continue
        if "error" in row:
            lines.append(
                f"| {row['title']} | `{row['path']}` | {row['error']} | | | | | | | | | | |"
            )
            continue
        time, weight = row["time"], row["weight"]
        checks = (
            ", ".join(f"{name} {MARK[ok]}" for name, ok in row["checks"].items())
            or "reference, not judged"
        )
        lines.append(
            f"| {row['title']} | `{row['path']}` | {_queries(row, 'big')} "
            f"| {_queries(row, 'small')} "
            f"| {time['ratio_median']} [{time['ratio_q1']}-{time['ratio_q3']}] "
            f"| {time.get('cpu_ratio_median', '-')} | {x_floor(row, floor)} "
            f"| {fresh_x_floor(row, floor)} "
            f"| {time['page_ms_median']} | {_sql(row)} "
            f"| {_kb(weight['html_bytes'])} ({_kb(weight['html_gzip_bytes'])}) "
            f"| {_kb(weight['first_load_bytes'])} | {checks} |"
        )
    return "\n".join(lines)


def load_section(load):
    if not load:
        return "Load phase skipped."
    bare, journey, floor = load["bare"], load["journey"], load.get("floor")
    verdict = MARK[load.get("passes")]
    return "\n".join(
        [
            f"gunicorn, {load['workers']} sync workers, {load['people']} people at once on "
            "loopback, no think time; bare and journey phases interleaved.",
            "",
            "| Run | Requests | Requests/s | p50 ms | p99 ms | Errors | Generator CPU µs/request |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| Bare view | {bare['requests']} | {bare['rps']} | {bare['p50_ms']} "
            f"| {bare['p99_ms']} | {bare['errors']} | {bare['generator_cpu_us_per_request']} |",
            f"| Mixed two-partner journey | {journey['requests']} | {journey['rps']} "
            f"| {journey['p50_ms']} | {journey['p99_ms']} | {journey['errors']} "
            f"| {journey['generator_cpu_us_per_request']} |",
            *(
                [
                    f"| Signed-in floor (bench only) | {floor['requests']} | {floor['rps']} "
                    f"| {floor['p50_ms']} | {floor['p99_ms']} | {floor['errors']} "
                    f"| {floor['generator_cpu_us_per_request']} |"
                ]
                if floor
                else []
            ),
            "",
            f"Journey throughput = **{load['ratio']:.0%}** of the bare view's"
            + (
                " (the first target, ≥ 25% of it, is out of reach for any signed-in journey:"
                " see below and bench/findings.md). Journey: "
                if floor
                else f" (target ≥ 25%: {verdict}). Journey: "
            )
            + ", ".join(f"`{p}`" for p in load["journey_paths"])
            + ".",
            *(
                [
                    "",
                    f"The signed-in floor alone reaches {load['floor_ratio']:.0%} of the bare "
                    "view's throughput: no journey of signed-in pages can do better. The "
                    f"journey reaches **{load['ratio'] / load['floor_ratio']:.0%}** of the "
                    f"floor's throughput (issue 16's target: ≥ 40%, 0 errors: {verdict}).",
                ]
                if floor
                else []
            ),
        ]
    )


def markdown(results):
    rows = results["pages"]
    failing = [
        f"{row['title']}: {name}"
        for row in rows
        for name, ok in row.get("checks", {}).items()
        if ok is False
    ]
    if results.get("load") and results["load"].get("passes") is False:
        failing.append("mixed journey throughput")
    missing = [row["title"] for row in rows if row.get("path") is None or "error" in row]
    parts = [
        "# Alongside bench results",
        "",
        f"Run {results['date']} on {results['cores']} cores, Python {results['python']}, "
        f"PostgreSQL database `{results['database']}`; the whole run took "
        f"{results['seconds']} s. Load average (1, 5, 15 min) at the start "
        f"{_loads(results, 'start')}, at the end {_loads(results, 'end')}: other work on "
        "the machine inflates times, and ratios less so.",
        "",
        "Data set: couple A with 5 years of weekly check-ins on both sides, 300 boundaries "
        "with history and 500 treatment-log entries; couple B with one week of the same; "
        "1,000 other couples with a year each; 2,000 articles. Queries are shown as "
        "partner in treatment / supporting partner when they differ. Server time is "
        "measured in one process through the WSGI application, interleaved with a bare "
        "Django view (A, B, A, B ...) after warm-up; the ratio is the median of the "
        "per-pair ratios, with the interquartile range; `CPU x bare` is the same for this "
        "process's CPU time alone (PostgreSQL excluded), which other work on the machine "
        "disturbs far less. SQL ms is the database time of one request (best of three, after "
        "each person's page ran often enough for its statements to be prepared), "
        "for couple A and couple B: it should not grow with history either. Signed-in "
        "pages are timed as couple A's partner in treatment; the bare view is requested "
        "without a cookie. A signed-in page seen again before anything on it changed is "
        "served from the couple's page cache (partners/page_cache.py): the server time "
        "columns are that, as people get it on a repeat visit; `Fresh render` is the same "
        "page with that cache off, which is what it costs once after any change; queries "
        "and SQL ms are always a fresh render's. "
        "HTML is served uncompressed (no compression middleware); CSS, JS and icons as "
        "WhiteNoise serves them, compressed, after collectstatic.",
        "",
        page_table(rows),
        "",
        "Targets: dashboard ≤ 8 queries, article ≤ 4; server time ≤ 10x the bare view "
        "(article ≤ 3x); first load ≤ 40 KB; same queries with 5 years as with 1 week "
        "(`flat`); issue 16: every signed-in page ≤ 3x the signed-in floor (`x floor`, the "
        "page's ratio to the bare view over the floor's, both from this run; in brackets the "
        "same in CPU time) and the floor ≤ 6x the bare view.",
        "",
        "## Under gunicorn",
        "",
        load_section(results.get("load")),
        "",
        "## Verdict",
        "",
        ("All targets met." if not failing else "Missed: " + "; ".join(failing) + "."),
    ]
    if missing:
        parts += ["", "Not measured (page not built yet, or it failed): " + ", ".join(missing)]
    suspects = [
        f"- {row['title']}: "
        + "; ".join(f"{n}x `{shape}`" for shape, n in row["repeated_sql"].items())
        for row in rows
        if row.get("repeated_sql")
    ]
    parts += [
        "",
        "## N+1 suspects",
        "",
        *(suspects or ["None: no statement ran twice with only its parameters changed."]),
        "",
        "The slowest statements of each page are in `bench/results.json` (`slowest_sql`).",
    ]
    return "\n".join(parts) + "\n"
