"""Login, logout and password change: Flask-Login, CSRF-protected forms, and a hardened login.

Hardening (DESIGN.md §5, the agency-heads issue): a rate limit per client address, an account lock
after repeated failures, one message for every failure (no way to learn which usernames exist, even
by timing), a fresh session on login, local-only redirects, and a forced password change after the
clerk sets or resets a password.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import case, select, update
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired

import audit
from extensions import db, limiter, login_manager
from models import User, utcnow
from passwords import password_problems

bp = Blueprint("auth", __name__)


LOGIN_FAILED = _l("Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara.")


def register_login(app: Flask) -> None:
    """Flask-Login for `app`: where to log in, how strictly a session is bound, how a user is loaded."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    # "strong": a session cookie replayed from another address or browser is logged out.
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.register_blueprint(bp)


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


class ChangePasswordForm(FlaskForm):
    """The current password, and the new one twice."""

    current_password = PasswordField(
        _l("Kata sandi saat ini"), validators=[InputRequired(_l("Wajib diisi."))]
    )
    new_password = PasswordField(_l("Kata sandi baru"), validators=[InputRequired(_l("Wajib diisi."))])
    confirm_password = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            InputRequired(_l("Wajib diisi.")),
            EqualTo("new_password", _l("Kedua kata sandi baru tidak sama.")),
        ],
    )


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


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)


def verify_login(username: str, password: str) -> User | None:
    """The user if the login may proceed; counts failures and locks the account after too many.

    An unknown username costs the same hash check as a known one, so timing tells nothing. The
    counters change in one UPDATE each, computed by the database: simultaneous attempts each count
    once and never collide with each other (or with a clerk editing the account).
    """
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        return None
    if user.active and user.check_password(password):
        _update_user(user.id, failed_logins=0, locked_until=None, last_login_at=now)
        return user
    _count_failure(user.id, now)
    return None


def _update_user(user_id: int, *ordered_values: Any, **values: Any) -> None:
    """Set login bookkeeping with a plain UPDATE: no version check, since no form edits these fields."""
    statement = update(User).where(User.id == user_id).execution_options(synchronize_session=False)
    statement = statement.ordered_values(*ordered_values) if ordered_values else statement.values(**values)
    db.session.execute(statement)


def _count_failure(user_id: int, now: Any) -> None:
    """One more failure; at the limit, lock the account and start counting again.

    `locked_until` comes first: MariaDB evaluates SET left to right, so it must read the old count.
    """
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    reaches_limit = User.failed_logins + 1 >= limit
    lock_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    _update_user(
        user_id,
        (User.locked_until, case((reaches_limit, lock_until), else_=User.locked_until)),
        (User.failed_logins, case((reaches_limit, 0), else_=User.failed_logins + 1)),
    )


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _rate_limited_message() -> str:
    return gettext("Terlalu banyak percobaan masuk dari alamat ini. Coba lagi sebentar lagi.")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], error_message=_rate_limited_message)
def login():
    """Show the login form; on success start a fresh session and go where the user was going."""
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        user = verify_login(username, form.password.data)
        if user is not None:
            audit.record_with(
                db.session,
                "login",
                object_type="User",
                object_id=user.id,
                summary=user.username,
                username=user.username,
                user_id=user.id,
            )
        else:
            audit.record_with(db.session, "login_failed", summary=username[:60], username=username[:60])
        db.session.commit()
        if user is not None:
            target = safe_next(request.args.get("next"))
            # A new session on login: nothing an attacker planted in the old one survives.
            session.clear()
            login_user(user, remember=False)
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(target or url_for("admin.index"))
        flash(str(LOGIN_FAILED), "error")
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/change-password", methods=["GET", "POST"])
@login_required
def change_password():
    """Let the user choose a new password; required after the clerk set or reset it."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problems = password_problems(form.new_password.data, current_user.username)
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors = [gettext("Kata sandi saat ini salah.")]
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors = [gettext("Kata sandi baru harus berbeda dari yang lama.")]
        elif problems:
            form.new_password.errors = [str(problem) for problem in problems]
        else:
            current_user.set_password(form.new_password.data)
            current_user.must_change_password = False
            db.session.commit()
            flash(gettext("Kata sandi sudah diganti."), "success")
            return redirect(url_for("admin.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/change_password.html", form=form), status


@bp.route("/logout", methods=["GET"])
def logout_page():
    """A link or a typed address to /logout gets the logout button (logging out itself is a POST)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session (POST with CSRF, so no link or image can log a user out)."""
    audit.record("logout", object_type="User", object_id=current_user.id, summary=current_user.username)
    logout_user()
    session.clear()
    flash(gettext("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))
