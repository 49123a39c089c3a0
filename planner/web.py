"""Wire blueprints, error pages, template helpers and background mail into the app."""

from flask import Flask, render_template
from werkzeug.exceptions import NotFound as HttpNotFound

from planner import background, jobs, read_only
from planner.context import SETTINGS
from planner.errors import LinkNotUsable, NotFound
from planner.extensions import db
from planner.lifecycle.reach import IntroductionLimit
from planner.lifecycle.tokens import TokenLifetimes, configure_lifetimes
from planner.settings import Settings
from planner.stencils import FieldStencils


def register(app: Flask) -> None:
    """Attach the web layer to the app."""
    # Importing a routes module attaches its views to the blueprint of its package.
    from planner.actions import bp as actions_bp
    from planner.actions import intro_routes  # noqa: F401
    from planner.actions import routes as _actions_routes  # noqa: F401
    from planner.auth import bp as auth_bp
    from planner.auth import routes as _auth_routes  # noqa: F401
    from planner.organiser import bp as organiser_bp
    from planner.organiser import (  # noqa: F401
        follow_up_routes,
        guest_routes,
        import_routes,
        lifecycle_routes,
        report_routes,
        room_routes,
        rules_routes,
        screening_routes,
    )
    from planner.organiser import routes as _organiser_routes  # noqa: F401
    from planner.organiser import seating_routes as _seating_routes  # noqa: F401
    from planner.rsvp import bp as rsvp_bp
    from planner.rsvp import data_routes as _rsvp_data_routes  # noqa: F401
    from planner.rsvp import routes as _rsvp_routes  # noqa: F401

    app.extensions[SETTINGS] = Settings.from_config(app.config)
    configure_lifetimes(
        TokenLifetimes(
            app.config["RSVP_LINK_DAYS"],
            app.config["ACTION_LINK_DAYS"],
            app.config["UNSUBSCRIBE_LINK_DAYS"],
        )
    )
    app.register_blueprint(actions_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(organiser_bp)
    app.register_blueprint(rsvp_bp)
    read_only.init_app(app)
    _register_error_pages(app)
    _register_template_filters(app)
    background.init_app(app)
    jobs.init_app(app)


def _register_error_pages(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _error_page)

    @app.errorhandler(LinkNotUsable)
    def link_not_usable(error):
        # A guest's dead end: say what happened and who can help, never a developer's 404.
        # A link we issued that stopped working is Gone (410); one we never issued, 404.
        code = 410 if error.organiser_email else 404
        return render_template("error.html", code=code, link=error), code

    @app.errorhandler(NotFound)
    def not_found(error):
        # A service said "no such thing (for you)": the same page as any unknown URL.
        return _error_page(HttpNotFound())

    @app.errorhandler(IntroductionLimit)
    def introduction_limit(error):
        return render_template("actions/limit.html", limit=error.limit), 429

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return render_template("error.html", code=500, description="Something went wrong."), 500


def _error_page(error):
    return render_template("error.html", code=error.code, description=error.description), error.code


def _register_template_filters(app: Flask) -> None:
    from planner.mail.render import local_time

    app.add_template_filter(local_time, "local")

    def field_macro():
        return app.jinja_env.get_template("_macros.html").module.field

    # The RSVP page's fields, from markup compiled once (planner/stencils.py).
    app.add_template_global(FieldStencils(field_macro), "field_stencil")

    @app.template_filter("industry")
    def industry_label(key: str) -> str:
        from planner.matching import default_taxonomy

        taxonomy = default_taxonomy()
        return taxonomy.specialty(key).label if key in taxonomy else key
