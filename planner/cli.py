"""Command-line tools: `flask demo`, `flask mail send|worker`."""

import time

import click
from flask import Flask

from planner.extensions import db


def register(app: Flask) -> None:
    """Add Tablewise's commands to the `flask` CLI."""
    app.cli.add_command(demo_command)
    app.cli.add_command(mail_group)


@click.command("demo")
@click.option("--reset", is_flag=True, help="Drop the demo organiser's data first.")
def demo_command(reset: bool) -> None:
    """Load a demo dinner with 48 invitees (40 accepted) and print the login."""
    from planner.demo import load_demo

    login = load_demo(reset=reset)
    click.echo(f"Demo organiser: {login.email} / password: {login.password}")


@click.group("mail")
def mail_group() -> None:
    """Deliver queued mail."""


@mail_group.command("send")
def mail_send() -> None:
    """Send every due message once (for cron)."""
    from planner.mail.sender import deliver_due

    click.echo(f"sent {deliver_due()} message(s)")


@mail_group.command("worker")
@click.option("--interval", default=10.0, help="Seconds between polls.")
def mail_worker(interval: float) -> None:
    """Send due messages forever, polling every `interval` seconds."""
    from planner.mail.sender import deliver_due

    while True:
        sent = deliver_due()
        if sent:
            click.echo(f"sent {sent} message(s)")
        db.session.remove()
        time.sleep(interval)
