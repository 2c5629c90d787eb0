"""Login and logout for the clerk (and, later, agency heads): Flask-Login with a CSRF-protected form."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from extensions import db, login_manager
from models import User, utcnow

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Hook for Flask-Login: the session's user, only while the account is active."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


class LoginForm(FlaskForm):
    """Username and password; FlaskForm adds the CSRF token."""

    username = StringField(_l("Nama pengguna"), validators=[InputRequired(_l("Wajib diisi."))])
    password = PasswordField(_l("Kata sandi"), validators=[InputRequired(_l("Wajib diisi."))])


def safe_next(target: str | None) -> str | None:
    """Only a local path may follow the login ("/admin/..."), never another host or '//evil'."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on success start a fresh session and go where the user was going."""
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user is not None and user.active and user.check_password(form.password.data):
            target = safe_next(request.args.get("next"))
            session.clear()
            login_user(user, remember=False)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(target or url_for("admin.index"))
        # One message whatever went wrong, so the form does not reveal which usernames exist.
        flash(gettext("Nama pengguna atau kata sandi salah."), "error")
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session (POST with CSRF, so no link or image can log a user out)."""
    logout_user()
    session.clear()
    flash(gettext("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))
