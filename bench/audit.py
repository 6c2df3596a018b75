"""`make audit`: Lighthouse (npm `lighthouse`, pinned in package.json) scores eight pages as a
phone, against the system Chromium, and writes them into bench/results.md.

Nothing is fetched at run time: Lighthouse comes from node_modules (`npm ci`) and drives the
Chromium at CHROME_PATH (default /usr/bin/chromium). The app is served production-style
(DEBUG off, gunicorn, hashed and compressed static files by WhiteNoise) from a throwaway
SQLite database holding the library and `make run`'s demo couple; signed-in pages are
audited as Sam, with a session cookie passed as an extra header.

Public pages must score 100 in all four categories. Signed-in pages are `noindex` on
purpose, which Lighthouse's SEO category counts against them: their SEO figure is shown,
and judged on everything but that one audit.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.serve import free_port

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "audit"
RESULTS = ROOT / "bench" / "results.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
GUNICORN = Path(sys.executable).with_name("gunicorn")
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BEGIN, END = "<!-- lighthouse:begin -->", "<!-- lighthouse:end -->"

# (name, path, signed in). The article's path is filled in from the library.
PAGES = [
    ("Landing", "/", False),
    ("Sign-in", "/accounts/login/", False),
    ("Dashboard", "/home/", True),
    ("Check-in form", "/checkins/this-week/", True),
    ("Boundaries", "/boundaries/", True),
    ("Trends", "/checkins/trends/", True),
    ("Article", None, False),
    ("Search", "/library/search/?q=drive+home", False),
]

SESSION_SCRIPT = """
from django.conf import settings
from django.test import Client
from partners.models import User
from resources.models import Article
client = Client()
client.force_login(User.objects.get(email="sam@demo.alongside.localhost"))
article = Article.objects.published().order_by("slug").first()
print(client.cookies[settings.SESSION_COOKIE_NAME].value, article.get_absolute_url())
"""


def environment(debug: bool) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{DATA / 'db.sqlite3'}",
        "DEBUG": "true" if debug else "false",
        # A fixed key for a throwaway database of demo people on loopback.
        "SECRET_KEY": "audit-only-key-for-a-throwaway-loopback-database",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(DATA / "static"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "CHROME_PATH": CHROME,
    }


def manage(*args: str, debug: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(debug),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def prepare() -> tuple[str, str]:
    """A fresh database with the library and the demo couple; Sam's session and an article."""
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_library")
    manage("load_demo")
    manage("collectstatic", "--noinput", "-v0", debug=False)
    session, article = manage("shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1].split()
    return session, article


def serve(port: int) -> subprocess.Popen:
    command = [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--no-control-socket", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment(debug=False))
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def lighthouse(url: str, cookie: str | None, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--disable-full-page-screenshot",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    # Under load Chromium's trace now and then misses the navigation (NO_NAVSTART): the
    # run is repeated, up to three times, rather than reported as a score.
    for attempt in range(3):
        done = subprocess.run(command, cwd=ROOT, env=environment(debug=False))
        if done.returncode == 0:
            break
        print(f"Lighthouse failed on {url} (attempt {attempt + 1}); trying again", flush=True)
    else:
        raise RuntimeError(f"Lighthouse failed three times on {url}")
    report = json.loads(out.read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = sorted(
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        and any(
            ref["id"] == audit_id
            for name in CATEGORIES
            if name != "performance"
            for ref in report["categories"][name]["auditRefs"]
            if ref.get("weight", 0) > 0
        )
    )
    return {
        "scores": scores,
        "failed": failed,
        "version": report["lighthouseVersion"],
        "chrome": report.get("environment", {}).get("hostUserAgent", ""),
    }


def markdown(rows: list[dict], meta: dict) -> str:
    lines = [
        BEGIN,
        "## Lighthouse (mobile)",
        "",
        f"Run {meta['when']} with `make audit`: Lighthouse {meta['version']} (npm, pinned in "
        f"package.json) driving {meta['chrome']} at {CHROME} (headless), mobile form factor "
        "with its default simulated throttling, against gunicorn with DEBUG off and the demo "
        "couple (signed-in pages as Sam). Signed-in pages are `noindex` on purpose, and "
        "Lighthouse's SEO category scores that as a failure (`is-crawlable`); every other SEO "
        "audit passes on them.",
        "",
        "| Page | Path | Performance | Accessibility | Best practices | SEO | Audits not passed |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        s = row["scores"]
        failed = ", ".join(f"`{name}`" for name in row["failed"]) or "none"
        lines.append(
            f"| {row['name']}{' (signed in)' if row['signed_in'] else ''} | `{row['path']}` | "
            f"{s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
            f"| {failed} |"
        )
    lines += ["", END]
    return "\n".join(lines)


def current_section() -> str | None:
    """The Lighthouse section now in bench/results.md, if any (`make bench` keeps it)."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    found = re.search(re.escape(BEGIN) + ".*?" + re.escape(END), text, re.DOTALL)
    return found.group(0) if found else None


def write_section(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Alongside bench results\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci` (it is pinned in package.json).")
        return 2
    if not (Path(CHROME).exists() or shutil.which(CHROME)):
        print(f"No Chromium at {CHROME}: set CHROME_PATH.")
        return 2
    session, article = prepare()
    port = free_port()
    server = serve(port)
    rows = []
    try:
        for name, path, signed_in in PAGES:
            path = path or article
            cookie = f"sessionid={session}" if signed_in else None
            out = DATA / f"{re.sub(r'[^a-z]+', '-', name.lower())}.json"
            result = lighthouse(f"http://127.0.0.1:{port}{path}", cookie, out)
            rows.append({"name": name, "path": path, "signed_in": signed_in, **result})
            print(name, result["scores"], result["failed"] or "", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": rows[0]["version"],
        "chrome": re.sub(r".*(Chrome/[\d.]+).*", r"\1", rows[0]["chrome"]) or "Chromium",
    }
    write_section(markdown(rows, meta))
    (ROOT / "bench" / "lighthouse.json").write_text(
        json.dumps({"meta": meta, "pages": rows}, indent=2) + "\n"
    )
    print("Written the Lighthouse section of bench/results.md and bench/lighthouse.json")
    public_ok = all(
        all(score == 100 for score in row["scores"].values())
        for row in rows
        if not row["signed_in"]
    )
    private_ok = all(
        row["scores"][name] == 100
        for row in rows
        if row["signed_in"]
        for name in ("performance", "accessibility", "best-practices")
    ) and all(set(row["failed"]) <= {"is-crawlable"} for row in rows if row["signed_in"])
    return 0 if public_ok and private_ok else 1


if __name__ == "__main__":
    sys.exit(main())
