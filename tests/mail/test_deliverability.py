"""Deliverability of every lifecycle email of a realistic seated dinner, as received by the real
SMTP server: SpamAssassin's default rules (offline) score it below 2.0, its text and HTML parts
say the same thing, and mail the guest may opt out of carries a one-click List-Unsubscribe."""

import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from planner.lifecycle.registry import optional_kinds
from tests.mail.alternatives import part_differences
from tests.mail.spamassassin import score_messages

MAX_SPAM_SCORE = 2.0
TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"
# Every email template is a kind of mail; a new one fails here until the scenario sends it.
KINDS = sorted({path.stem for path in TEMPLATES.glob("[!_]*.txt")})


def _of_kind(lifecycle_mail, kind):
    mails = [mail for mail in lifecycle_mail if mail.kind == kind]
    assert mails, f"the dinner scenario in tests/mail/conftest.py never sends {kind!r} mail"
    return mails


@pytest.fixture(scope="module")
def spam_scores(lifecycle_mail, spamassassin, tmp_path_factory):
    messages = {mail.message["Message-ID"]: mail.message for mail in lifecycle_mail}
    return score_messages(messages, tmp_path_factory.mktemp("spamassassin"))


@pytest.mark.parametrize("kind", KINDS)
def test_spamassassin_scores_every_mail_below_two(lifecycle_mail, spam_scores, kind):
    scored = [(mail, spam_scores[mail.message["Message-ID"]]) for mail in lifecycle_mail]
    too_high = [
        f"{mail.message['Subject']!r} to {mail.message['To']}: {score}"
        for mail, score in scored
        if mail.kind == kind and score.score >= MAX_SPAM_SCORE
    ]
    assert _of_kind(lifecycle_mail, kind)
    assert not too_high, f"{len(too_high)} {kind} mails score {MAX_SPAM_SCORE} or more:\n" + (
        "\n".join(too_high[:5])
    )


@pytest.mark.parametrize("kind", KINDS)
def test_plain_and_html_parts_say_the_same_thing(lifecycle_mail, kind):
    disagreeing = {}
    for mail in _of_kind(lifecycle_mail, kind):
        problems = part_differences(mail.part("plain"), mail.part("html"))
        if problems:
            disagreeing[mail.message["To"].addresses[0].addr_spec] = problems
    first = next(iter(disagreeing.items()), None)
    assert not disagreeing, f"{len(disagreeing)} {kind} mails differ, e.g. {first}"


@pytest.mark.parametrize("kind", KINDS)
def test_mail_one_may_opt_out_of_has_one_click_unsubscribe(lifecycle_mail, kind):
    for mail in _of_kind(lifecycle_mail, kind):
        header = mail.message["List-Unsubscribe"]
        if kind not in optional_kinds():
            continue  # transactional: the guest asked for it by being invited or answering
        assert header is not None, f"{kind} has no List-Unsubscribe"
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        (url,) = re.fullmatch(r"<(https?://\S+)>", header).groups()
        # The same opt-out is offered in both parts, for clients that ignore the header.
        assert url in mail.part("plain") and url in mail.part("html")


# --- The checks themselves can fail ----------------------------------------------------------

PLAIN = """Hello Ana,
See you tonight at Founders' Dinner, table 3.
Answer now: https://tablewise.test/rsvp/abc
Write to Ben <ben@example.com>."""
HTML = """<p>Hello Ana,</p>
<p>See you tonight at <strong>Founders&#8217; Dinner</strong>, table 3.</p>
<p><a href="https://tablewise.test/rsvp/abc">Answer now</a></p>
<p>Write to <a href="mailto:ben@example.com">Ben</a>.</p>"""


def test_parts_that_say_the_same_thing_agree():
    assert part_differences(PLAIN, HTML) == []


@pytest.mark.parametrize(
    ("html", "complaint"),
    [
        (HTML.replace(", table 3", ""), "only in the plain part: ['3', 'table']"),
        (HTML.replace("now", "now or never"), "only in the HTML part: ['never', 'or']"),
        (HTML.replace("rsvp/abc", "rsvp/xyz"), "links differ"),
        (HTML.replace("mailto:ben@", "mailto:bob@"), "links differ"),
        (f"<p><a href='mailto:ben@example.com'>Ben</a></p>{HTML}", "links differ"),  # order
    ],
)
def test_parts_that_differ_are_told_apart(html, complaint):
    assert any(complaint in problem for problem in part_differences(PLAIN, html))


def test_spamassassin_flags_the_spam_test_message(spamassassin, tmp_path):
    message = EmailMessage()
    message["Message-ID"] = "<gtube@tablewise.test>"
    # GTUBE: the standard test string every SpamAssassin install scores as spam.
    message.set_content("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X")
    (score,) = score_messages({"<gtube@tablewise.test>": message}, tmp_path).values()
    assert score.score >= MAX_SPAM_SCORE and "GTUBE" in score.rules
