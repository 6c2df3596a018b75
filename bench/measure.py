"""In-process measurements: queries, server time against the bare view, and bytes.

Requests go through the real WSGI application (every middleware, WhiteNoise included),
in this one process, as gunicorn would call it, minus the socket.
"""

import gzip
import io
import re
import statistics
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext

BARE = "/bench/bare/"
_app = None


BROWSER_CSRF_COOKIE = "benchCsrfSecretKeptByTheBrowser0"


def app():
    global _app
    if _app is None:
        _app = get_wsgi_application()
    return _app


def call(path, cookie=None, accept_encoding=None):
    """One GET through the WSGI app; returns (status, headers, body bytes)."""
    url = urlsplit(path)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url.path,
        "QUERY_STRING": url.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": "alongside-bench",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        # A signed-in browser sends back the CSRF cookie it was given on its first page, as
        # the load generator's people do: without it, every request would make a new secret
        # and set the cookie again, which no real visit after the first does.
        environ["HTTP_COOKIE"] = f"sessionid={cookie}; csrftoken={BROWSER_CSRF_COOKIE}"
    if accept_encoding:
        environ["HTTP_ACCEPT_ENCODING"] = accept_encoding
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = int(status.split(" ", 1)[0])
        seen["headers"] = {k.lower(): v for k, v in headers}

    result = app()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], seen["headers"], body


def queries(path, cookie, samples=3):
    """Queries of one request (after a warm-up request): status, SQL list, SQL seconds,
    and [(milliseconds, SQL)] of the best sample.

    The SQL time is the lowest of a few samples: one reading is at the mercy of whatever
    else the machine is doing, and the least disturbed one is the best estimate.
    """
    call(path, cookie)
    best, best_timings = None, []
    for _ in range(samples):
        timings = []

        def timed(execute, sql, params, many, context, timings=timings):
            # Django's own query log keeps milliseconds only; sub-millisecond queries
            # need a finer clock to add up to anything.
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append(time.perf_counter() - started)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            status, _, _ = call(path, cookie)
        statements = [q["sql"] for q in captured.captured_queries]
        if best is None or sum(timings) < best:
            best = sum(timings)
            best_timings = list(zip(timings, statements, strict=False))
    slowest = sorted(best_timings, reverse=True)[:3]
    return status, statements, best, [(round(t * 1000, 2), sql[:300]) for t, sql in slowest]


def repeated_statements(sql_list):
    """Statements that ran more than once with only their parameters changed: N+1 smell."""
    shapes = Counter(re.sub(r"\b\d+\b|'[^']*'", "?", sql) for sql in sql_list)
    return {shape[:160]: n for shape, n in shapes.items() if n > 1}


def server_time(path, cookie, pairs, warmup):
    """Median and IQR of (page time / bare time), from interleaved pairs."""
    for _ in range(warmup):
        call(BARE)
        call(path, cookie)
    ratios, cpu_ratios, page_ms, bare_ms = [], [], [], []
    clock, cpu = time.perf_counter, time.process_time
    for _ in range(pairs):
        started, started_cpu = clock(), cpu()
        call(BARE)
        bare, bare_cpu = clock() - started, cpu() - started_cpu
        started, started_cpu = clock(), cpu()
        call(path, cookie)
        page, page_cpu = clock() - started, cpu() - started_cpu
        ratios.append(page / bare)
        # This process's CPU only (PostgreSQL's work is not in it), but far less
        # disturbed by whatever else the machine is doing: a second opinion on the ratio.
        if bare_cpu > 0:
            cpu_ratios.append(page_cpu / bare_cpu)
        page_ms.append(page * 1000)
        bare_ms.append(bare * 1000)
    q1, _median, q3 = statistics.quantiles(ratios, n=4)
    return {
        "ratio_median": round(statistics.median(ratios), 2),
        "ratio_q1": round(q1, 2),
        "ratio_q3": round(q3, 2),
        "cpu_ratio_median": round(statistics.median(cpu_ratios), 2) if cpu_ratios else None,
        "page_ms_median": round(statistics.median(page_ms), 2),
        "bare_ms_median": round(statistics.median(bare_ms), 3),
        "pairs": pairs,
    }


ASSET = re.compile(
    r"<(?:link|script|img)\b[^>]*?\b(?:href|src)=\"(?P<url>/static/[^\"]+)\"", re.IGNORECASE
)


def weight(path, cookie):
    """Bytes of the HTML as served, and of the page's first load with its static files."""
    status, headers, html = call(path, cookie)
    assets = {}
    for url in dict.fromkeys(m.group("url") for m in ASSET.finditer(html.decode())):
        asset_status, asset_headers, body = call(url, accept_encoding="gzip, br")
        if asset_status != 200:
            raise RuntimeError(f"{url} referenced by {path} answered {asset_status}")
        assets[url] = {"bytes": len(body), "encoding": asset_headers.get("content-encoding", "")}
    html_bytes = len(html)
    return {
        "status": status,
        "html_bytes": html_bytes,
        "html_gzip_bytes": len(gzip.compress(html, 6)),
        "first_load_bytes": html_bytes + sum(a["bytes"] for a in assets.values()),
        "assets": assets,
        "html_compressed_by_server": headers.get("content-encoding", ""),
    }
