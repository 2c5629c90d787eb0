"""A per-user allowance for the heavy reads: printing a PDF and exporting a list.

A PDF costs a second or two of the office PC's processor and an export reads up to EXPORT_MAX_ROWS
rows, so one account (or one stolen session) repeating them could slow the app for everyone.
`DOCUMENT_RATE_LIMIT` (e.g. "20 per minute") counts them per user, not per address: the heads of
several agencies may sit behind one office router, and one of them printing must not use up the
others' allowance. The count lives in the login rate limit's store (extensions.limiter).
"""

from __future__ import annotations

import time

from flask import Flask, abort, current_app
from flask_babel import gettext
from flask_login import current_user
from limits import parse

from config import SettingError
from extensions import limiter

SCOPE = "documents"


def check_document_rate_limit(app: Flask) -> None:
    """Read DOCUMENT_RATE_LIMIT at start: a value `limits` cannot read stops the start, naming it."""
    setting = app.config["DOCUMENT_RATE_LIMIT"]
    try:
        parse(setting)
    except ValueError as error:
        raise SettingError(
            f"Setelan DOCUMENT_RATE_LIMIT harus seperti '20 per minute', bukan {setting!r}."
        ) from error


def spend_document_allowance() -> None:
    """Count one print or export for the logged-in user; over the limit, answer 429 in Indonesian.

    Called before the work starts, so a refused request costs nothing. Off with RATELIMIT_ENABLED=0,
    like the login limit.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True) or not current_user.is_authenticated:
        return
    rate = parse(current_app.config["DOCUMENT_RATE_LIMIT"])
    user = str(current_user.get_id())
    if limiter.limiter.hit(rate, SCOPE, user):
        return
    reset_at = limiter.limiter.get_window_stats(rate, SCOPE, user).reset_time
    seconds = max(1, int(reset_at - time.time()) + 1)
    abort(
        429,
        description=gettext(
            "Batas cetak dan ekspor untuk akun Anda tercapai (%(limit)s). Coba lagi dalam %(seconds)s detik.",
            limit=limit_in_words(current_app.config["DOCUMENT_RATE_LIMIT"]),
            seconds=seconds,
        ),
    )


UNITS_IN_WORDS = {"second": "detik", "minute": "menit", "hour": "jam", "day": "hari"}


def limit_in_words(setting: str) -> str:
    """'20 per minute' → '20 per menit', for the message; the setting itself stays in limits' syntax."""
    words = setting
    for english, indonesian in UNITS_IN_WORDS.items():
        words = words.replace(english + "s", indonesian).replace(english, indonesian)
    return words
