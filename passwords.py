"""The password policy, shared by the CLI, the user screen and the password-change form."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10

# Passwords people pick first, in offices here and everywhere; compared case-insensitively.
# The length rule already refuses the shorter classics, so these are the long enough ones.
COMMON_PASSWORDS = frozenset(
    [
        "1234567890",
        "0123456789",
        "0987654321",
        "1111111111",
        "0000000000",
        "1234512345",
        "1122334455",
        "1234567891",
        "12345678910",
        "123456789a",
        "a123456789",
        "123456789abc",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "qwerty123456",
        "asdfghjkl1",
        "asdfghjkl",
        "zxcvbnm123",
        "zaq12wsxcde",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "p@ssw0rd123",
        "p@ssword123",
        "password!1",
        "iloveyou123",
        "princess123",
        "sunshine123",
        "football123",
        "superman123",
        "baseball123",
        "welcome123",
        "welcome1234",
        "letmein1234",
        "trustno1234",
        "administrator",
        "admin12345",
        "admin123456",
        "adminadmin",
        "administrator1",
        "rootroot123",
        "changeme123",
        "default1234",
        "useruser123",
        "guestguest",
        "test123456",
        "testtest123",
        "abcdefghij",
        "abcd123456",
        "abc1234567",
        "aaaaaaaaaa",
        "qqqqqqqqqq",
        "indonesia1",
        "indonesia12",
        "indonesia123",
        "indonesia45",
        "indonesiaraya",
        "merdeka1945",
        "merdeka123",
        "bismillah1",
        "bismillah12",
        "bismillah123",
        "alhamdulillah",
        "assalamualaikum",
        "insyaallah",
        "sayangku123",
        "cintaku123",
        "kamu123456",
        "sayang1234",
        "rahasia123",
        "rahasia1234",
        "katasandi",
        "katasandi1",
        "katasandi123",
        "kata_sandi",
        "sandi12345",
        "klaten1234",
        "klaten12345",
        "klatenbersinar",
        "jawatengah",
        "jawatengah1",
        "bapasklaten",
        "bapas12345",
        "pemasyarakatan",
        "kemenkumham",
        "kemenimipas",
        "pemkabklaten",
        "operator123",
        "operator1234",
        "kepaladinas",
        "dinassosial",
        "dukcapil123",
        "garuda1234",
        "pancasila1",
        "pancasila45",
    ]
)


def password_problems(password: str, username: str) -> list:
    """Every reason `password` is refused; an empty list means it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_l("Kata sandi minimal %(n)d karakter.", n=MIN_LENGTH))
    if username and password.casefold() == username.casefold():
        problems.append(_l("Kata sandi tidak boleh sama dengan nama pengguna."))
    if password.casefold() in COMMON_PASSWORDS or len(set(password)) <= 2:
        problems.append(_l("Kata sandi ini terlalu umum; pilih yang lain."))
    return problems


def random_password() -> str:
    """A password for a demo account: 16 URL-safe characters, readable when printed."""
    return secrets.token_urlsafe(12)
