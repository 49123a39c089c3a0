"""Load benchmark: gunicorn + PostgreSQL on loopback, measured with wrk, side by side.

Seeds the 48-guest demo dinner into its own PostgreSQL database, starts gunicorn on
127.0.0.1 and measures, in interleaved rounds so that machine noise hits all alike:

- a minimal page (one indexed query + a template render, added only in this script),
- a guest's RSVP page (GET) and saving it (POST, all 48 guests' links in rotation),
- the organiser's dinner page (48 guests).

Bounded: at most 30 s per measurement, 5 rounds, 64 connections; loopback only.

    .venv/bin/python scripts/loadtest.py                       # measure, print, write docs
    .venv/bin/python scripts/loadtest.py --profile dinner      # where does the time go?
"""

import argparse
import cProfile
import html.parser
import http.cookiejar
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import proc_cpu  # noqa: E402  (needs ROOT on the path)

HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/tablewise_bench"
BENCH_SECRET = "loadtest-only-secret"
MARK_START, MARK_END = "<!-- loadtest:start -->", "<!-- loadtest:end -->"
ENDPOINTS = ("minimal", "rsvp_get", "rsvp_post", "dinner")
LABELS = {
    "minimal": "minimal page (1 indexed query + template)",
    "rsvp_get": "RSVP page GET",
    "rsvp_post": "RSVP page POST (save)",
    "dinner": "organiser's dinner page (48 guests)",
}


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
        seeded = Seeded(dinner.id, tokens, DEMO_EMAIL, DEMO_PASSWORD)
        db.engine.dispose()
    return seeded


# --- Talking to the running server ------------------------------------------------------------


class FormScraper(html.parser.HTMLParser):
    """Collect what a browser would submit from the first POST form of a page."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post" and not a.get("action"):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            checkable = a.get("type") in {"checkbox", "radio"}
            if not checkable or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ("y" if checkable else "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields.append((self._textarea, ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


class Browser:
    """A cookie-keeping client for the few setup requests (log-in, reading forms)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        no_redirects = type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {})
        no_redirects.redirect_request = lambda *args, **kwargs: None
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), no_redirects
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> int:
        body = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def form(self, path: str) -> list[tuple[str, str]]:
        scraper = FormScraper()
        scraper.feed(self.get(path))
        return scraper.fields

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


@dataclass
class Target:
    name: str
    requests: list[tuple[str, str, dict, str | None]] = field(default_factory=list)


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


def form_headers(cookie: str) -> dict:
    return {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}


def encode(fields: dict) -> str:
    return urllib.parse.urlencode(fields)


# --- wrk ------------------------------------------------------------------------------------

LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"status_errors": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def lua_script(target: Target) -> str:
    """Return a wrk script that cycles through the target's requests and reports JSON."""
    lines = ["local reqs = {}", "init = function(args)"]
    for method, path, headers, body in target.requests:
        header_table = ", ".join(f"[ {lua_str(k)} ] = {lua_str(v)}" for k, v in headers.items())
        body_lua = lua_str(body) if body is not None else "nil"
        lines.append(
            f"  reqs[#reqs + 1] = wrk.format({lua_str(method)}, {lua_str(path)}, "
            f"{{{header_table}}}, {body_lua})"
        )
    lines += ["end", "local i = 0", "request = function()", "  i = i % #reqs + 1"]
    lines += ["  return reqs[i]", "end", LUA_DONE]
    return "\n".join(lines)


def lua_str(text: str) -> str:
    return "[==[" + text + "]==]"


