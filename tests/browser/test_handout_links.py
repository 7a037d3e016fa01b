"""Every relative link of the static handouts (``make html``) opens a file of the
handout folder: the other notebooks' pages, the teacher guide, the data sources."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser



class _Links(HTMLParser):
    """The href of every <a> element of a page (not text inside <script>)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def _hrefs(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def test_every_relative_link_of_the_handouts_opens_a_file(static_site: dict[str, Any]) -> None:
    out: Path = static_site["out"]
    broken, checked = [], 0
    for page in sorted(out.rglob("*.html")):
        for href in _hrefs(page):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            checked += 1
            if not (page.parent / unquote(parts.path)).resolve().is_file():
                broken.append(f"{page.relative_to(out)} -> {href}")
    assert checked > 0
    assert broken == [], "links to no file of the handouts:\n" + "\n".join(broken)
    assert (out / "docs" / "teacher-guide.html").is_file()
    assert (out / "data" / "SOURCES.html").is_file()
