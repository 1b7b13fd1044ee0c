"""Sources as numbered endnotes, and citable exhibits.

Every chart and table output of an executed notebook carries its name and its sources (each
with its id and long-form citation, ``mxsec.report``). From them, in reading order, this module
numbers the exhibits (Figure 1, 2 ...; Table 1, 2 ...) and the sources (in the order of first
citation, each once), and writes what the page shows: under each exhibit a short source line of
linked reference numbers ("Sources: [1]–[4], [9].") and a cite line; at the end of the report one
numbered source list, each entry with the exhibits that cite it. ``problems`` checks a rendered
page against these rules. Nothing here knows about any topic.

Every sentence is a whole template with named fields (a Spanish edition replaces the template).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from mxsec.render import FIGURE_MIME, TABLE_MIME

EXHIBIT_LABEL = {"figure": "Figure {number}", "table": "Table {number}"}
CAPTION_NUMBER = "{label}."
SOURCE_LINE_ONE = "Source: {refs}."
SOURCE_LINE_MANY = "Sources: {refs}."
REF = "[{number}]"
REF_RANGE = "{first}–{last}"
REF_SEPARATOR = ", "
CITE_THIS = "Cite this: {title} ({edition}, data as of {as_of}), {exhibit}: {url}"
SOURCES_HEADING = "Sources"
SOURCES_INTRO = ("Every source that a figure or table of this report cites, each once, numbered in the order the "
                 "report first cites it.")
CITED_IN = "Cited in: {exhibits}."
ARCHIVED = "archived copy"

SOURCES_ID = "sources"
ENTRY_ID = "source-{number}"
ANCHOR = {"figure": "figure-{name}", "table": "table-{name}"}
MIN_RANGE = 3  # a run of at least this many consecutive numbers prints as a range, [4]–[9]

# One line of a source line at the report's measure: 46rem (the paragraph measure) at 0.85rem of
# IBM Plex Sans, whose advance over reference lines of this kind averages 0.42 em, holds ~129
# characters; the PDF's 174 mm at 8.5 pt ~138. 120 rounds down. The PDF layout check
# (mxsec.render.layout) counts the printed lines themselves.
LINE_CHARS = 120
MAX_SOURCE_LINES = 3


@dataclass
class Exhibit:
    """One chart or table, numbered, with the numbers of its sources."""

    kind: str  # figure | table
    name: str
    number: int
    sources: list[dict[str, str]]
    refs: list[int] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return ANCHOR[self.kind].format(name=self.name)

    @property
    def label(self) -> str:
        return EXHIBIT_LABEL[self.kind].format(number=self.number)


@dataclass
class Entry:
    """One source of the report's list: its number, citation and the exhibits citing it."""

    number: int
    source: dict[str, str]
    cited_in: list[Exhibit] = field(default_factory=list)


@dataclass
class Endnotes:
    exhibits: list[Exhibit]
    entries: list[Entry]


