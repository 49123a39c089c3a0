"""Organiser accounts: sign up, verify the email address, log in, log out, delete."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from planner.auth import bp
from planner.auth.forms import DeleteAccountForm, LoginForm, RegisterForm
from planner.auth.verification import organiser_for_token, queue_verification_email
from planner.extensions import db
from planner.security import limits
from planner.security.redirects import safe_next
from planner.services.accounts import (
    EmailTaken,
    authenticate,
    delete_organiser,
    find_organiser,
    mark_verified,
    register_organiser,
)

CHECK_INBOX = (
    "Thanks. Check your inbox at {email}: we sent you a link to confirm the address, "
    "then log in here."
)


@bp.route("/register", methods=["GET", "POST"])
@limits.register_limit
@limits.register_email_limit
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        _register_or_remind(form.name.data, form.email.data, form.password.data)
        db.session.commit()
        # The same answer whether or not the address had an account: no enumeration.
        flash(CHECK_INBOX.format(email=form.email.data.strip()), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


def _register_or_remind(name: str, email: str, password: str) -> None:
    try:
        organiser = register_organiser(name, email, password)
    except EmailTaken:
        existing = find_organiser(email)
        if existing is not None:  # None only if a racing sign-up has not committed
            queue_verification_email(existing, already_registered=True)
    else:
        queue_verification_email(organiser)


@bp.get("/verify/<token>")
def verify(token: str):
    organiser = organiser_for_token(token)
    if organiser is None:
        flash("That confirmation link is invalid or has expired. Log in to get a new one.", "error")
    else:
        mark_verified(organiser)
        db.session.commit()
        flash("Your email address is confirmed. Invitations can go out now.", "success")
    if current_user.is_authenticated:
        return redirect(url_for("organiser.index"))
    return redirect(url_for("auth.login"))


@bp.post("/verify/resend")
@login_required
@limits.verify_resend_limit
def resend_verification():
    if current_user.email_verified:
        flash("Your email address is already confirmed.", "info")
    else:
        queue_verification_email(current_user)
        db.session.commit()
        flash(f"We sent a new confirmation link to {current_user.email}.", "info")
    return redirect(safe_next(request.form.get("next"), url_for("organiser.index")))


@bp.route("/login", methods=["GET", "POST"])
@limits.login_limit
@limits.login_email_limit
def login():
    home = url_for("organiser.index")
    if current_user.is_authenticated:
        return redirect(home)
    form = LoginForm()
    if form.validate_on_submit():
        organiser = authenticate(form.email.data, form.password.data)
        if organiser is None:
            form.password.errors.append("That email and password do not match.")
        else:
            login_user(organiser, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), home))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    # A copy of this session's cookie (or a remember-me cookie) stops working too.
    current_user.revoke_sessions()
    db.session.commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@limits.delete_account_limit
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            delete_organiser(current_user._get_current_object())
            db.session.commit()
            logout_user()
            flash("Your account, your dinners and everything stored with them are deleted.", "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/delete.html", form=form)
