"""Load benchmark: gunicorn + PostgreSQL on loopback, measured with wrk, side by side.

Seeds the 48-guest demo dinner into its own PostgreSQL database, starts gunicorn on
127.0.0.1 and measures, in interleaved rounds so that machine noise hits all alike:

- a minimal page (one indexed query + a template render, added only in this script),
- a guest's RSVP page (GET) and saving it (POST, all 48 guests' links in rotation),
- the organiser's dinner page (48 guests).

Bounded: at most 30 s per measurement, 5 rounds, 64 connections; loopback only.

    .venv/bin/python scripts/loadtest.py                       # measure, print, write docs
    .venv/bin/python scripts/loadtest.py --profile dinner      # where does the time go?
    .venv/bin/python scripts/loadtest.py --in-process          # CPU per request, no server
"""

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import proc_cpu  # noqa: E402  (needs ROOT on the path)
from scripts.load_client import Browser, Target, encode, form_headers, run_wrk  # noqa: E402
from scripts.load_report import (  # noqa: E402
    ENDPOINTS,
    WARM_UP_SECONDS,
    report,
    summarise,
    write_report,
)

HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/tablewise_bench"
BENCH_SECRET = "loadtest-only-secret"


# --- The app gunicorn serves: Tablewise plus the minimal comparison page ----------------------


def bench_app():
    """Return the Tablewise app with the minimal comparison page mounted (gunicorn factory)."""
    from flask import render_template
    from sqlalchemy import select

    from planner import create_app
    from planner.demo import DEMO_EMAIL
    from planner.extensions import db
    from planner.models import Organiser

    app = create_app()

    @app.get("/_bench/minimal")
    def minimal():
        name = db.session.scalar(select(Organiser.name).where(Organiser.email == DEMO_EMAIL))
        return render_template("error.html", code=200, description=name)

    return app


# --- Seeding ------------------------------------------------------------------------------


@dataclass
class Seeded:
    dinner_id: int
    tokens: list[str]
    email: str
    password: str


def _server_env(database_url: str, mail_dir: str) -> dict:
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": BENCH_SECRET,
        "MAIL_DELIVERY": "worker",  # production mode: mail waits for the worker, not the request
        "MAIL_FILE_DIR": mail_dir,
        "RATELIMIT_ENABLED": "0",  # the benchmark posts far faster than any guest would
        "PUBLIC_BASE_URL": f"http://{HOST}",
        "SMTP_HOST": "",
    }