def collect(nb) -> list[tuple[str, dict[str, Any]]]:
    """(kind, payload) of every chart and table output of an executed notebook, in reading order."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FIGURE_MIME in data:
                found.append(("figure", data[FIGURE_MIME]))
            elif TABLE_MIME in data:
                found.append(("table", data[TABLE_MIME]))
    return found


def number(outputs: list[tuple[str, dict[str, Any]]]) -> Endnotes:
    """Number the exhibits (per kind, in reading order) and their sources, in order of first
    citation. Sources an exhibit is the first to cite are numbered by how many exhibits of the
    report cite them (most first), then in the order the exhibit lists them: sources that recur
    under many exhibits get consecutive numbers, which print as one range. Two exhibits with one
    anchor raise."""
    exhibits: list[Exhibit] = []
    entries: dict[str, Entry] = {}
    counts = {kind: 0 for kind in EXHIBIT_LABEL}
    anchors: set[str] = set()
    citing: dict[str, int] = {}
    for _, payload in outputs:
        for source_id in dict.fromkeys(s["id"] for s in payload.get("sources") or []):
            citing[source_id] = citing.get(source_id, 0) + 1
    for kind, payload in outputs:
        counts[kind] += 1
        exhibit = Exhibit(kind, payload["name"], counts[kind], list(payload.get("sources") or []))
        if exhibit.anchor in anchors:
            raise ValueError(f"two exhibits named {exhibit.anchor!r}: give each chart and table its own name")
        anchors.add(exhibit.anchor)
        order = sorted(range(len(exhibit.sources)), key=lambda i: (-citing[exhibit.sources[i]["id"]], i))
        for source in (exhibit.sources[i] for i in order):
            entry = entries.setdefault(source["id"], Entry(len(entries) + 1, source))
            if entry.number not in exhibit.refs:
                exhibit.refs.append(entry.number)
                entry.cited_in.append(exhibit)
        exhibits.append(exhibit)
    return Endnotes(exhibits, list(entries.values()))


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in runs]


def _ref(n: int) -> str:
    return f'<a class="ref" href="#{ENTRY_ID.format(number=n)}">{html.escape(REF.format(number=n))}</a>'


def source_line_html(refs: list[int]) -> str:
    """The short source line under an exhibit ("" without sources): each number linked to its
    entry; a run of ``MIN_RANGE`` or more consecutive numbers as a range of its two ends."""
    if not refs:
        return ""
    parts = []
    for first, last in _runs(refs):
        if last - first + 1 >= MIN_RANGE:
            parts.append(REF_RANGE.format(first=_ref(first), last=_ref(last)))
        else:
            parts.extend(_ref(n) for n in range(first, last + 1))
    template = SOURCE_LINE_ONE if len(refs) == 1 else SOURCE_LINE_MANY
    return f'<p class="source-line">{template.format(refs=REF_SEPARATOR.join(parts))}</p>'


def cite_text(exhibit: Exhibit, stamp: dict[str, Any], title: str) -> str:
    """The one-line citation of an exhibit: report title, edition, data date, exhibit, URL fragment."""
    return CITE_THIS.format(title=title, edition=stamp["edition_label"], as_of=stamp["data_as_of"],
                            exhibit=exhibit.label, url=f"{stamp['page']}#{exhibit.anchor}")


def numbered_table_html(exhibit: Exhibit, table_html: str) -> str:
    """The table's HTML with its number written at the start of its one caption."""
    label = html.escape(CAPTION_NUMBER.format(label=exhibit.label))
    return table_html.replace("<caption>", f'<caption><span class="exhibit-number">{label}</span> ', 1)


def page_parts(nb, stamp: dict[str, Any], title: str) -> tuple[dict[str, dict[str, str]], str]:
    """What the page shows of the endnotes: per exhibit anchor the pieces the nbconvert template
    places (``number``, ``source_line``, ``cite``, and for a table ``table_html``), and the HTML of
    the report's source list ("" when nothing is cited)."""
    outputs = collect(nb)
    notes = number(outputs)
    parts: dict[str, dict[str, str]] = {}
    for exhibit, (_, payload) in zip(notes.exhibits, outputs):
        part = {"anchor": exhibit.anchor, "number": CAPTION_NUMBER.format(label=exhibit.label),
                "source_line": source_line_html(exhibit.refs), "cite": cite_text(exhibit, stamp, title)}
        if exhibit.kind == "table":
            part["table_html"] = numbered_table_html(exhibit, payload["html"])
        parts[exhibit.anchor] = part
    return parts, sources_html(notes)


def sources_html(notes: Endnotes) -> str:
    """The report's numbered source list, each source once with its citation, links and the
    exhibits that cite it."""
    if not notes.entries:
        return ""
    esc = html.escape
    items = []
    for entry in notes.entries:
        source = entry.source
        links = ""
        if source.get("url"):
            links += f' <a class="source-url" href="{esc(source["url"])}">{esc(source["url"])}</a>'
        if source.get("archive_url"):
            links += f' (<a class="source-url" href="{esc(source["archive_url"])}">{esc(ARCHIVED)}</a>)'
        cited = REF_SEPARATOR.join(f'<a href="#{e.anchor}">{esc(e.label)}</a>' for e in entry.cited_in)
        items.append(f'<li id="{ENTRY_ID.format(number=entry.number)}"><span class="source-number">'
                     f'{esc(REF.format(number=entry.number))}</span> {esc(source["citation"])}{links} '
                     f'<code class="source-id">{esc(source["id"])}</code> '
                     f'<span class="cited-in">{CITED_IN.format(exhibits=cited)}</span></li>')
    return (f'<section class="source-list-section" aria-labelledby="{SOURCES_ID}">\n'
            f'<h2 id="{SOURCES_ID}">{esc(SOURCES_HEADING)}</h2>\n<p class="source-intro">{esc(SOURCES_INTRO)}</p>\n'
            f'<ol class="source-list">\n' + "\n".join(items) + "\n</ol>\n</section>")


