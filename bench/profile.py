"""Where a page's time goes: cProfile over N requests, summarised by kind of work.

    DATABASE_URL=... .venv/bin/python -m bench.profile [--pages dashboard,checkin] [-n 50]

Uses the bench's data set (run `make bench` once first). For each page, prints the share
of the profiled time spent compiling SQL (Django's SQLCompiler), waiting on the database
(cursor.execute), rendering templates, and in the middleware before the view, plus the top
functions by cumulative time. CPU profiles are far less disturbed by other work on the
machine than wall-clock timings.
"""

import argparse
import cProfile
import pstats
import time

from bench.run import page_context, setup

# (label, module, class or None, function): the outermost call of each is timed, so a
# subquery compiled inside a query, or a template included by another, counts once.
BUCKETS: list[tuple[str, str, str, str]] = [
    ("SQL compilation", "django.db.models.sql.compiler", "SQLCompiler", "as_sql"),
    ("database", "django.db.backends.utils", "CursorWrapper", "_execute"),
    ("templates", "django.template.base", "Template", "render"),
    ("view", "django.core.handlers.base", "BaseHandler", "_get_response"),
]


def instrument() -> dict[str, list[float]]:
    """Wrap each bucket's function with a CPU-time timer of its outermost call."""
    import importlib

    spent: dict[str, list[float]] = {label: [0.0] for label, *_ in BUCKETS}
    for label, module, cls, function in BUCKETS:
        owner = getattr(importlib.import_module(module), cls)
        original = getattr(owner, function)
        depth = [0]

        def timed(*args, _original=original, _depth=depth, _spent=spent[label], **kwargs):
            if _depth[0]:
                return _original(*args, **kwargs)
            _depth[0] += 1
            started = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                _spent[0] += time.process_time() - started
                _depth[0] -= 1

        setattr(owner, function, timed)
    return spent


def profile_page(path: str, cookie: str | None, requests: int, spent: dict, top: int) -> dict:
    from bench import measure

    for _ in range(5):
        measure.call(path, cookie)
    for values in spent.values():
        values[0] = 0.0
    started = time.process_time()
    for _ in range(requests):
        measure.call(path, cookie)
    total = time.process_time() - started
    if top:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(requests):
            measure.call(path, cookie)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    return {
        "per_request_ms": total / requests * 1000,
        "shares": {label: values[0] / total for label, values in spent.items()},
    }


DEFAULT_PAGES = "floor,dashboard,checkin,history,trends,boundaries,search"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default=DEFAULT_PAGES)
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--middleware", action="store_true", help="each middleware's cost")
    args = parser.parse_args(argv)
    setup()
    from bench.dataset import email, ensure_sessions
    from bench.pages import PAGES

    context = page_context()
    cookies = ensure_sessions(["big", "small"])
    cookie = cookies[email("big", "t")]
    wanted = args.pages.split(",")
    if args.middleware:
        middleware_costs("/bench/floor/", cookie)
        return
    spent = instrument()
    for page in PAGES:
        if page.key not in wanted:
            continue
        path = page.path(context)
        result = profile_page(path, cookie if page.signed_in else None, args.n, spent, args.top)
        shares = ", ".join(f"{label} {share:.0%}" for label, share in result["shares"].items())
        cpu = result["per_request_ms"]
        print(f"{page.key:12} {cpu:7.2f} ms CPU/request | {shares}", flush=True)


def middleware_costs(path: str, cookie: str, requests: int = 300, rounds: int = 5) -> None:
    """CPU of the signed-in floor with each middleware left out in turn (measurement only:
    the app never runs like this). Best of `rounds` runs of `requests` requests each."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    from bench import measure

    def cost(middleware: list[str]) -> float:
        with override_settings(MIDDLEWARE=middleware):
            measure._app = WSGIHandler()
            for _ in range(20):
                measure.call(path, cookie)
            best = float("inf")
            for _ in range(rounds):
                started = time.process_time()
                for _ in range(requests):
                    measure.call(path, cookie)
                best = min(best, (time.process_time() - started) / requests)
        measure._app = None
        return best * 1000

    full = list(settings.MIDDLEWARE)
    whole = cost(full)
    print(f"floor with every middleware: {whole:.3f} ms CPU/request")
    for name in full:
        without = cost([m for m in full if m != name])
        print(f"  {name:55} {whole - without:6.3f} ms")
    started = time.process_time()
    for _ in range(requests):
        measure.call("/bench/bare/")
    bare_ms = (time.process_time() - started) / requests * 1000
    print(f"bare view (all middleware, no session): {bare_ms:.3f} ms CPU/request")


if __name__ == "__main__":
    main()