def ensure_database(database_url: str) -> None:
    """Create the benchmark database if it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing a non-loopback database host: {parts.hostname}")
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(env: dict) -> Seeded:
    """Rebuild the schema through the migrations and load the demo dinner with known links."""
    from flask_migrate import upgrade

    from planner import create_app
    from planner.context import settings
    from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
    from planner.extensions import db
    from planner.lifecycle.tokens import issue_token
    from planner.models import Dinner, Organiser, TokenPurpose
    from planner.services.embeddings import refresh_stale_vectors

    os.environ.update(env)
    app = create_app()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        load_demo(settings())
        organiser = db.session.scalar(db.select(Organiser).where(Organiser.email == DEMO_EMAIL))
        organiser.email_verified_at = organiser.created_at
        dinner = db.session.scalar(db.select(Dinner).where(Dinner.organiser_id == organiser.id))
        tokens = []
        for invitation in dinner.invitations:  # the demo's links are hashed: mint known ones
            tokens.append(issue_token(invitation, TokenPurpose.RSVP))
        db.session.commit()
        # A running site's worker encodes every saved profile's sentence vectors (several KB
        # each); seed them too, so that pages which load profiles carry their real weight.
        while refresh_stale_vectors():
            pass
        seeded = Seeded(dinner.id, tokens, DEMO_EMAIL, DEMO_PASSWORD)
        db.engine.dispose()
    return seeded


# --- Talking to the running server ------------------------------------------------------------


def build_targets(base: str, seeded: Seeded) -> dict[str, Target]:
    """Prepare the requests of each endpoint, with real sessions and CSRF tokens."""
    organiser = Browser(base)
    login = [(k, v) for k, v in organiser.form("/auth/login") if k not in {"email", "password"}]
    status = organiser.post(
        "/auth/login", [*login, ("email", seeded.email), ("password", seeded.password)]
    )
    if status != 302:
        raise SystemExit(f"organiser log-in failed with HTTP {status}")
    guest = Browser(base)
    posts = []
    for token in seeded.tokens:
        fields = dict(guest.form(f"/rsvp/{token}"))
        fields["attending"] = "yes"
        fields.setdefault("name", "Guest")
        posts.append(("POST", f"/rsvp/{token}", form_headers(guest.cookie), encode(fields)))
    # A save answers with a redirect; a 200 would be the form again, with errors.
    saved = guest.post(f"/rsvp/{seeded.tokens[0]}", list(dict(guest.form(posts[0][1])).items()))
    if saved != 302:
        raise SystemExit(f"a scripted RSVP save was not accepted (HTTP {saved})")
    return {
        "minimal": Target("minimal", [("GET", "/_bench/minimal", {}, None)]),
        "rsvp_get": Target("rsvp_get", [("GET", f"/rsvp/{t}", {}, None) for t in seeded.tokens]),
        "rsvp_post": Target("rsvp_post", posts),
        "dinner": Target(
            "dinner",
            [("GET", f"/dinners/{seeded.dinner_id}", {"Cookie": organiser.cookie}, None)],
        ),
    }


# --- gunicorn -------------------------------------------------------------------------------


def start_gunicorn(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    """Start gunicorn on loopback and wait until it answers."""
    command = [
        sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--log-level", "warning", "scripts.loadtest:bench_app()",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/_bench/minimal", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited during start-up") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


# --- Profiling a page in-process ------------------------------------------------------------


def profile(target_name: str, seeded: Seeded, env: dict, count: int = 100) -> None:
    """Print where `count` requests of one endpoint spend their time (in-process, no server)."""
    calls = _calls(seeded, env)
    calls[target_name]()  # warm up caches, as a running worker would be
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        calls[target_name]()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def cpu_in_process(seeded: Seeded, env: dict, rounds: int = 7, count: int = 300) -> None:
    """Print the CPU per request of the minimal page and the RSVP GET, alternating, in-process.

    No server, no wrk and no PostgreSQL CPU: only this process's own time, which the other
    work on a shared machine disturbs far less than throughput.
    """
    calls = _calls(seeded, env)
    spent = {"minimal": [], "rsvp_get": []}
    for _ in range(rounds):
        for name, runs in spent.items():
            calls[name]()
            start = time.process_time()
            for _ in range(count):
                calls[name]()
            runs.append((time.process_time() - start) / count * 1000)
    minimal, rsvp = (statistics.median(runs) for runs in spent.values())
    print(f"in-process CPU per request, medians of {rounds} alternating rounds of {count}:")
    print(f"  minimal page {minimal:.2f} ms, RSVP page GET {rsvp:.2f} ms: {minimal / rsvp:.0%}")


def _calls(seeded: Seeded, env: dict) -> dict:
    """Return one request of each endpoint, sent as wrk sends it, to an in-process app."""
    os.environ.update(env)
    app = bench_app()
    app.config["WTF_CSRF_ENABLED"] = False
    organiser = app.test_client()
    organiser.post("/auth/login", data={"email": seeded.email, "password": seeded.password})
    anyone = app.test_client(use_cookies=False)  # wrk sends GETs without cookies
    token = seeded.tokens[0]
    fields = {"attending": "yes", "name": "Guest", "what_i_do": "I run a bakery."}
    return {
        "minimal": lambda: anyone.get("/_bench/minimal"),
        "rsvp_get": lambda: anyone.get(f"/rsvp/{token}"),
        "rsvp_post": lambda: organiser.post(f"/rsvp/{token}", data=fields),
        "dinner": lambda: organiser.get(f"/dinners/{seeded.dinner_id}"),
    }


# --- Main -----------------------------------------------------------------------------------


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--connections", type=bounded(1, 64), default=16)
    parser.add_argument("--seconds", type=bounded(2, 30), default=10)
    parser.add_argument("--rounds", type=bounded(1, 5), default=2)
    parser.add_argument("--workers", type=bounded(1, 8), default=3)
    parser.add_argument("--threads", type=bounded(1, 16), default=4)
    parser.add_argument("--port", type=bounded(1024, 65535), default=8765)
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    parser.add_argument("--profile", choices=ENDPOINTS, help="profile one endpoint instead")
    parser.add_argument(
        "--in-process", action="store_true", help="compare CPU per request in-process instead"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None and not (args.profile or args.in_process):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    ensure_database(args.database_url)
    mail_dir = tempfile.mkdtemp(prefix="tablewise-bench-mail-")
    env = _server_env(args.database_url, mail_dir)
    seeded = seed(env)
    if args.profile:
        profile(args.profile, seeded, env)
        return
    if args.in_process:
        cpu_in_process(seeded, env)
        return
    server = start_gunicorn(env, args.port, args.workers, args.threads)
    database = urllib.parse.urlsplit(args.database_url).path.lstrip("/")
    try:
        base = f"http://{HOST}:{args.port}"
        targets = build_targets(base, seeded)
        for name in ENDPOINTS:  # unmeasured: first requests compile templates in each worker
            run_wrk(base, targets[name], args.connections, WARM_UP_SECONDS)
        rounds = []
        for number in range(1, args.rounds + 1):
            results = {}
            for name in ENDPOINTS:
                before = proc_cpu.snapshot(server.pid, database)
                r = results[name] = run_wrk(base, targets[name], args.connections, args.seconds)
                after = proc_cpu.snapshot(server.pid, database)
                r.update(proc_cpu.per_request(before, after, r["requests"], server.pid))
                print(
                    f"round {number} {name:10} {r['rps']:7.1f} req/s  p50 {r['p50_ms']:6.0f} ms"
                    f"  p99 {r['p99_ms']:6.0f} ms  errors {r['errors']}  CPU/request "
                    f"{r['app_cpu_ms']:.2f} + {r['db_cpu_ms']:.2f} ms",
                    flush=True,
                )
            rounds.append(results)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(mail_dir, ignore_errors=True)
    summary = summarise(rounds)
    command = "python scripts/loadtest.py " + " ".join(sys.argv[1:])
    section = report(summary, args, command.strip())
    print(section)
    if not args.no_write:
        write_report(section)


if __name__ == "__main__":
    main()