# --- The check of a rendered page ----------------------------------------------------------------

_REFS = re.compile(r"\[(\d+)\](?:\s*–\s*\[(\d+)\])?")
_ANCHOR = re.compile(r"^(figure|table)-[a-z0-9][a-z0-9_-]*$")


def _numbers(text: str) -> list[int]:
    out: list[int] = []
    for first, last in _REFS.findall(text):
        out.extend(range(int(first), int(last or first) + 1))
    return out


def problems(page_html: str) -> list[str]:
    """What breaks the endnote rules in a rendered report page, one sentence each (empty: none):
    exactly one numbered source list, numbered 1..n in order of first citation; every chart and
    table an exhibit with an anchor and a cite line naming it; every reference number under an
    exhibit, and every link of it, resolves to an entry; every entry is cited, and its "Cited in"
    names exactly the exhibits that cite it; no source line longer than ``MAX_SOURCE_LINES`` lines
    of ``LINE_CHARS`` characters."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    found: list[str] = []
    lists = soup.select("ol.source-list")
    if len(lists) != 1:
        return [f"{len(lists)} numbered source lists (expected exactly one)"]
    entries: dict[int, Any] = {}
    for position, item in enumerate(lists[0].find_all("li", recursive=False), start=1):
        label = item.find(class_="source-number")
        shown = _numbers(label.get_text()) if label else []
        if item.get("id") != ENTRY_ID.format(number=position) or shown != [position]:
            found.append(f"source list entry {position}: id {item.get('id')!r}, number {shown} (expected {position})")
        entries[position] = item
    if not soup.find(id=SOURCES_ID) or not soup.select(f'nav.toc a[href="#{SOURCES_ID}"]'):
        found.append("the source list has no heading in the contents")
    for element in soup.select("table.report-table, figure"):
        if element.find_parent(class_="exhibit") is None and "exhibit" not in (element.get("class") or []):
            found.append(f"{element.name} {' '.join(element.get_text().split())[:50]!r} is not a numbered exhibit")
    cited: dict[int, list[str]] = {}
    seen: set[str] = set()
    highest = 0
    for exhibit in soup.select(".exhibit"):
        anchor = exhibit.get("id") or ""
        if not _ANCHOR.match(anchor) or anchor in seen:
            found.append(f"exhibit {anchor!r}: no anchor of its own (figure-<name> or table-<name>)")
        seen.add(anchor)
        cite = exhibit.select_one(".cite-this")
        if cite is None or f"#{anchor}" not in cite.get_text():
            found.append(f"exhibit {anchor!r}: no cite line naming #{anchor}")
        lines = exhibit.select("p.source-line")
        text = " ".join(line.get_text() for line in lines)
        if len(" ".join(text.split())) > MAX_SOURCE_LINES * LINE_CHARS:
            found.append(f"exhibit {anchor!r}: source line of {len(text)} characters, more than "
                         f"{MAX_SOURCE_LINES} lines of {LINE_CHARS}")
        for n in _numbers(text):
            if n not in entries:
                found.append(f"exhibit {anchor!r}: reference [{n}] has no entry in the source list")
            elif n > highest + 1:
                found.append(f"exhibit {anchor!r}: reference [{n}] before [{highest + 1}] is first cited")
            highest = max(highest, n) if n in entries else highest
            cited.setdefault(n, []).append(anchor)
        for link in (a for line in lines for a in line.find_all("a")):
            target = (link.get("href") or "").lstrip("#")
            if not target.startswith("source-") or target not in {e.get("id") for e in entries.values()}:
                found.append(f"exhibit {anchor!r}: link {link.get('href')!r} resolves to no source entry")
    for n, item in entries.items():
        named = [a.get("href", "").lstrip("#") for a in item.select(".cited-in a")]
        if n not in cited:
            found.append(f"source [{n}] is cited by no exhibit")
        elif named != list(dict.fromkeys(cited[n])):
            found.append(f"source [{n}]: 'Cited in' names {named}, the exhibits citing it are {cited[n]}")
    return found
