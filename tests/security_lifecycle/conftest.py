"""Fixtures for the hardening tests: real `flask mail worker` processes against the test
database and a loopback SMTP server."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start_worker(app_config):
    """Start `flask mail worker` as a real process; every one started is stopped afterwards."""
    started: list[subprocess.Popen] = []

    def start(smtp_port: int, **env) -> subprocess.Popen:
        environment = {
            **os.environ,
            "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SECRET_KEY": "test-secret",
            "MAIL_DELIVERY": "worker",
            **env,
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "mail", "worker", "--interval", "0.2"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
