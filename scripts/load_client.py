"""The load benchmark's client side: a scripted browser for set-up, wrk for the load.

Used by scripts/loadtest.py; loopback only, like the benchmark itself.
"""

import html.parser
import http.cookiejar
import json
import os
import re
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

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
