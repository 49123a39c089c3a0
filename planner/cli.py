"""Command-line tools: `flask demo`, `flask tick`, `flask mail send|worker`, `flask jobs worker`."""

import logging
import time

import click
from flask import Flask

from planner.extensions import db


def register(app: Flask) -> None:
    """Add Tablewise's commands to the `flask` CLI."""
    app.cli.add_command(demo_command)
    app.cli.add_command(mail_group)
    app.cli.add_command(tick_command)
    app.cli.add_command(jobs_group)


@click.command("demo")
@click.option("--reset", is_flag=True, help="Drop the demo organiser's data first.")
def demo_command(reset: bool) -> None:
    """Load a demo dinner with 48 invitees (40 accepted) and print the login."""
    from planner.context import settings
    from planner.demo import load_demo
    from solver.search import warm_up

    login = load_demo(settings(), reset=reset)
    click.echo(f"Demo organiser: {login.email} / password: {login.password}")
    # Compile the solver's kernels now (cached on disk) so the first "Seat tables" is quick.
    click.echo(f"Seating engine ready ({warm_up():.1f} s to warm up).")


@click.group("mail")
def mail_group() -> None:
    """Deliver queued mail."""


@mail_group.command("send")
def mail_send() -> None:
    """Send every due message once (for cron)."""
    from planner.context import settings
    from planner.mail.sender import deliver_due

    click.echo(f"sent {deliver_due(settings())} message(s)")


@click.command("tick")
def tick_command() -> None:
    """Queue lifecycle mail that is due and send due mail once (safe every minute from cron)."""
    _tick_once()


def _tick_once() -> int:
    from planner.context import settings
    from planner.lifecycle.scheduler import tick
    from planner.models._types import utcnow
    from planner.services.embeddings import refresh_stale_vectors

    result = tick(utcnow(), settings())
    refresh_stale_vectors()
    if result.queued or result.sent:
        click.echo(f"queued {result.queued}, sent {result.sent} message(s)")
    return result.sent


@mail_group.command("worker")
@click.option("--interval", default=10.0, help="Seconds between polls.")
def mail_worker(interval: float) -> None:
    """Schedule and send due messages forever, polling every `interval` seconds."""
    while True:
        try:
            _tick_once()
        except Exception:  # the worker outlives any one failure (a database blip, a bug)
            logging.getLogger(__name__).exception("mail worker: tick failed")
            db.session.rollback()
        db.session.remove()
        time.sleep(interval)


@click.group("jobs")
def jobs_group() -> None:
    """Run background jobs: seating solves and large guest imports (with REDIS_URL set)."""


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def jobs_worker(burst: bool) -> None:
    """Run seating and import jobs from the RQ queue on Redis in this process (warm kernels)."""
    from flask import current_app
    from rq import SimpleWorker

    from planner.jobs import rq_queue
    from solver.search import warm_up

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run inside the web process.")
    queue = rq_queue(current_app)
    click.echo(f"Seating engine ready ({warm_up():.1f} s to warm up); queue {queue.name}.")
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