def run_wrk(base: str, target: Target, connections: int, seconds: int) -> dict:
    """Run wrk against one target and return its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(target))
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base + "/",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        os.unlink(script.name)
    found = re.search(r"WRK_JSON (\{.*\})", output.stdout)
    if found is None:
        raise SystemExit(f"wrk gave no figures for {target.name}: {output.stderr[-2000:]}")
    figures = json.loads(found.group(1))
    seconds_run = figures["duration_us"] / 1e6
    return {
        "rps": figures["requests"] / seconds_run,
        "p50_ms": figures["p50_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "errors": figures["status_errors"] + figures["socket_errors"],
        "requests": figures["requests"],
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


# --- Report ---------------------------------------------------------------------------------


def summarise(rounds: list[dict]) -> dict:
    """Median of each figure over the rounds, plus the per-round RSVP GET / minimal ratio."""
    summary = {}
    for name in ENDPOINTS:
        runs = [r[name] for r in rounds]
        summary[name] = {
            key: statistics.median(run[key] for run in runs)
            for key in ("rps", "p50_ms", "p99_ms", "app_cpu_ms", "db_cpu_ms")
        }
        summary[name]["errors"] = sum(run["errors"] for run in runs)
        summary[name]["requests"] = sum(run["requests"] for run in runs)
    ratios = [r["rsvp_get"]["rps"] / r["minimal"]["rps"] for r in rounds]
    summary["ratio_rsvp_get"] = statistics.median(ratios)
    summary["ratios"] = ratios
    summary["cpu_ratio_rsvp_get"] = _cpu_ms(summary["minimal"]) / _cpu_ms(summary["rsvp_get"])
    return summary


def _cpu_ms(figures: dict) -> float:
    return figures["app_cpu_ms"] + figures["db_cpu_ms"]


def verdicts(summary: dict) -> list[tuple[str, bool]]:
    return [
        (
            f"RSVP GET throughput >= 50 % of the minimal page: {summary['ratio_rsvp_get']:.0%}",
            summary["ratio_rsvp_get"] >= 0.5,
        ),
        (
            f"RSVP POST p99 < 500 ms: {summary['rsvp_post']['p99_ms']:.0f} ms",
            summary["rsvp_post"]["p99_ms"] < 500,
        ),
        (
            f"dinner page p99 < 300 ms: {summary['dinner']['p99_ms']:.0f} ms",
            summary["dinner"]["p99_ms"] < 300,
        ),
    ]


def report(summary: dict, args, command: str) -> str:
    """Return the markdown section for docs/benchmarks.md."""
    rows = [
        "| endpoint | req/s | p50 ms | p99 ms | vs minimal | non-2xx/3xx or socket errors "
        "| CPU ms per request: app + PostgreSQL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base_rps = summary["minimal"]["rps"]
    for name in ENDPOINTS:
        s = summary[name]
        rows.append(
            f"| {LABELS[name]} | {s['rps']:.0f} | {s['p50_ms']:.0f} | {s['p99_ms']:.0f} | "
            f"{s['rps'] / base_rps:.0%} | {s['errors']} of {s['requests']} | "
            f"{s['app_cpu_ms']:.2f} + {s['db_cpu_ms']:.2f} |"
        )
    bars = [f"- {'met' if ok else '**missed**'}: {text}" for text, ok in verdicts(summary)]
    per_round = ", ".join(f"{r:.0%}" for r in summary["ratios"])
    return "\n".join(
        [
            MARK_START,
            "# Web load benchmark",
            "",
            f"One run of `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
            f"gunicorn ({args.workers} gthread workers x {args.threads} threads) on loopback, "
            f"PostgreSQL, wrk with {args.connections} connections, {args.seconds} s per "
            f"measurement, {args.rounds} interleaved rounds (medians shown), "
            f"{os.cpu_count()} cores shared with other work. MAIL_DELIVERY=worker, rate limits "
            "off. The minimal page is `/_bench/minimal` (one indexed query, `error.html`), "
            "mounted only by the script.",
            "",
            *rows,
            "",
            f"RSVP GET / minimal per round: {per_round}. By CPU per request (app + PostgreSQL, "
            "less sensitive to the other work on the machine): "
            f"{summary['cpu_ratio_rsvp_get']:.0%}.",
            "",
            *bars,
            MARK_END,
        ]
    )


def write_report(section: str) -> None:
    """Put the section into docs/benchmarks.md, replacing an earlier run's section."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else ""
    if MARK_START in text:
        before, rest = text.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


# --- Profiling a page in-process ------------------------------------------------------------


def profile(target_name: str, seeded: Seeded, env: dict, count: int = 100) -> None:
    """Print where `count` requests of one endpoint spend their time (in-process, no server)."""
    os.environ.update(env)
    app = bench_app()
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/auth/login", data={"email": seeded.email, "password": seeded.password})
    token = seeded.tokens[0]
    fields = {"attending": "yes", "name": "Guest", "what_i_do": "I run a bakery."}
    calls = {
        "minimal": lambda: client.get("/_bench/minimal"),
        "rsvp_get": lambda: client.get(f"/rsvp/{token}"),
        "rsvp_post": lambda: client.post(f"/rsvp/{token}", data=fields),
        "dinner": lambda: client.get(f"/dinners/{seeded.dinner_id}"),
    }
    calls[target_name]()  # warm up caches, as a running worker would be
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        calls[target_name]()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


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
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.profile:
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    ensure_database(args.database_url)
    mail_dir = tempfile.mkdtemp(prefix="tablewise-bench-mail-")
    env = _server_env(args.database_url, mail_dir)
    seeded = seed(env)
    if args.profile:
        profile(args.profile, seeded, env)
        return
    server = start_gunicorn(env, args.port, args.workers, args.threads)
    database = urllib.parse.urlsplit(args.database_url).path.lstrip("/")
    try:
        base = f"http://{HOST}:{args.port}"
        targets = build_targets(base, seeded)
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
