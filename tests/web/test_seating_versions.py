"""Plan versions (who, when, score; compare; restore) and the table_change mail."""

from planner.extensions import db
from planner.lifecycle.kinds import Kind
from planner.models import OutboxMessage
from planner.models.mail import MailStatus
from tests.web.seating_helpers import move as _move
from tests.web.seating_helpers import names, plan_version, seated


def test_versions_are_listed_compared_and_restored(app, client, chart):
    original = seated(app, chart)
    guest = original[1][0]
    _move(client, chart, guest, 2, plan_version(app, chart), step="save")
    page = client.get(f"/dinners/{chart}/seating/versions").text
    assert "Seated tables" in page and "Olive Organiser" in page and "random seating" in page
    who = names(app, chart)[guest]
    compared = client.get(f"/dinners/{chart}/seating/versions?a=1&b=2").text
    assert f"<li>{who}:" in compared and "Version 1 → version 2" in compared
    restored = client.post(
        f"/dinners/{chart}/seating/versions/1/restore",
        data={"version": plan_version(app, chart)},
        follow_redirects=True,
    )
    assert "Version 1 restored." in restored.text
    assert seated(app, chart) == original
    versions = client.get(f"/dinners/{chart}/seating/versions").text
    assert "Restored version 1" in versions


def test_comparison_lists_exactly_the_guests_who_moved(app, client, chart):
    tables = seated(app, chart)
    data = {"action": "swap", "course": 1, "guest": tables[1][0], "other": tables[2][0]}
    client.post(
        f"/dinners/{chart}/seating/save", data={**data, "version": plan_version(app, chart)}
    )
    page = client.get(f"/dinners/{chart}/seating/versions?a=1&b=2").text
    who = names(app, chart)
    moved = [name for gid, name in who.items() if f"<li>{name}:" in page]
    assert sorted(moved) == sorted([who[tables[1][0]], who[tables[2][0]]])


def _numbers_mailed(app, dinner_id):
    """Record that the dinner-day note (with table numbers) went out."""
    with app.app_context():
        db.session.add(
            OutboxMessage(
                idempotency_key=f"day_note:{dinner_id}",
                message_id=f"<dn{dinner_id}@test>",
                kind=Kind.DAY_NOTE,
                dinner_id=dinner_id,
                to_addr="x@example.com",
                subject="Tonight",
                text_body="",
                html_body="",
                status=MailStatus.SENT,
            )  # fmt: skip
        )
        db.session.commit()


def test_after_numbers_were_mailed_only_guests_whose_table_changed_are_told(
    app, client, chart, smtp
):
    _numbers_mailed(app, chart)
    tables = seated(app, chart)
    first, second = tables[1][0], tables[2][0]
    data = {"action": "swap", "course": 1, "guest": first, "other": second}
    preview = client.post(
        f"/dinners/{chart}/seating/preview", data={**data, "version": plan_version(app, chart)}
    ).text
    assert "the guests whose table changes will be emailed" in preview
    saved = client.post(
        f"/dinners/{chart}/seating/save",
        data={**data, "version": plan_version(app, chart)},
        follow_redirects=True,
    )
    assert "2 guest(s) whose table changed are being emailed" in saved.text
    with app.app_context():
        emails = {i: e for i, e in _emails(chart).items() if i in (first, second)}
    told = sorted(m["To"].addresses[0].addr_spec for m in smtp.messages)
    assert told == sorted(emails.values())
    bodies = {
        m["To"].addresses[0].addr_spec: m.get_body(("plain",)).get_content() for m in smtp.messages
    }
    assert "your table is now 2" in bodies[emails[first]]
    assert "your table is now 1" in bodies[emails[second]]


def test_reseating_after_numbers_were_mailed_asks_first(app, client, chart):
    _numbers_mailed(app, chart)
    before = seated(app, chart)
    page = client.post(f"/dinners/{chart}/seat").text
    assert "Guests already know their table" in page and 'id="confirm-reseat"' in page
    assert seated(app, chart) == before
    with app.app_context():
        from planner.models import SeatingJob

        assert db.session.scalar(db.select(db.func.count(SeatingJob.id))) == 1  # the first only


def _emails(dinner_id):
    from planner.models import Dinner

    return {i.id: i.email for i in db.session.get(Dinner, dinner_id).invitations}
