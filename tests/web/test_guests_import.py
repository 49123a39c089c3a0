"""The organiser's import: paste and CSV together, a preview with per-line errors and warnings
before anything is sent, and only the previewed list sent once confirmed; lists of more than
IMPORT_IN_BACKGROUND_ABOVE guests sent by a background job with a progress page."""

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import undefer

from planner.extensions import db
from planner.jobs import imports
from planner.lifecycle.kinds import Kind
from planner.models import GuestImportJob, Invitation, OutboxMessage
from planner.models._types import utcnow
from planner.organiser import guest_routes
from planner.security import limits
from planner.services.guests import MAX_GUESTS
from planner.settings import IMPORT_IN_BACKGROUND_ABOVE
from tests.helpers import REDIS_URL, plain_client, run_jobs_worker
from tests.web.guest_helpers import invite, preview, send, textarea


@pytest.fixture
def dinner_id(make_organiser, make_dinner, login) -> int:
    """A dinner two weeks ahead, its organiser logged in."""
    organiser = make_organiser()
    dinner = make_dinner(organiser)
    login(organiser)
    return dinner


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Invitation.id)))


def test_paste_and_csv_together_are_previewed_and_nothing_is_sent(app, client, dinner_id):
    csv = "Name;E-mail;Company;Phone\nJosé Núñez;jose@example.com;Café Rot;+49 30\n".encode(
        "cp1252"
    )
    response = preview(client, dinner_id, "Ana Souza <ana@example.com>\nben@example.com", csv)
    assert response.status_code == 200
    page = response.text
    assert "Preview: nothing has been sent yet" in page
    assert "<strong>3</strong> new guest(s)" in page
    assert "José Núñez" in page and "company: Café Rot" in page
    assert "Pasted line 2: no name given; using &#39;Ben&#39;" in page
    assert "Send 3 invitation(s)" in page
    assert f"Up to {MAX_GUESTS:,} guests per import" in page
    assert _count(app) == 0


def test_confirming_sends_exactly_the_previewed_guests(app, client, smtp, dinner_id):
    csv = b"email,name\ncara@example.com,Cara\n"
    response = invite(client, dinner_id, "Ana <ana@example.com>", csv)
    assert response.status_code == 302
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == [
        "ana@example.com",
        "cara@example.com",
    ]


def test_errors_are_shown_per_line_with_the_input_kept_and_no_send_button(app, client, dinner_id):
    csv = b"name,email\nAna,ana@example.com\nBen,not-an-email\n"
    response = preview(client, dinner_id, "Zoe <zoe@example.com>\nbroken line", csv)
    assert response.status_code == 422
    page = response.text
    assert "Nothing will be sent until these lines are fixed" in page
    assert "Pasted line 2:" in page and "CSV line 3:" in page
    assert "Zoe &lt;zoe@example.com&gt;\nbroken line" in page
    assert "Ben,not-an-email" in page  # the uploaded file is kept, editable
    assert 'name="send"' not in page
    assert _count(app) == 0


def test_a_fixed_csv_text_is_read_again_without_uploading(app, client, smtp, dinner_id):
    first = preview(client, dinner_id, csv=b"name,email\nBen,not-an-email\n")
    kept = textarea(first.text, "csv_text")
    assert kept == "name,email\nBen,not-an-email\n"
    second = preview(client, dinner_id, csv_text=kept.replace("not-an-email", "ben@example.com"))
    assert second.status_code == 200
    assert send(client, dinner_id, second.text).status_code == 302
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == ["ben@example.com"]


def test_a_list_changed_after_the_preview_is_previewed_again_not_sent(app, client, dinner_id):
    page = preview(client, dinner_id, "Ana <ana@example.com>").text
    response = send(client, dinner_id, page, pasted="Ana <ana@example.com>\nEve <eve@example.org>")
    assert response.status_code == 200
    assert "The list changed since the preview, so nothing was sent" in response.text
    assert _count(app) == 0


