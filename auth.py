"""Login, logout and password change: Flask-Login, CSRF-protected forms, and a hardened login.

Hardening (DESIGN.md §5, the agency-heads issue): a rate limit per client address; after repeated
wrong passwords for one account from one address, a growing delay for that account from that address
only (so nobody can lock the clerk out from elsewhere); one message for every failure and one password
hash for every attempt whatever the account's state (no way to learn which usernames exist, even by
timing); a fresh session on login, ended by an idle timeout; a session epoch per user, so that a
logout, a new password, a deactivation or a clerk's reset ends every session of that user; local-only
redirects; and a forced password change after the clerk sets or resets a password.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
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
from flask_login import current_user, login_required, login_url, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import mysql, postgresql, sqlite
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired

import audit
from extensions import db, limiter, login_manager
from models import LoginThrottle, User, utcnow
from passwords import password_problems

bp = Blueprint("auth", __name__)


LOGIN_FAILED = _l("Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara.")
SESSION_ENDED = (
    "Sesi ini sudah berakhir: Anda keluar atau mengganti kata sandi di komputer lain, atau operator "
    "mengubah akun Anda. Silakan masuk lagi."
)
# Keys of the Flask session: the user's session epoch at login, and the time of the last request.
EPOCH_KEY = "_epoch"
SEEN_KEY = "_seen"


def register_login(app: Flask) -> None:
    """Flask-Login for `app`: where to log in, how strictly a session is bound, how a user is loaded."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    # "strong": a session cookie replayed from another address or browser is logged out.
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    # The signed cookie itself is refused a day after the idle limit at the latest (Flask's default is
    # 31 days); within that day the idle check below names the reason on the login page.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=app.config["IDLE_TIMEOUT_MINUTES"], days=1)
    app.before_request(end_idle_session)
    app.register_blueprint(bp)


def load_user(user_id: str) -> User | None:
    """Hook for Flask-Login: the session's user, while the account is active and the session current.

    A session started before the user's last logout, password change, deactivation or reset carries
    an older epoch than the account: it is refused, wherever the cookie was copied to.
    """
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or session.get(EPOCH_KEY) != user.session_epoch:
        # Say why on the login page the browser is sent to: the user did nothing wrong here. The
        # stale identity is dropped, so the message is shown once.
        session.clear()
        flash(gettext(SESSION_ENDED), "info")
        return None
    return user


def now_seconds() -> float:
    """The clock of the idle timeout (tests move it)."""
    return time.time()


def end_idle_session() -> Any:
    """Before every request: a logged-in session unused for IDLE_TIMEOUT_MINUTES is ended.

    Otherwise the time of this request is kept in the (signed) session. Static files do not count.
    """
    if "_user_id" not in session or (request.endpoint or "").rpartition(".")[2] == "static":
        return None
    now = now_seconds()
    seen = session.get(SEEN_KEY)
    if isinstance(seen, (int, float)) and now - seen <= current_app.config["IDLE_TIMEOUT_MINUTES"] * 60:
        session[SEEN_KEY] = int(now)
        return None
    logout_user()
    session.clear()
    flash(gettext("Sesi berakhir karena lama tidak dipakai. Silakan masuk lagi."), "info")
    if request.method == "GET" and request.endpoint not in ("auth.login", "auth.logout_page"):
        return redirect(login_url("auth.login", request.url))
    return redirect(url_for("auth.login"))


def start_session(user: User) -> None:
    """A new session for `user`: nothing an attacker planted in the old one survives."""
    session.clear()
    login_user(user, remember=False)
    # Not permanent: the cookie ends with the browser, and the idle timeout ends it before that.
    session.permanent = False
    session[EPOCH_KEY] = user.session_epoch
    session[SEEN_KEY] = int(now_seconds())


def end_every_session(user_id: int) -> None:
    """Move the user's session epoch on: every session started before now is refused from now on.

    A plain UPDATE computed by the database, so it never collides with a form's version check and
    two at once both count.
    """
    _update_user(user_id, session_epoch=User.session_epoch + 1)


def keep_this_session(user_id: int) -> None:
    """After `end_every_session` for the current user: this session carries the new epoch."""
    session[EPOCH_KEY] = db.session.scalar(select(User.session_epoch).where(User.id == user_id))


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


def client_address() -> str:
    """The client's address as the login throttle keys it (ProxyFix sets it behind a proxy)."""
    return (request.remote_addr or "-")[:45]


