"""Score emails with SpamAssassin's default rules, offline, in one process for a whole batch."""

import mailbox
import re
import shutil
import subprocess
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

# Offline and stateless: no network tests (-L), no Bayes database to learn into or read from,
# and a report header listing every rule that fired with its points.
OPTIONS = [
    "--local",
    "--nocreate-prefs",
    "--mbox",
    "--cf=use_bayes 0",
    "--cf=bayes_auto_learn 0",
    "--cf=add_header all Rules _TESTSSCORES(,)_",
]


@dataclass(frozen=True)
class SpamScore:
    """What SpamAssassin made of one message: its score and the rules that fired, with points."""

    score: float
    rules: dict[str, float]

    def __str__(self) -> str:
        fired = ", ".join(f"{name}={points:g}" for name, points in self.fired())
        return f"{self.score:.1f} ({fired or 'no rules'})"

    def fired(self) -> list[tuple[str, float]]:
        """Return the rules that fired, highest points first."""
        return sorted(self.rules.items(), key=lambda rule: (-rule[1], rule[0]))


def spamassassin_path() -> str | None:
    """Return the `spamassassin` executable, or None when it is not installed."""
    return shutil.which("spamassassin")


def score_messages(messages: dict[str, EmailMessage], workdir: Path) -> dict[str, SpamScore]:
    """Score each message (keyed by its Message-ID) with one `spamassassin` run over an mbox."""
    home = workdir / "home"  # keeps ~/.spamassassin of whoever runs the tests out of it
    home.mkdir(parents=True, exist_ok=True)
    inbox = mailbox.mbox(workdir / "in.mbox")
    for message in messages.values():
        inbox.add(message)
    inbox.close()
    with open(workdir / "in.mbox", "rb") as source:
        result = subprocess.run(
            [spamassassin_path(), *OPTIONS],
            stdin=source,
            capture_output=True,
            check=True,
            timeout=300,
            env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
    (workdir / "out.mbox").write_bytes(result.stdout)
    scored = {m["Message-ID"]: _score(m) for m in mailbox.mbox(workdir / "out.mbox")}
    missing = set(messages) - set(scored)
    assert not missing, f"SpamAssassin returned no verdict for {missing}: {result.stderr!r}"
    return scored


def _score(message) -> SpamScore:
    status = " ".join(message["X-Spam-Status"].split())
    score = float(re.search(r"score=(-?[\d.]+)", status).group(1))
    rules = " ".join(message["X-Spam-Rules"].split())
    pairs = (rule.split("=") for rule in rules.split(",") if "=" in rule)
    return SpamScore(score, {name.strip(): float(points) for name, points in pairs})