def test_a_forged_send_without_a_preview_sends_nothing(app, client, dinner_id):
    response = client.post(
        f"/dinners/{dinner_id}/invite",
        data={"pasted": "Ana <ana@example.com>", "send": "Send", "digest": "0" * 64},
    )
    assert response.status_code == 200
    assert _count(app) == 0


def test_guests_already_invited_are_skipped_with_a_note(app, client, smtp, dinner_id):
    invite(client, dinner_id, "Ana <ana@example.com>")
    page = preview(client, dinner_id, "Ana <ANA@example.com>\nZoe <zoe@example.com>").text
    assert "ana@example.com is already invited to this dinner; line skipped" in page
    assert "<strong>1</strong> new guest(s)" in page
    send(client, dinner_id, page)
    assert len(smtp.to("ana@example.com")) == 1 and len(smtp.to("zoe@example.com")) == 1


def test_more_than_the_maximum_is_refused_as_a_whole(app, client, dinner_id):
    lines = "\n".join(f"guest{n}@example.com" for n in range(MAX_GUESTS + 1))
    response = preview(client, dinner_id, lines)
    assert response.status_code == 422
    assert f"one import takes at most {MAX_GUESTS:,}" in response.text


def test_no_invitations_once_the_rsvp_deadline_has_passed(
    app, client, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    soon = datetime.now() + timedelta(days=2)
    dinner_id = make_dinner(
        organiser, starts_at_local=soon, rsvp_deadline_local=datetime.now() - timedelta(days=1)
    )
    login(organiser)
    response = preview(client, dinner_id, "Ana <ana@example.com>")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "The RSVP deadline has passed: move it later to invite more guests." in page
    listed = client.get(f"/dinners/{dinner_id}/guests").text
    assert 'id="invite-reason"' in listed and 'id="invite-form"' not in listed
    assert _count(app) == 0


# --- Large imports: a background job ------------------------------------------------------------

LARGE = max(IMPORT_IN_BACKGROUND_ABOVE, imports.BATCH) + 100  # two batches at least


def _guest_lines(count: int) -> str:
    return "\n".join(f"Guest {n} <guest{n}@example.com>" for n in range(count))


def _jobs(app) -> list[GuestImportJob]:
    with app.app_context():
        query = db.select(GuestImportJob).order_by(GuestImportJob.id)
        jobs = db.session.scalars(query.options(undefer(GuestImportJob.guests))).all()
        db.session.expunge_all()
        return list(jobs)


def _invitation_mail(app) -> dict[str, int]:
    """Return each invited address with the number of invitation emails queued to it."""
    with app.app_context():
        rows = db.session.execute(
            db.select(Invitation.email, db.func.count(OutboxMessage.id))
            .outerjoin(OutboxMessage, OutboxMessage.invitation_id == Invitation.id)
            .where(db.or_(OutboxMessage.kind == Kind.INVITATION, OutboxMessage.id.is_(None)))
            .group_by(Invitation.email)
        )
        return dict(rows.all())


def test_a_large_import_is_sent_by_a_background_job(big_import, app, client, login):
    organiser, dinner_id = big_import
    login(organiser)
    page = preview(client, dinner_id, _guest_lines(LARGE)).text
    assert f"{LARGE:,} invitations will be sent in the background" in page
    response = send(client, dinner_id, page)
    (job,) = _jobs(app)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dinners/{dinner_id}/imports/{job.id}")
    done = client.get(response.headers["Location"])
    assert done.status_code == 200 and f"Invited {LARGE:,} guest(s)." in done.text
    assert "Already on the list" not in done.text
    assert (job.status, job.done, job.invited, job.guests) == ("done", LARGE, LARGE, [])
    assert job.running_dinner_id is None
    assert _invitation_mail(app) == {f"guest{n}@example.com": 1 for n in range(LARGE)}


def test_a_list_at_the_threshold_is_sent_in_the_request(big_import, app, client, login):
    organiser, dinner_id = big_import
    login(organiser)
    page = preview(client, dinner_id, _guest_lines(IMPORT_IN_BACKGROUND_ABOVE)).text
    assert "in the background" not in page
    response = send(client, dinner_id, page, follow_redirects=True)
    assert f"Invited {IMPORT_IN_BACKGROUND_ABOVE:,} guest(s)." in response.text
    assert _jobs(app) == []
    assert set(_invitation_mail(app).values()) == {1}
    assert len(_invitation_mail(app)) == IMPORT_IN_BACKGROUND_ABOVE


def test_a_second_confirm_while_the_import_runs_shows_the_running_one(big_import, app, monkeypatch):
    organiser, dinner_id = big_import
    gate, real = threading.Event(), imports.invite_guests
    monkeypatch.setattr(imports, "invite_guests", lambda *args: gate.wait(10) and real(*args))
    browser = plain_client(app, organiser)  # sees the job running, as a browser would
    page = preview(browser, dinner_id, _guest_lines(LARGE)).text
    first = send(browser, dinner_id, page)
    assert first.status_code == 302
    running = browser.get(first.headers["Location"]).text
    assert f"Inviting {LARGE:,} guests" in running and f"0 of {LARGE:,} done" in running
    assert 'http-equiv="refresh"' in running  # works without JavaScript
    assert "You can leave this page" in running
    again = preview(browser, dinner_id, _guest_lines(LARGE)).text
    assert f"An import of {LARGE:,} guests is being sent" in again
    second = send(browser, dinner_id, again)
    assert second.headers["Location"] == first.headers["Location"]
    shown = browser.get(second.headers["Location"]).text
    assert "An import for this dinner is already running" in shown
    assert len(_jobs(app)) == 1
    gate.set()
    app.test_client().settle()
    (job,) = _jobs(app)
    status = browser.get(f"/dinners/{dinner_id}/imports/{job.id}/status").get_json()
    assert (status["status"], status["progress"], status["done"]) == ("done", 1.0, LARGE)
    assert len(_invitation_mail(app)) == LARGE


def test_an_import_that_fails_shows_the_error_and_how_far_it_got(
    big_import, app, client, login, monkeypatch
):
    organiser, dinner_id = big_import
    login(organiser)
    calls, real = [], imports.invite_guests

    def second_batch_breaks(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args)

    monkeypatch.setattr(imports, "invite_guests", second_batch_breaks)
    page = preview(client, dinner_id, _guest_lines(LARGE)).text
    shown = send(client, dinner_id, page, follow_redirects=True)
    assert shown.status_code == 200
    batch = imports.BATCH
    assert f"The import stopped after {batch:,} of {LARGE:,} guests" in shown.text
    (job,) = _jobs(app)
    assert (job.status, job.running_dinner_id, job.guests) == ("failed", None, [])
    assert len(_invitation_mail(app)) == batch  # the first batch was committed
    again = preview(client, dinner_id, _guest_lines(LARGE)).text
    assert f"<strong>{LARGE - batch}</strong> new guest(s)" in again


def test_an_import_whose_worker_died_says_how_far_it_got_and_frees_the_dinner(big_import, app):
    organiser, dinner_id = big_import
    long_ago = utcnow() - timedelta(hours=2)
    with app.app_context():
        job = GuestImportJob(
            dinner_id=dinner_id, running_dinner_id=dinner_id, status="running", total=LARGE,
            done=imports.BATCH, guests=[{"name": "A", "email": "a@example.com"}],
            created_at=long_ago, started_at=long_ago,
        )  # fmt: skip
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    browser = plain_client(app, organiser)
    status = browser.get(f"/dinners/{dinner_id}/imports/{job_id}/status").get_json()
    assert status["status"] == "failed"  # the polling page stops and reloads
    page = browser.get(f"/dinners/{dinner_id}/imports/{job_id}").text
    assert f"The import stopped after {imports.BATCH:,} of {LARGE:,} guests" in page
    assert 'http-equiv="refresh"' not in page
    (job,) = _jobs(app)
    assert (job.status, job.running_dinner_id, job.guests) == ("failed", None, [])
    assert "is being sent" not in preview(browser, dinner_id, _guest_lines(LARGE)).text


def test_another_organiser_cannot_see_the_import(big_import, app, make_organiser, make_dinner):
    owner, dinner_id = big_import
    with app.app_context():
        job = GuestImportJob(dinner_id=dinner_id, total=3, status="done", invited=3)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    assert plain_client(app, owner).get(f"/dinners/{dinner_id}/imports/{job_id}").status_code == 200
    other = make_organiser()
    stranger, own_dinner = plain_client(app, other), make_dinner(other)
    for dinner in (dinner_id, own_dinner):
        assert stranger.get(f"/dinners/{dinner}/imports/{job_id}").status_code == 404
        assert stranger.get(f"/dinners/{dinner}/imports/{job_id}/status").status_code == 404


def test_with_redis_a_separate_worker_process_runs_the_import(big_import, app_config, redis_queue):
    from planner import create_app

    app_config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=redis_queue)
    app = create_app(app_config)
    organiser, dinner_id = big_import
    browser = plain_client(app, organiser)
    sent = send(browser, dinner_id, preview(browser, dinner_id, _guest_lines(LARGE)).text)
    assert sent.status_code == 302
    (waiting,) = _jobs(app)
    assert waiting.status == "queued"  # the web process ran nothing
    assert "no background worker is running" in browser.get(sent.headers["Location"]).text
    worker = run_jobs_worker(app_config["SQLALCHEMY_DATABASE_URI"], redis_queue)
    assert worker.returncode == 0, worker.stderr
    (job,) = _jobs(app)
    assert (job.status, job.invited) == ("done", LARGE), job.error
    assert len(_invitation_mail(app)) == LARGE
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def background_from_three(app_config):
    """Lists of three guests or more go to the background (use before `app`)."""
    app_config.update(IMPORT_IN_BACKGROUND_ABOVE=2, RATELIMIT_INVITATIONS="2/day")