def verify_login(username: str, password: str) -> User | None:
    """The user if the login may proceed; counts failures per account and client address.

    Exactly one password hash is checked for every attempt, before anything else is decided: the
    account's own when it exists, a dummy one otherwise. An unknown, delayed or deactivated account
    thus costs the same work as a wrong password. The counters change in one statement each,
    computed by the database: simultaneous attempts each count once and never collide with each other
    (or with a clerk editing the account).
    """
    user = db.session.scalar(select(User).where(User.username == username))
    stored_hash = user.password_hash if user is not None else None
    method = current_app.config["PASSWORD_HASH_METHOD"]
    matches = check_password_hash(stored_hash or _dummy_hash(method), password) and bool(stored_hash)
    if user is None:
        return None
    now = utcnow()
    address = client_address()
    if _blocked(user.id, address, now):
        return None
    if not matches:
        _count_failure(user.id, address, now)
        return None
    if not user.active:
        return None
    db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.user_id == user.id, LoginThrottle.address == address)
    )
    _update_user(user.id, last_login_at=now)
    return user


def _blocked(user_id: int, address: str, now: datetime) -> bool:
    """True while this address must wait before trying this account again."""
    until = db.session.scalar(
        select(LoginThrottle.blocked_until).where(
            LoginThrottle.user_id == user_id, LoginThrottle.address == address
        )
    )
    return until is not None and until > now


def _update_user(user_id: int, *ordered_values: Any, **values: Any) -> None:
    """Set login bookkeeping with a plain UPDATE: no version check, since no form edits these fields."""
    statement = update(User).where(User.id == user_id).execution_options(synchronize_session=False)
    statement = statement.ordered_values(*ordered_values) if ordered_values else statement.values(**values)
    db.session.execute(statement)


def delay_minutes(excess: int) -> int:
    """The wait after the limit's failure (`excess` 0) and each one after: 1, 2, 4 ... minutes, capped."""
    cap = max(1, current_app.config["LOGIN_LOCK_MINUTES"])
    return cap if excess >= cap.bit_length() else min(2**excess, cap)


def _count_failure(user_id: int, address: str, now: datetime) -> None:
    """One more failure for this account from this address; from the limit on, a growing delay.

    One INSERT ... ON CONFLICT UPDATE (ON DUPLICATE KEY on MariaDB), computed by the database, so
    simultaneous failures each count. `blocked_until` comes first: MariaDB evaluates the assignments
    left to right, so it must read the old count. The delays are written out as a CASE of timestamps,
    which every backend compares alike.
    """
    limit = max(1, current_app.config["LOGIN_MAX_FAILURES"])
    cap = max(1, current_app.config["LOGIN_LOCK_MINUTES"])
    excess = LoginThrottle.failures + 1 - limit
    delays = [
        (excess == step, now + timedelta(minutes=delay_minutes(step))) for step in range(cap.bit_length())
    ]
    blocked_until = case(
        (excess < 0, LoginThrottle.blocked_until),
        *delays,
        else_=now + timedelta(minutes=cap),
    )
    first = {
        "user_id": user_id,
        "address": address,
        "failures": 1,
        "blocked_until": now + timedelta(minutes=1) if limit == 1 else None,
    }
    changes = [("blocked_until", blocked_until), ("failures", LoginThrottle.failures + 1)]
    dialect = db.session.get_bind().dialect.name
    if dialect in ("mysql", "mariadb"):
        statement = mysql.insert(LoginThrottle).values(first).on_duplicate_key_update(changes)
    else:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(LoginThrottle).values(first)
        statement = statement.on_conflict_do_update(
            index_elements=[LoginThrottle.user_id, LoginThrottle.address],
            set_=dict(changes),
        )
    db.session.execute(statement)


def clear_throttles(user_id: int) -> int:
    """Forget every address's failures and delay for this account; the number of addresses."""
    result = db.session.execute(
        delete(LoginThrottle)
        .where(LoginThrottle.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


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
            start_session(user)
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
            # Every other session of this user ends (a copy of the cookie, another PC); this one stays.
            end_every_session(current_user.id)
            keep_this_session(current_user.id)
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
    """End every session of this user (POST with CSRF, so no link or image can log a user out)."""
    audit.record("logout", object_type="User", object_id=current_user.id, summary=current_user.username)
    end_every_session(current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(gettext("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))
