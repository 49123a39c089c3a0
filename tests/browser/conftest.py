"""A live Tablewise server in a thread and the system Chromium driven by Playwright."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that keep Chromium off the network here: this machine has none beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def app_config(app_config):
    # Real forms in a real browser: CSRF on, as in production.
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must prove the browser path, never skip it
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SERIOUS = ("serious", "critical")


class Audit:
    """Run axe-core on every page a watched browser tab loads; collect serious violations."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.problems: list[str] = []
        self.pages: list[str] = []

    def watch(self, page) -> None:
        """Check each page this tab loads, when it has loaded."""
        page.on("load", self.check)

    def check(self, page) -> None:
        """Run axe on the page as it is now."""
        results = self.axe.run(page).response
        self.pages.append(page.url)
        for violation in results["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
                self.problems.append(
                    f"{page.url}: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} at {targets}"
                )

    def assert_clean(self) -> None:
        """Fail with every serious or critical violation seen on any page."""
        assert self.pages, "no page was checked"
        assert not self.problems, "\n".join(dict.fromkeys(self.problems))


@pytest.fixture
def audit() -> Audit:
    return Audit()