def test_the_quota_is_checked_before_an_import_job_is_created(
    background_from_three, app, client, make_organiser, make_dinner, login
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    page = preview(client, dinner_id, _guest_lines(3)).text
    assert "3 invitations will be sent in the background" in page
    refused = send(client, dinner_id, page)
    assert refused.status_code == 200
    assert "You can send 2 more invitations today (you asked for 3)." in refused.text
    assert _jobs(app) == [] and _count(app) == 0


def test_an_unverified_organiser_gets_no_import_job(
    background_from_three, app, client, make_organiser, make_dinner, login
):
    organiser = make_organiser(verified=False)
    dinner_id = make_dinner(organiser)
    login(organiser)
    refused = send(client, dinner_id, preview(client, dinner_id, _guest_lines(3)).text)
    assert refused.status_code == 200
    assert "Confirm your email address before invitations go out" in refused.text
    assert _jobs(app) == [] and _count(app) == 0


@pytest.fixture
def background_from_three_of_five(app_config):
    """Lists of three or more go to the background, five a day (use before `app`)."""
    app_config.update(
        IMPORT_IN_BACKGROUND_ABOVE=2, RATELIMIT_INVITATIONS="5/day", MAIL_DELIVERY="worker"
    )


def test_a_press_that_loses_the_race_to_start_an_import_uses_no_quota(
    background_from_three_of_five, app, make_organiser, make_dinner, monkeypatch
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    browser = plain_client(app, organiser)
    page = preview(browser, dinner_id, _guest_lines(3)).text
    with app.app_context():  # the other press's job, committed a moment before this one's
        earlier = GuestImportJob(dinner_id=dinner_id, running_dinner_id=dinner_id, total=3)
        db.session.add(earlier)
        db.session.commit()
        earlier_id = earlier.id
    # Neither check saw it yet: only the unique running_dinner_id stops the second job.
    monkeypatch.setattr(guest_routes, "running_import", lambda dinner_id: None)
    monkeypatch.setattr(imports, "running_import", lambda dinner_id: None)
    shown = send(browser, dinner_id, page)
    assert shown.headers["Location"].endswith(f"/imports/{earlier_id}")
    assert [job.id for job in _jobs(app)] == [earlier_id]
    with app.test_request_context():
        assert limits.invitations_left(organiser.id) == 5
