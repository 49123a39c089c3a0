"""The registry of mail kinds is complete and consistent with the templates."""

from pathlib import Path

from planner.lifecycle.kinds import Kind
from planner.lifecycle.registry import (
    KINDS,
    Audience,
    optional_kinds,
    previewable_kinds,
    scheduled_kinds,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"


def test_every_kind_is_registered_with_both_parts_of_its_template():
    assert set(KINDS) == set(Kind)
    for kind in Kind:
        assert (TEMPLATES / f"{kind}.txt").is_file(), kind
        assert (TEMPLATES / f"{kind}.html").is_file(), kind


def test_scheduled_kinds_say_who_gets_them_and_can_be_composed():
    for kind in scheduled_kinds():
        assert kind.audience != Audience.ONE and kind.compose is not None, kind.kind


def test_only_mail_after_the_dinner_may_be_opted_out_of():
    # Transactional mail (invitation, confirmation, introductions) always goes.
    assert set(optional_kinds()) == {k.kind for k in KINDS.values() if k.after_dinner}
    assert Kind.INVITATION in {k.kind for k in previewable_kinds()}
