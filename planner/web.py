"""Wire blueprints, error pages, template helpers and post-commit mail delivery into the app."""

from flask import Flask, g, render_template

from planner.extensions import db, login_manager
from planner.models import Organiser


def register(app: Flask) -> None:
    """Attach the web layer to the app."""
    from planner.actions.routes import bp as actions_bp
    from planner.auth.routes import bp as auth_bp
    from planner.organiser.routes import bp as organiser_bp
    from planner.rsvp.routes import bp as rsvp_bp

    app.register_blueprint(actions_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(organiser_bp)
    app.register_blueprint(rsvp_bp)
    _register_error_pages(app)
    _register_template_filters(app)
    app.after_request(_deliver_mail_queued_by_request)


@login_manager.user_loader
def _load_organiser(organiser_id: str) -> Organiser | None:
    return db.session.get(Organiser, int(organiser_id))


def _register_error_pages(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _error_page)

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return render_template("error.html", code=500, description="Something went wrong."), 500


def _error_page(error):
    return render_template("error.html", code=error.code, description=error.description), error.code


def _register_template_filters(app: Flask) -> None:
    @app.template_filter("local")
    def local_time(moment, dinner, fmt="%a %d %b %Y, %H:%M %Z"):
        return dinner.local(moment).strftime(fmt) if moment else ""

    @app.template_filter("industry")
    def industry_label(key: str) -> str:
        from planner.matching import default_taxonomy

        taxonomy = default_taxonomy()
        return taxonomy.specialty(key).label if key in taxonomy else key


def _deliver_mail_queued_by_request(response):
    # Runs after the view committed: mail queued in that transaction goes out now, and
    # whatever cannot be sent stays queued for `flask mail worker` to retry.
    from flask import current_app

    from planner.mail.sender import deliver_due

    if g.pop("mail_queued", False) and current_app.config["MAIL_DELIVERY"] == "inline":
        db.session.rollback()  # never send mail queued by a transaction that did not commit
        deliver_due()
    return response
