"""Small read-only tables inside a details page (a placement's journal, a client's placements)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def small_table(headers: Iterable[Any], rows: Iterable[Iterable[Any]], empty: Any) -> Markup:
    """A compact table; every cell is escaped unless it is already Markup (a link). `empty` if no rows."""
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    if not body:
        return Markup(escape(empty))
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    return Markup(
        f'<table class="table table-sm"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
