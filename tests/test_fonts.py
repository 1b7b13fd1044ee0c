"""Fonts: the reports use the bundled families only, every glyph they print exists in them,
and no renderer can see a system font. The PDFs are tagged with their language."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from mxsec import fonts
from mxsec.paths import reports_dir
from mxsec.render.export import PDF_OPTIONS, layout_document
from mxsec.topics import discover

TOPICS = sorted(discover())
BUNDLED = ("IBM-Plex-Sans", "IBM-Plex-Mono")  # as PDF base font names spell the families
MONO_TAGS = {"code", "pre", "kbd", "samp"}


def _pdf_fonts(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


@pytest.mark.parametrize("topic", TOPICS)
def test_pdf_embeds_only_bundled_families(topic):
    used = _pdf_fonts(pypdf.PdfReader(reports_dir() / f"{topic}.pdf"))
    assert used, topic
    assert {name for name in used if not name.startswith(BUNDLED)} == set()


class _Text(HTMLParser):
    """Visible text of a page, split into what prints in the mono family and the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.sans: list[str] = []
        self.mono: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "img", "meta", "link", "hr", "input", "col", "wbr"}:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if {"style", "script", "title"} & set(self._open):
            return
        (self.mono if MONO_TAGS & set(self._open) else self.sans).append(data)


def _cmap(name: str) -> set[int]:
    return set(TTFont(fonts.static_fonts()[name]).getBestCmap())


@pytest.mark.parametrize("page", [f"{t}.html" for t in TOPICS] + ["index.html"])
def test_every_printed_glyph_exists_in_its_bundled_font(page):
    parser = _Text()
    parser.feed((reports_dir() / page).read_text(encoding="utf-8"))
    for text, face in (("".join(parser.sans), "IBMPlexSans-Regular.ttf"), ("".join(parser.mono), "IBMPlexMono-Regular.ttf")):
        cmap = _cmap(face)
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
        assert not missing, f"{page}: {face} lacks {missing}"


def test_fontconfig_of_the_project_lists_only_its_own_fonts():
    text = fonts.fontconfig_text(Path("/x/fonts"))
    assert re.findall(r"<dir>(.*?)</dir>", text) == ["/x/fonts"]
    assert "<include" not in text  # no system rules, so no system or user font directories
    assert "<prefer><family>IBM Plex Mono</family></prefer>" in text


def test_weasyprint_picks_no_system_font_whatever_the_page_asks_for(tmp_path):
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    asks = ["DejaVu Sans", "Noto Sans Mono", "Liberation Serif", "monospace", "serif", "cursive"]
    body = "".join(f'<p style="font-family: \'{family}\'">{family} → Σ x</p>' for family in asks)
    html = f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}<pre>code</pre></body></html>'
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(layout_document(html, tmp_path, "", {}).write_pdf(**PDF_OPTIONS))
    used = _pdf_fonts(pypdf.PdfReader(pdf))
    assert used and all(name.startswith(BUNDLED) for name in used), used


def test_matplotlib_sees_only_the_bundled_sans():
    from matplotlib import font_manager

    from mxsec import charts

    charts.apply_style()
    folder = fonts.font_dir()
    assert {Path(entry.fname).parent for entry in font_manager.fontManager.ttflist} == {folder}
    for family in ("DejaVu Sans", "sans-serif", "monospace"):
        found = font_manager.findfont(font_manager.FontProperties(family=[family]))
        assert Path(found).name.startswith("IBMPlexSans-"), (family, found)
    bold = font_manager.FontProperties(family=fonts.FAMILY, weight="bold")
    assert Path(font_manager.findfont(bold)).name == "IBMPlexSans-Bold.ttf"


def _structure_types(node, seen: set[str], depth: int = 0) -> None:
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _structure_types(child, seen, depth)
        return
    if not isinstance(node, pypdf.generic.DictionaryObject) or depth > 60:
        return
    if "/S" in node:
        seen.add(str(node["/S"]))
    if "/K" in node:
        _structure_types(node["/K"], seen, depth + 1)


@pytest.mark.parametrize("topic", TOPICS)
def test_pdf_is_tagged_with_language_title_and_structure(topic):
    reader = pypdf.PdfReader(reports_dir() / f"{topic}.pdf")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title and reader.metadata.title != topic
    seen: set[str] = set()
    _structure_types(catalog["/StructTreeRoot"], seen)
    assert {"/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure"} <= seen, seen
