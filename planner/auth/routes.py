"""Organiser accounts: sign up, log in, log out."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from planner.auth import bp
from planner.auth.forms import LoginForm, RegisterForm
from planner.extensions import db
from planner.services.accounts import EmailTaken, authenticate, register_organiser


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            organiser = register_organiser(form.name.data, form.email.data, form.password.data)
        except EmailTaken:
            form.email.errors.append("An account with this email exists. Log in instead?")
        else:
            db.session.commit()
            login_user(organiser)
            flash(f"Welcome, {organiser.name}. Create your first dinner.", "success")
            return redirect(url_for("organiser.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("organiser.index"))
    form = LoginForm()
    if form.validate_on_submit():
        organiser = authenticate(form.email.data, form.password.data)
        if organiser is None:
            form.password.errors.append("That email and password do not match.")
        else:
            login_user(organiser, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would turn our login into a phishing aid.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("organiser.index")
