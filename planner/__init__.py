"""Tablewise: small-group networking dinners, seated for referrals, followed up for real.

Nothing is imported at package level, so `planner.matching` loads without Flask or SQLAlchemy
installed: the app is built by `create_app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Tablewise Flask app."""
    from flask import Flask

    from planner.config import load_config
    from planner.extensions import db
    from planner.webext import csrf, login_manager, migrate

    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    if test_config and test_config.get("TESTING"):
        app.testing = True
    load_config(app, test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from planner import cli, models, security, web  # noqa: F401  (models registers mappers)

    web.register(app)
    cli.register(app)
    security.init_app(app)
    if not app.testing:
        _freeze_startup_objects()
    return app


def _freeze_startup_objects() -> None:
    """Keep the objects made at start-up out of the cyclic garbage collector's passes.

    Modules, mappers and libraries are ~300,000 objects that live as long as the process; every
    full collection walked them all, holding the GIL, so each one stalled all threads of a web
    worker for 150-250 ms (the tail of the dinner page's latency under load).
    """
    import gc

    gc.collect()  # garbage made while starting is freed, not frozen
    gc.freeze()
