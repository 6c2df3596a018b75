"""A small HTTP load generator: several processes, each running many virtual people.

Why our own and not wrk or locust: it needs nothing beyond Python (a fresh machine has
only Python, make and the project's dependencies; wrk is a system package and locust a
large extra dependency), each virtual person carries their own session cookie and walks
their own journey, and every answer is checked (status 200 exactly: a redirect to the
sign-in page is an error here, where wrk would count it as a success). Its cost per
request is measured and reported, since on a 2-core machine it competes with the server.

This module must not import Django: its processes are spawned, and only talk HTTP.
"""

import asyncio
import contextlib
import multiprocessing
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field

HOST = "127.0.0.1"  # loopback only, always: never a target chosen from outside


@dataclass
class Person:
    """One virtual person: their cookie (or none) and the pages they visit, in order."""

    cookie: str | None
    paths: list[str]
    # What each path is, for per-page figures ("article" rather than each article's slug).
    labels: list[str] | None = None
    # Steps that are form posts: {index in paths: urlencoded body}. They answer with a
    # redirect (302/303) when they worked, as every form of ours does.
    posts: dict | None = None
    # A CSRF secret of this person's own, sent as the cookie and the X-CSRFToken header.
    csrf: str | None = None
    # A post redirected here (the sign-in page) did not work, whatever its status says.
    login_path: str | None = None


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    by_path: dict = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    bytes: int = 0
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    # Throughput counts only answers that arrived within the timed window: requests still
    # queued at the deadline are waited for (and count for latency), not for throughput.
    window_seconds: float = 0.0
    in_window: int = 0

    def merge(self, other):
        self.latencies_ms += other.latencies_ms
        for path, values in other.by_path.items():
            self.by_path.setdefault(path, []).extend(values)
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)
        self.bytes += other.bytes
        self.cpu_seconds += other.cpu_seconds
        self.wall_seconds = max(self.wall_seconds, other.wall_seconds)
        self.window_seconds = max(self.window_seconds, other.window_seconds)
        self.in_window += other.in_window

    def add_phase(self, other):
        """Another timed phase of the same kind: its seconds add up."""
        wall = self.wall_seconds + other.wall_seconds
        window = self.window_seconds + other.window_seconds
        self.merge(other)
        self.wall_seconds, self.window_seconds = wall, window

    @property
    def requests(self):
        return len(self.latencies_ms)

    @property
    def failures(self):
        return sum(self.errors.values())

    def percentile(self, q, values=None):
        ordered = sorted(self.latencies_ms if values is None else values)
        if not ordered:
            return None
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    def per_path(self):
        return {
            path: {
                "requests": len(values),
                "p50_ms": _round(self.percentile(50, values)),
                "p99_ms": _round(self.percentile(99, values)),
            }
            for path, values in sorted(self.by_path.items())
        }

    def summary(self):
        return {
            "requests": self.requests,
            "rps": round(self.in_window / (self.window_seconds or 1), 1),
            "p50_ms": _round(self.percentile(50)),
            "p90_ms": _round(self.percentile(90)),
            "p99_ms": _round(self.percentile(99)),
            "max_ms": _round(max(self.latencies_ms) if self.latencies_ms else None),
            "errors": self.failures,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "error_kinds": dict(self.errors.most_common(10)),
            "generator_cpu_us_per_request": (
                round(1e6 * self.cpu_seconds / self.requests) if self.requests else None
            ),
            "seconds": round(self.wall_seconds, 1),
            "per_path": self.per_path(),
        }


def _round(value):
    return None if value is None else round(value, 1)


class Connection:
    """HTTP/1.1 with keep-alive when the server offers it (gunicorn's sync workers don't)."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, request_bytes):
        reused = self.writer is not None
        try:
            return await self._exchange(request_bytes)
        except (asyncio.IncompleteReadError, ConnectionResetError):
            if not reused:
                raise
            # The server closed a kept-alive connection between requests: a browser
            # quietly retries a GET on a new connection, and so do we, once.
            await self.close()
            return await self._exchange(request_bytes)

    async def _exchange(self, request_bytes):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        self.writer.write(request_bytes)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        version, status = lines[0].split(" ", 2)[:2]
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body = await self.reader.read()
        connection = headers.get("connection", "").lower()
        keep_alive = connection == "keep-alive" or (version == "HTTP/1.1" and connection != "close")
        if not keep_alive or "content-length" not in headers:
            await self.close()
        return int(status), len(head) + len(body), headers.get("location", "")


def request_bytes(path, cookie, port, body=None, csrf=None):
    lines = [
        f"{'POST' if body is not None else 'GET'} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "User-Agent: alongside-bench",
        "Accept: text/html",
        "Connection: keep-alive",
    ]
    cookies = [f"sessionid={cookie}"] if cookie else []
    if csrf:
        cookies.append(f"csrftoken={csrf}")
    if cookies:
        lines.append("Cookie: " + "; ".join(cookies))
    payload = b""
    if body is not None:
        payload = body.encode()
        lines += [
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(payload)}",
        ]
        if csrf:
            lines.append(f"X-CSRFToken: {csrf}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def expected(index, person):
    return (302, 303) if person.posts and index in person.posts else (200,)


async def _walk(person, port, deadline, think, stats, rng, timeout):
    connection = Connection(port)
    posts = person.posts or {}
    requests = [
        request_bytes(path, person.cookie, port, posts.get(i), person.csrf)
        for i, path in enumerate(person.paths)
    ]
    step = rng.randrange(len(requests))  # people do not all start on the same page
    if think:
        await asyncio.sleep(rng.uniform(0, 2 * think))  # nor at the same instant
    try:
        while time.monotonic() < deadline:
            index = step % len(requests)
            started = time.perf_counter()
            try:
                status, size, location = await asyncio.wait_for(
                    connection.get(requests[index]), timeout
                )
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as e:
                stats.errors[type(e).__name__] += 1
                await connection.close()
            else:
                stats.statuses[status] += 1
                stats.bytes += size
                if status not in expected(index, person):
                    stats.errors[f"HTTP {status} {person.paths[index]}"] += 1
                elif person.login_path and location.startswith(person.login_path):
                    stats.errors[f"sent to sign-in from {person.paths[index]}"] += 1
            elapsed = (time.perf_counter() - started) * 1000
            stats.latencies_ms.append(elapsed)
            if time.monotonic() <= deadline:
                stats.in_window += 1
            label = person.labels[index] if person.labels else person.paths[index]
            stats.by_path.setdefault(label, []).append(elapsed)
            step += 1
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))
    finally:
        await connection.close()


def _process_main(people, port, seconds, think, seed, timeout):
    async def main():
        stats = Stats()
        rng = random.Random(seed)
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        await asyncio.gather(
            *(_walk(p, port, deadline, think, stats, rng, timeout) for p in people)
        )
        stats.wall_seconds = time.monotonic() - started
        stats.window_seconds = seconds
        return stats

    cpu = time.process_time()
    stats = asyncio.run(main())
    stats.cpu_seconds = time.process_time() - cpu
    return stats


def run(people, port, seconds, *, processes=None, think=0.0, timeout=60.0):
    """Everyone walks their journey at once for `seconds`; returns the merged Stats."""
    processes = max(1, min(processes or os.cpu_count() or 1, len(people)))
    shares = [people[i::processes] for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        results = pool.starmap(
            _process_main,
            [(share, port, seconds, think, n, timeout) for n, share in enumerate(shares)],
        )
    total = Stats()
    for result in results:
        total.merge(result)
    return total
