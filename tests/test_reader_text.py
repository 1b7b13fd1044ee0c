"""What a reader reads contains no internal name: no source id, no category code, no snake_case
column or key-figure name. The check reads the rendered HTML of every report in ``reports/``
(text and alt text; not ``<code>``/``<pre>``, URLs, or the reproducibility footer, which shows
the parameters as typed) and fails on any word with an underscore or any category code of
``data/`` whose display name (``mxsec.names``) is not the code itself.

A word is let through only when it is a path of a file in the repository (``data/claims.csv``:
the methodology tells a reader where to look), a word of a source's own title or publisher in
``data/sources.csv`` (a file name inside a title is the publisher's), or listed in
``ALLOWED`` with the reason a reader must see it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from mxsec import names
from mxsec.paths import data_dir, reports_dir

REPO = data_dir().parent

ALLOWED = {
    "OBS_STATUS": "the SDMX attribute the flags are, named so a reader can look the codes up",
}
"""Code names a reader must see, each with its reason. Keep it short: fix the text instead."""

SKIPPED_TAGS = {"code", "pre", "script", "style", "head"}
URL = re.compile(r"(?:https?://|www\.)\S+")
UNDERSCORED = re.compile(r"[A-Za-z0-9][\w./-]*_[\w./-]*[A-Za-z0-9]|[A-Za-z0-9]_\w*")


class _ReaderText(HTMLParser):
    """The text a reader sees: data and ``alt`` attributes outside the skipped elements and the
    reproducibility footer (``<footer class="stamp">``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping or tag in SKIPPED_TAGS or (tag == "footer" and "stamp" in (attrs.get("class") or "")):
            if tag not in ("br", "img", "hr", "meta", "link", "col", "input", "source", "wbr"):
                self.skipping.append(tag)
            return
        if tag == "img" and attrs.get("alt"):
            self.parts.append(f" {attrs['alt']} ")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def reader_text(html: str) -> str:
    """The rendered text of one report page, whitespace collapsed, URLs removed."""
    parser = _ReaderText()
    parser.feed(html)
    return re.sub(r"\s+", " ", URL.sub(" ", "".join(parser.parts))).strip()


def raw_codes() -> set[str]:
    """Single-word category codes of data/ that a reader should never see as such: those whose
    display name does not contain the code as a word ("inegi" is shown "INEGI", "merida"
    "Mérida Initiative"; "final" and "victims" are words of their names)."""
    out = set()
    for vocabulary in names.VOCABULARIES.values():
        for code, name in vocabulary.items():
            if "_" not in code and not re.search(rf"(?<!\w){re.escape(code)}(?!\w)", name):
                out.add(code)
    return out


def source_words(sources: pd.DataFrame) -> set[str]:
    """Underscored words of the sources' own titles and publishers (never their ids)."""
    words = set()
    for text in list(sources["title"].fillna("")) + list(sources["publisher"].fillna("")):
        words.update(m.group(0) for m in UNDERSCORED.finditer(str(text)))
    return words - set(sources["source_id"])


def internal_names(text: str, sources: pd.DataFrame, codes: set[str], repo: Path = REPO) -> list[str]:
    """The internal names in ``text``, in order of appearance, each once."""
    found = []
    allowed = source_words(sources) | set(ALLOWED)
    for match in UNDERSCORED.finditer(text):
        word = match.group(0).rstrip(".")
        if word in allowed or (("/" in word or "." in word) and (repo / word).is_file()):
            continue
        if "." in word and (repo / "reports" / word.split("#")[0]).is_file():  # a link to a report ("Cite this")
            continue
        found.append(word)
    ids = set(sources["source_id"])
    found += [w for w in re.findall(r"(?<![\w/.-])[a-z][a-z0-9]*(?![\w/-])", text) if w in codes or w in ids]
    return list(dict.fromkeys(found))


def _context(text: str, word: str) -> str:
    i = text.find(word)
    return text[max(0, i - 70): i + len(word) + 30]


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "sources.csv", dtype=str)


