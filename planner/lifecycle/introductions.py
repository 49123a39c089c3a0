"""Double-opt-in introductions: the target says yes first, then the seeker (unless they asked
for it); only then does ONE email, in the introducer's words, introduce them to each other."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.drafts import queue_draft, render_draft
from planner.lifecycle.follow_up import seated_dinner
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.next_steps import answers
from planner.lifecycle.outcomes import asks_of
from planner.lifecycle.tokens import Links
from planner.mail.outbox import idempotency_key, queue_email
from planner.models import Introduction, IntroStatus, Invitation, Outcome, OutcomeKind

MESSAGE_LIMIT = 2000


class NotYours(PermissionError):
    """Only the two people being introduced may answer, each in their turn."""


@dataclass(frozen=True)
class Offered:
    """What offering did: the introduction, and whether this call created it."""

    intro: Introduction
    new: bool


def find_introduction(introducer: Invitation, seeker: Invitation, target: Invitation):
    """Return the introduction this introducer already offered for the pair, if any."""
    return db.session.scalar(
        select(Introduction).where(
            Introduction.introducer_id == introducer.id,
            Introduction.seeker_id == seeker.id,
            Introduction.target_id == target.id,
        )
    )


def default_message(introducer: Invitation, seeker: Invitation, target: Invitation, ask: str):
    """Return the prefilled introduction the introducer may edit ("Ben, meet Hugo…")."""
    about = _about(target)
    why = f" {seeker.name} is looking for “{ask}”, and I think you two should talk." if ask else ""
    return (
        f"{_first(seeker)}, meet {target.name}{about}.{why}\n\n"
        f"{_first(target)}, meet {seeker.name}{_about(seeker)}.\n\n"
        f"I'll leave you to it. {introducer.name}"
    )


def offer_introduction(
    introducer: Invitation,
    seeker: Invitation,
    target: Invitation,
    ask: str,
    now: datetime,
    base_url: str,
    message: str = "",
) -> Offered:
    """Record an offer and ask the target first (not committed); repeats return the first."""
    existing = find_introduction(introducer, seeker, target)
    if existing is not None:
        return Offered(existing, False)
    ask = ask if ask in asks_of(seeker) else ""
    intro = Introduction(
        dinner_id=introducer.dinner_id,
        introducer=introducer,
        seeker=seeker,
        target=target,
        ask=ask,
        message=(message.strip() or default_message(introducer, seeker, target, ask))[
            :MESSAGE_LIMIT
        ],
        created_at=now,
        # Asking the introducer for this introduction was the seeker's yes.
        seeker_agreed_at=now if seeker_asked(seeker, introducer) else None,
    )
    db.session.add(intro)
    db.session.flush()  # the id keys the consent mail and its link
    _ask_consent(intro, target, base_url)
    return Offered(intro, True)


def waiting_for(intro: Introduction) -> Invitation | None:
    """Return whose yes the introduction waits for now, or None once it is decided."""
    if intro.status != IntroStatus.ASKED:
        return None
    return intro.target if intro.target_agreed_at is None else intro.seeker


def answer_introduction(
    intro: Introduction, person: Invitation, yes: bool, now: datetime, base_url: str
) -> bool:
    """Record the answer of the person asked now (not committed); False if already answered."""
    if person.id not in (intro.target_id, intro.seeker_id):
        raise NotYours(intro.id)
    asked = waiting_for(intro)
    if asked is None or asked.id != person.id:
        return False
    if not yes:
        intro.status, intro.answered_at = IntroStatus.DECLINED, now
        return True
    if person.id == intro.target_id:
        intro.target_agreed_at = now
    else:
        intro.seeker_agreed_at = now
    if intro.seeker_agreed_at is None:
        _ask_consent(intro, intro.seeker, base_url)
    else:
        intro.status, intro.answered_at = IntroStatus.MADE, now
        _introduce_both(intro, base_url)
    return True


def request_introduction(seeker: Invitation, helper: Invitation, ask: str, base_url: str) -> None:
    """Tell `helper` that `seeker` asks them for an introduction (not committed)."""
    ask = ask if ask in asks_of(seeker) else ""
    queue_draft(
        helper,
        Draft(
            Kind.INTRO_REQUEST,
            f"{seeker.name} asks you for an introduction",
            {"other": seeker, "ask": ask},
        ),
        key=idempotency_key("intro_request", seeker.id, helper.id, ask),
        links=Links(helper, base_url),
    )


def seeker_asked(seeker: Invitation, introducer: Invitation) -> bool:
    """Tell whether the seeker asked this introducer for an introduction (their yes)."""
    asked = select(Outcome.id).where(
        Outcome.actor_id == seeker.id,
        Outcome.other_id == introducer.id,
        Outcome.kind == OutcomeKind.INTRO_REQUESTED,
    )
    return db.session.scalar(asked.limit(1)) is not None


def _ask_consent(intro: Introduction, person: Invitation, base_url: str) -> None:
    links = Links(person, base_url)
    other = intro.seeker if person.id == intro.target_id else intro.target
    subject = (
        f"{intro.introducer.name} would like to introduce you to {other.name}"
        if person.id == intro.target_id
        else f"{other.name} said yes: shall {intro.introducer.name} introduce you?"
    )
    queue_draft(
        person,
        Draft(
            Kind.INTRO_CONSENT,
            subject,
            {"intro": intro, "other": other, "answer_url": links.introduction(intro.id)},
        ),
        key=f"intro_consent:{intro.id}:{person.id}",
        links=links,
    )


def _introduce_both(intro: Introduction, base_url: str) -> None:
    """Queue the one email that introduces seeker and target to each other."""
    seeker, target = intro.seeker, intro.target
    draft = Draft(
        Kind.INTRO_MADE,
        f"Introduction: {seeker.name}, meet {target.name}",
        {"intro": intro, "people": [seeker, target]},
    )
    email, headers = render_draft(seeker, draft, Links(seeker, base_url))
    queue_email(
        key=f"intro_made:{intro.id}",
        kind=Kind.INTRO_MADE,
        to=f"{seeker.email}, {target.email}",
        email=email,
        dinner_id=seeker.dinner_id,
        invitation_id=seeker.id,
        headers=headers,
    )


def _first(person: Invitation) -> str:
    return person.name.split()[0] if person.name.split() else person.name


def _about(person: Invitation) -> str:
    profile = person.profile
    if profile is None or not (profile.role or profile.company):
        return ""
    at = f" at {profile.company}" if profile.company else ""
    return f" ({profile.role}{at})" if profile.role else f" ({profile.company})"


def introduction_targets(introducer: Invitation, seeker: Invitation) -> list[Invitation]:
    """Return whom the introducer could introduce `seeker` to, best answer to their asks first."""
    others = [
        person
        for person in introducer.dinner.accepted
        if person.id not in (introducer.id, seeker.id)
    ]
    seated = seated_dinner(introducer.dinner)
    if seated is None or seeker.id not in seated.index:
        return others
    matrix, index = seated.matrix, seated.index
    me = index[seeker.id]
    return sorted(others, key=lambda p: -answers(matrix, me, index[p.id]) if p.id in index else 1.0)
