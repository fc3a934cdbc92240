"""Exports of a plan: JSON (json_export), Markdown (markdown), iCalendar (ics)."""

from __future__ import annotations

import re

_ABSOLUTE = re.compile(r"https?://", re.IGNORECASE)


def absolute_url(url: str, base_url: str = "") -> str:
    """A guide URL (relative to the language root, e.g. `handover/#plan`) made absolute with
    `base_url` (the site's language root); absolute URLs are kept; "" when it cannot be."""
    if not url or _ABSOLUTE.match(url):
        return url
    return base_url.rstrip("/") + "/" + url.lstrip("/") if base_url else ""
