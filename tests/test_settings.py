"""Every setting of config.py can be given in the environment, read as the type of its default."""

from __future__ import annotations

import pytest

from config import DEFAULTS, NOT_FROM_ENVIRONMENT, SettingError, load_settings


def settings_with(monkeypatch, tmp_path, **environment: str) -> dict:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return load_settings(str(tmp_path), None)


def test_numbers_yes_no_and_text_are_read_as_their_defaults_are(monkeypatch, tmp_path):
    settings = settings_with(
        monkeypatch,
        tmp_path,
        LOGIN_MAX_FAILURES="3",
        LOGIN_LOCK_MINUTES="30",
        LOGIN_RATE_LIMIT="5 per minute",
        RATELIMIT_ENABLED="tidak",
        SESSION_COOKIE_SECURE="ya",
        EXPORT_MAX_ROWS="1000",
        OFFICE_CONTACT="Sri, operator Bapas, 0272-321000",
        PROXY_COUNT="1",
        CHILD_SERVICE_DAILY_HOURS="2",
        WTF_CSRF_TIME_LIMIT="",
    )
    assert {
        name: settings[name]
        for name in (
            "LOGIN_MAX_FAILURES",
            "LOGIN_LOCK_MINUTES",
            "LOGIN_RATE_LIMIT",
            "RATELIMIT_ENABLED",
            "SESSION_COOKIE_SECURE",
            "EXPORT_MAX_ROWS",
            "OFFICE_CONTACT",
            "PROXY_COUNT",
            "CHILD_SERVICE_DAILY_HOURS",
            "WTF_CSRF_TIME_LIMIT",
        )
    } == {
        "LOGIN_MAX_FAILURES": 3,
        "LOGIN_LOCK_MINUTES": 30,
        "LOGIN_RATE_LIMIT": "5 per minute",
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": True,
        "EXPORT_MAX_ROWS": 1000,
        "OFFICE_CONTACT": "Sri, operator Bapas, 0272-321000",
        "PROXY_COUNT": 1,
        "CHILD_SERVICE_DAILY_HOURS": 2,
        "WTF_CSRF_TIME_LIMIT": None,
    }


def test_every_setting_but_the_internal_ones_is_read_from_the_environment(monkeypatch, tmp_path):
    """A new setting added to DEFAULTS is read from the environment without more code."""
    samples = {bool: "1", int: "7", str: "teks", type(None): "7"}
    environment = {
        name: samples[type(default)] for name, default in DEFAULTS.items() if name not in NOT_FROM_ENVIRONMENT
    }
    settings = settings_with(monkeypatch, tmp_path, **environment)
    for name, text in environment.items():
        assert str(settings[name]).lower() in (text, "true"), name


@pytest.mark.parametrize(
    ("name", "value", "message"),
    (
        ("LOGIN_MAX_FAILURES", "lima", "Setelan LOGIN_MAX_FAILURES harus bilangan bulat, bukan 'lima'."),
        (
            "RATELIMIT_ENABLED",
            "mungkin",
            "Setelan RATELIMIT_ENABLED harus ya atau tidak (1/0), bukan 'mungkin'.",
        ),
        (
            "CHILD_SERVICE_DAILY_HOURS",
            "2,5",
            "Setelan CHILD_SERVICE_DAILY_HOURS harus bilangan bulat, bukan '2,5'.",
        ),
    ),
)
def test_a_setting_that_cannot_be_read_stops_the_start_naming_it(monkeypatch, tmp_path, name, value, message):
    with pytest.raises(SettingError) as refused:
        settings_with(monkeypatch, tmp_path, **{name: value})
    assert str(refused.value) == message


def test_the_readme_lists_every_setting():
    """The configuration table of the README names every setting an office can change."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    missing = [
        name
        for name in DEFAULTS
        if name not in NOT_FROM_ENVIRONMENT and not any(f"`{name}`" in row for row in rows)
    ]
    assert missing == []
