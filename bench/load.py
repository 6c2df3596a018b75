"""`make load`: both partners of 200 couples walk the mixed journey for 60 s; zero errors.

    .venv/bin/python -m bench.load [--couples 200] [--seconds 60] [--think 10]

Runs against gunicorn (2 sync workers) on PostgreSQL (the bench's data set, built if
missing), on 127.0.0.1 only. Every person is signed in with a session made directly in
the database (no login form, no password hashing), and every answer must be a 200: a
redirect to the sign-in page, a 404 or a 500 is an error. Each person pauses for a
random 0 to 2x `--think` seconds between pages, so 400 people offer roughly
400 / (think + response time) requests a second: about 40 with the default 10 s, a busy
evening that two workers on two cores carry; `--think 5` saturates them and `--think 0` is a
flat-out stress run (zero errors is still required; the latency is then queueing).
Prints p50, p99 and requests per second, and exits non-zero on any error. With
TASKS_BACKEND=database (or rq) the email the journey causes goes through the queue, and a
worker runs beside gunicorn, as in production.
"""

import argparse
import json
import random
import sys
import time

from bench.run import HERE, setup


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--couples", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=10.0, help="mean pause between pages")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    return parser.parse_args(argv)


def journeys(couples, seed=7):
    """Each person's own journey: the mixed pages, their own article and search words."""
    from bench.dataset import email, ensure_sessions
    from bench.pages import journey, person
    from resources.models import Article

    rng = random.Random(seed)
    slugs = list(
        Article.objects.filter(live_revision__isnull=False).values_list("slug", flat=True)[:500]
    )
    labels = [f"c{i:04d}" for i in range(couples)]
    cookies = ensure_sessions(labels)
    words = ["drive home", "bladder", "dose", "talking", "sleep", "boundaries", "crisis"]
    people = []
    for label in labels:
        for role in "ts":
            context = {"article_slug": rng.choice(slugs) if slugs else "missing"}
            query = rng.choice(words).replace(" ", "+")
            steps = [
                (key, path.replace("drive+home", query), body)
                for key, path, body in journey(context)
            ]
            people.append(person(cookies[email(label, role)], steps))
    return people


def main(argv=None):
    args = parse_args(argv)
    setup()
    from bench import dataset, loadgen, serve

    print("== Data set (built once, reused)", flush=True)
    dataset.build()
    serve.collectstatic()
    people = journeys(args.couples)
    print(
        f"== {len(people)} people ({args.couples} couples), {args.seconds:.0f} s, "
        f"think {args.think} s, gunicorn 2 workers on 127.0.0.1",
        flush=True,
    )
    with serve.gunicorn(workers=2) as port, serve.task_worker():
        started = time.monotonic()
        stats = loadgen.run(people, port, args.seconds, processes=args.processes, think=args.think)
        elapsed = time.monotonic() - started
    summary = stats.summary()
    summary.update(
        couples=args.couples, people=len(people), think_seconds=args.think, elapsed=elapsed
    )
    (HERE / "data").mkdir(exist_ok=True)
    (HERE / "data" / "load.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"requests   {summary['requests']} ({summary['rps']} per second)")
    print(
        f"latency    p50 {summary['p50_ms']} ms, p90 {summary['p90_ms']} ms, "
        f"p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms"
    )
    print(f"statuses   {summary['statuses']}")
    print(f"errors     {summary['errors']} {summary['error_kinds'] or ''}")
    print(
        "per page   "
        + ", ".join(
            f"{path} p50 {v['p50_ms']} / p99 {v['p99_ms']} ms"
            for path, v in summary["per_path"].items()
        )
    )
    print("(full figures in bench/data/load.json)")
    if summary["errors"] or not summary["requests"]:
        print("FAIL: the load run must finish with zero errors")
        sys.exit(1)
    print("PASS: zero errors")


if __name__ == "__main__":
    main()
