"""No broken links or missing images in the rendered default edition.

Every local ``href`` and ``src`` (and every ``url(...)`` in a page's own CSS) of every HTML
file under ``reports/`` (``reports/editions/`` and ``reports/_failed/`` excluded) must resolve
to an existing file; a fragment (``#x`` or ``page.html#x``) must name an ``id`` in the page it
points to. Run it after ``.venv/bin/mxsec render`` of all topics.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mxsec.paths import reports_dir

REPORTS = reports_dir()
EXCLUDED = ("editions", "_failed")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


class _Page(HTMLParser):
    """Collect the ids, the (tag, attribute, value) of every href/src, and CSS url()s."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name == "name" and tag == "a" and value:
                self.ids.add(value)
            elif name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.links.extend(("style", "url", url) for url in _CSS_URL.findall(data))


def html_files(root: Path = REPORTS) -> list[Path]:
    """Every ``*.html`` under ``root`` except in the excluded folders."""
    return sorted(p for p in root.rglob("*.html")
                  if not any(part in EXCLUDED for part in p.relative_to(root).parts[:-1]))


@lru_cache(maxsize=None)
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def broken_links(path: Path) -> list[str]:
    """Human-readable descriptions of the broken local links of one page (empty when none)."""
    problems = []
    page = parse(path)
    for tag, attribute, url in page.links:
        if not url.strip() or is_external(url):
            continue
        parts = urlsplit(url)
        where = f"<{tag} {attribute}={url!r}>"
        target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
        if parts.path and not target.is_file():
            problems.append(f"{where}: {target} does not exist")
            continue
        if parts.fragment and target.suffix == ".html":
            # browsers try the fragment as written, then percent-decoded (HTML "indicated part")
            if not {parts.fragment, unquote(parts.fragment)} & parse(target).ids:
                problems.append(f"{where}: no id {parts.fragment!r} in {target.name}")
    return problems


FILES = html_files()


def test_reports_are_rendered():
    if not (REPORTS / "index.html").exists():
        pytest.skip("reports/ is not rendered: run .venv/bin/mxsec render first")
    assert FILES, "no HTML files under reports/"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REPORTS)) for p in FILES])
def test_local_links_resolve(path):
    assert broken_links(path) == []


def test_landing_page_links_every_report_and_the_data():
    landing = REPORTS / "index.html"
    if not landing.exists():
        pytest.skip("reports/ is not rendered")
    hrefs = {url for tag, attribute, url in parse(landing).links if attribute == "href"}
    for report in sorted(REPORTS.glob("*.html")):
        if report.name != "index.html":
            assert report.name in hrefs, f"index.html does not link {report.name}"
    assert "mxsec-data.zip" in hrefs
    assert any(url.startswith("overview.html#") and "Glossary" in url for url in hrefs) or \
        not (REPORTS / "overview.html").exists(), "index.html does not link the glossary"
    images = [url for tag, attribute, url in parse(landing).links if tag == "img"]
    assert images, "index.html shows no thumbnails"


def test_checker_finds_broken_links(tmp_path):
    (tmp_path / "a.html").write_text('<h2 id="x">X</h2><a href="#x">ok</a><a href="#y">bad fragment</a>'
                                     '<a href="b.html#z">missing file</a><img src="c.png">'
                                     '<a href="a.html#x">ok</a><a href="https://example.org/">external</a>'
                                     '<style>@font-face { src: url("f.ttf"); }</style>', encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"")
    problems = broken_links(tmp_path / "a.html")
    assert len(problems) == 3
    assert any("'y'" in p for p in problems) and any("b.html" in p for p in problems)
    assert any("f.ttf" in p for p in problems)


def test_excluded_folders_are_skipped(tmp_path):
    for folder in ("", "editions/", "_failed/", "sub/"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "p.html").write_text("<p>", encoding="utf-8")
    found = {str(p.relative_to(tmp_path)) for p in html_files(tmp_path)}
    assert found == {"p.html", "sub/p.html"}