@pytest.mark.parametrize("page", sorted(p.name for p in reports_dir().glob("*.html")))
def test_rendered_report_shows_no_internal_name(page, sources):
    text = reader_text((reports_dir() / page).read_text(encoding="utf-8"))
    assert len(text) > 500, page
    found = internal_names(text, sources, raw_codes())
    assert not found, f"{page}: internal names shown to readers: " + " | ".join(
        f"{w!r} in …{_context(text, w)}…" for w in found[:12])


def test_the_checker_finds_planted_internal_names_and_passes_what_readers_may_see(sources):
    planted = ("<html><head><title>t_x</title><style>.a_b{}</style></head><body>"
               "<p>Figure from crs_rl32724_20090910, scope all_persons, programme incle.</p>"
               "<table><tr><th>obs_status</th></tr></table>"
               '<img alt="Bars by program_code" src="x.png">'
               "<p>Run <code>mxsec render -p include_transfers=true</code>; see data/claims.csv and "
               "https://example.org/a_b_c; SDMX OBS_STATUS; U.S. Foreign Assistance (us_foreign_aid_country.csv); "
               "final victims by year of registration, INEGI and Mérida.</p>"
               '<footer class="stamp"><dl><dd>{"direction":"mx_to_us"}</dd></dl></footer></body></html>')
    text = reader_text(planted)
    assert "include_transfers" not in text and "mx_to_us" not in text and "a_b_c" not in text
    assert "program_code" in text  # alt text is read
    found = internal_names(text, sources, raw_codes())
    assert found == ["crs_rl32724_20090910", "all_persons", "obs_status", "program_code", "incle"]
    assert internal_names("data/not_a_file.csv and sources_x", sources, raw_codes()) == ["data/not_a_file.csv",
                                                                                         "sources_x"]
    assert {"incle", "merida", "inegi", "usbp"} <= raw_codes() and not {"final", "victims", "request"} & raw_codes()


# --- The glossary in print: no term broken inside a word -------------------------------------------

PUNCTUATION = "()[]{}.,;:!?“”\"'‘’*`"


def _words(text: str) -> list[str]:
    return [w for w in (t.strip(PUNCTUATION) for t in text.split()) if w.strip("-•–—")]  # not list marks


def broken_words(source_markdown: str, printed: str) -> list[str]:
    """Words of ``source_markdown`` (markdown marks removed) that ``printed`` (the PDF's text, line
    by line) does not show whole on one line. A word may wrap only after one of its own hyphens
    ("rule-of-" / "law"); any other break (a code span wrapped anywhere, an automatic hyphen) is
    a word broken in two."""
    lines = [_words(line) for line in printed.splitlines()]
    whole = {w for line in lines for w in line}
    for line, following in zip(lines, lines[1:]):
        if line and following and line[-1].endswith("-"):
            whole.add(line[-1] + following[0])
    return [w for w in dict.fromkeys(_words(source_markdown.replace("**", " ").replace("`", " "))) if w not in whole]


def _glossary_markdown() -> str:
    import json

    notebook = json.loads((REPO / "notebooks" / "overview.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    glossary = next(c for c in cells if c.startswith("## Glossary"))
    return glossary.removeprefix("## Glossary")


def test_no_glossary_word_breaks_inside_the_pdf():
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    printed = subprocess.run(["pdftotext", str(reports_dir() / "overview.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
    start = printed.rindex("\nGlossary\n")
    section = printed[start: printed.index("\nData gaps\n", start)]
    assert "INCLE" in section and "Sobol" in section
    assert broken_words(_glossary_markdown(), section) == []


def test_the_break_check_finds_a_planted_broken_word():
    source = "- **INCLE**: the account (`dod_counterdrug` in `data/`), rule-of-law programmes."
    assert broken_words(source, "• INCLE: the account (dod_counterdrug in data/), rule-of-\nlaw programmes.") == []
    assert broken_words(source, "• INCLE: the account (dod_counter\ndrug in data/), rule-of-law pro-\ngrammes.") == [
        "dod_counterdrug", "programmes"]
