"""gunicorn on loopback with the bench settings, started and stopped by the bench."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collectstatic():
    """Hashed, compressed static files, as production serves them."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@contextlib.contextmanager
def gunicorn(workers=2):
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    command = [
        str(GUNICORN),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        _wait_until_ready(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def task_worker():
    """The worker production runs next to gunicorn for TASKS_BACKEND (none when immediate),
    so `make load` can measure email going through the queue."""
    backend = os.environ.get("TASKS_BACKEND", "immediate")
    commands = {
        "database": ["db_worker", "--interval", "0.5", "--no-reload"],
        "rq": ["rqworker", "--job-class", "django_tasks_rq.Job", "--with-scheduler", "default"],
    }
    if backend not in commands:
        yield None
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    process = subprocess.Popen([*manage, *commands[backend]], cwd=ROOT, env=env)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_ready(port, process):
    url = f"http://127.0.0.1:{port}/bench/bare/"
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    # Each worker answers once before timing starts (imports, first connection).
                    for _ in range(20):
                        urllib.request.urlopen(url, timeout=2).read()
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 20 seconds")
