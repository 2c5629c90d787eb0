"""Serve the back-office with waitress: `python serve.py --host 127.0.0.1 --port 5000` (what `make run` does).

One process, 8 threads. Behind reverse proxies (`PROXY_COUNT` > 0) waitress is told to trust the
forwarded headers of `TRUSTED_PROXY` only: it would otherwise drop `X-Forwarded-For` before the app
sees it, and the login rate limit and the session binding would see the proxy's address for everyone.
The app's own ProxyFix (app.register_security) reads the same header from the same end, so the client
address is counted once, whichever WSGI server runs the app; a request from any other peer has its
forwarded headers removed, so a client cannot claim another address.

A start the environment does not allow (an instance folder that cannot be written, a setting that
cannot be read) prints one Indonesian line and exits with 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from flask import Flask

THREADS = 8
FORWARDED_HEADERS = "x-forwarded-for x-forwarded-proto"


def server_options(app: Flask) -> dict[str, Any]:
    """waitress's options for `app`: the threads, and the trusted proxy when PROXY_COUNT says so."""
    options: dict[str, Any] = {"threads": THREADS}
    proxies = int(app.config.get("PROXY_COUNT", 0))
    if proxies:
        options.update(
            trusted_proxy=app.config["TRUSTED_PROXY"],
            trusted_proxy_count=proxies,
            trusted_proxy_headers=FORWARDED_HEADERS,
            clear_untrusted_proxy_headers=True,
        )
    return options


def main(argv: list[str] | None = None) -> int:
    """Build the app and serve it until Ctrl+C; 1 when the app cannot start."""
    from waitress import serve

    from app import create_app
    from environment import StartupError

    parser = argparse.ArgumentParser(description="Menjalankan aplikasi dengan waitress.")
    parser.add_argument("--host", default="127.0.0.1", help="alamat yang didengarkan")
    parser.add_argument("--port", type=int, default=5000, help="port yang didengarkan")
    arguments = parser.parse_args(argv)
    try:
        app = create_app()
    except StartupError as error:
        error.show()
        return 1
    print(
        f"Aplikasi berjalan di http://{arguments.host}:{arguments.port}  (hentikan dengan Ctrl+C)", flush=True
    )
    serve(app, host=arguments.host, port=arguments.port, **server_options(app))
    return 0


if __name__ == "__main__":
    sys.exit(main())
