"""Double-opt-in introductions: the target says yes before both are introduced by email."""

from datetime import datetime

from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.outcomes import asks_of
from planner.lifecycle.tokens import Links
from planner.mail.outbox import idempotency_key
from planner.models import Introduction, IntroStatus, Invitation


class NotYours(PermissionError):
    """Only the target of an introduction may answer it."""


def offer_introduction(
    introducer: Invitation,
    seeker: Invitation,
    target: Invitation,
    ask: str,
    now: datetime,
    base_url: str,
) -> Introduction:
    """Record an offer and ask the target first (not committed); repeats return the first."""
    existing = db.session.scalar(
        select(Introduction).where(
            Introduction.introducer_id == introducer.id,
            Introduction.seeker_id == seeker.id,
            Introduction.target_id == target.id,
        )
    )
    if existing is not None:
        return existing
    intro = Introduction(
        dinner_id=introducer.dinner_id,
        introducer=introducer,
        seeker=seeker,
        target=target,
        ask=ask if ask in asks_of(seeker) else "",
        created_at=now,
    )
    db.session.add(intro)
    db.session.flush()  # the id keys the consent mail and its link
    links = Links(target, base_url)
    queue_draft(
        target,
        Draft(
            Kind.INTRO_CONSENT,
            f"{introducer.name} would like to introduce you to {seeker.name}",
            {"intro": intro, "answer_url": links.introduction(intro.id)},
        ),
        key=f"intro_consent:{intro.id}",
        links=links,
    )
    return intro


def answer_introduction(
    intro: Introduction, target: Invitation, yes: bool, now: datetime, base_url: str
) -> bool:
    """Record the target's answer once (not committed); on yes introduce both by email."""
    if intro.target_id != target.id:
        raise NotYours(intro.id)
    if intro.status != IntroStatus.ASKED:
        return False
    intro.status = IntroStatus.MADE if yes else IntroStatus.DECLINED
    intro.answered_at = now
    if yes:
        for person, other in ((intro.seeker, intro.target), (intro.target, intro.seeker)):
            queue_draft(
                person,
                Draft(
                    Kind.INTRO_MADE,
                    f"Introduction: {person.name}, meet {other.name}",
                    {"intro": intro, "other": other},
                ),
                key=f"intro_made:{intro.id}:{person.id}",
                links=Links(person, base_url),
            )
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
