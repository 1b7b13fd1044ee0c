"""Sources as numbered endnotes and citable exhibits: every committed report passes the endnote
check (``mxsec.render.citations.problems``), and the check finds each planted fault."""

from __future__ import annotations

import re

import pytest

from mxsec.paths import reports_dir
from mxsec.render import FIGURE_MIME, TABLE_MIME, citations
from mxsec.topics import discover

TOPICS = sorted(discover())


def _page(topic: str) -> str:
    return (reports_dir() / f"{topic}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("topic", TOPICS)
def test_committed_report_has_one_numbered_source_list_that_every_exhibit_cites_into(topic):
    html = _page(topic)
    assert citations.problems(html) == []
    # what the check rests on, counted directly: one list, before the reproducibility footer
    assert html.count('<ol class="source-list">') == 1
    assert html.index('<h2 id="sources">Sources</h2>') < html.index('id="reproducibility"')
    entries = re.findall(r'<li id="source-(\d+)">', html)
    assert entries == [str(n) for n in range(1, len(entries) + 1)] and entries
    # every chart and every table is an anchored exhibit with a cite line
    figures = re.findall(r'<figure class="chart exhibit" id="(figure-[^"]+)"', html)
    tables = re.findall(r'<div class="table-wrap exhibit" id="(table-[^"]+)"', html)
    assert len(figures) == html.count("<figure") and len(tables) == html.count('<table class="report-table"')
    exhibits = figures + tables
    assert html.count('class="cite-this"') == len(exhibits) == len(set(exhibits))
    assert all(f"{topic}.html#{anchor}</span>" in html for anchor in exhibits)


def _payload(name: str, *ids: str) -> dict:
    return {"name": name, "sources": [{"id": i, "citation": f"Publisher {i}, Title {i} (2020).", "url": f"https://x/{i}",
                                       "archive_url": ""} for i in ids]}


class _Notebook:
    """The part of an executed notebook the engine reads: cells with outputs."""

    def __init__(self, outputs: list[tuple[str, dict]]) -> None:
        mime = {"figure": FIGURE_MIME, "table": TABLE_MIME}
        self.cells = [{"outputs": [{"data": {mime[kind]: payload}}]} for kind, payload in outputs]


STAMP = {"edition_label": "default edition", "data_as_of": "2026-12-03", "page": "demo.html"}


def _good_page(outputs: list[tuple[str, dict]]) -> str:
    """A page laid out as the engine lays out exhibits, from real ``citations`` output."""
    parts, sources = citations.page_parts(_Notebook(outputs), STAMP, "Demo report")
    body = []
    for (kind, payload), part in zip(outputs, parts.values()):
        tag = "figure" if kind == "figure" else "div"
        cls = "chart exhibit" if kind == "figure" else "table-wrap exhibit"
        inner = part.get("table_html", f"<figcaption>{part['number']} A chart</figcaption>")
        body.append(f'<{tag} class="{cls}" id="{part["anchor"]}">{inner}{part["source_line"]}'
                    f'<p class="exhibit-links"><span class="cite-this">{part["cite"]}</span></p></{tag}>')
    return (f'<nav class="toc"><a href="#sources">Sources</a></nav><main>{"".join(body)}{sources}</main>')


OUTPUTS = [
    ("figure", _payload("first", "b", "a", "c")),
    ("table", {**_payload("first", "a", "d"), "html": '<table class="report-table"><caption>T</caption></table>'}),
    ("figure", _payload("third", *"abcdefgh")),
]


def test_numbering_follows_first_citation_and_prints_runs_as_ranges():
    notes = citations.number(OUTPUTS)
    assert [e.label for e in notes.exhibits] == ["Figure 1", "Table 1", "Figure 2"]
    assert [e.anchor for e in notes.exhibits] == ["figure-first", "table-first", "figure-third"]
    # a, b and c are first cited by Figure 1; a is cited by all three exhibits, so it comes first
    assert [entry.source["id"] for entry in notes.entries] == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert [e.label for e in notes.entries[0].cited_in] == ["Figure 1", "Table 1", "Figure 2"]
    line = citations.source_line_html(notes.exhibits[2].refs)
    assert re.sub("<[^>]+>", "", line) == "Sources: [1]–[8]."
    assert re.sub("<[^>]+>", "", citations.source_line_html([1, 4])) == "Sources: [1], [4]."
    assert re.sub("<[^>]+>", "", citations.source_line_html([3])) == "Source: [3]."
    assert citations.source_line_html([]) == ""
    page = _good_page(OUTPUTS)
    assert '<caption><span class="exhibit-number">Table 1.</span> T</caption>' in page
    assert "Cite this: Demo report (default edition, data as of 2026-12-03), Figure 2: demo.html#figure-third" in page
    assert citations.problems(page) == []


def test_two_exhibits_with_one_anchor_are_refused():
    with pytest.raises(ValueError, match="two exhibits named 'figure-first'"):
        citations.number([("figure", _payload("first", "a")), ("figure", _payload("first", "b"))])


# Figure 1 numbers 160 sources; Figures 2 and 3 cite every other one: 80 numbers each, no two consecutive
LONG = [("figure", _payload("all", *[f"s{i:03d}" for i in range(160)])),
        ("figure", _payload("even", *[f"s{i:03d}" for i in range(0, 160, 2)])),
        ("figure", _payload("odd", *[f"s{i:03d}" for i in range(1, 160, 2)]))]


@pytest.mark.parametrize("plant, expected", [
    (lambda p: p.replace('<ol class="source-list">', '<ol class="source-list"></ol><ol class="source-list">'),
     "2 numbered source lists (expected exactly one)"),
    (lambda p: p.replace("<ol", "<ul").replace("</ol>", "</ul>"), "0 numbered source lists"),
    (lambda p: p.replace('href="#source-4">[4]</a>', 'href="#source-99">[99]</a>', 1),
     "reference [99] has no entry in the source list"),
    (lambda p: p.replace('href="#source-4">[4]</a>', 'href="#source-99">[4]</a>', 1),
     "link '#source-99' resolves to no source entry"),
    (lambda p: p.replace('–<a class="ref" href="#source-8">[8]</a>', '–<a class="ref" href="#source-7">[7]</a>'),
     "source [8] is cited by no exhibit"),
    (lambda p: p.replace('id="figure-third"', 'id="third"'), "exhibit 'third': no anchor of its own"),
    (lambda p: p.replace('id="figure-third"', 'id="figure-first"'), "exhibit 'figure-first': no anchor of its own"),
    (lambda p: p.replace("demo.html#figure-third", "demo.html"), "exhibit 'figure-third': no cite line"),
    (lambda p: p.replace("<main>", '<main><table class="report-table"><caption>Loose</caption></table>'),
     "table 'Loose' is not a numbered exhibit"),
    (lambda p: p.replace('<li id="source-3"><span class="source-number">[3]</span>',
                         '<li id="source-3"><span class="source-number">[4]</span>'),
     "source list entry 3: id 'source-3', number [4] (expected 3)"),
    (lambda p: p.replace('<a href="#sources">Sources</a>', ""), "the source list has no heading in the contents"),
    (lambda p: p.replace('<a href="#table-first">Table 1</a>, ', "", 1),
     "'Cited in' names ['figure-first', 'figure-third'], the exhibits citing it are"),
])
def test_checker_finds_each_planted_fault(plant, expected):
    good = _good_page(OUTPUTS)
    assert citations.problems(good) == []
    bad = plant(good)
    assert bad != good, "the plant changed nothing"
    found = citations.problems(bad)
    assert any(expected in problem for problem in found), found


def test_checker_finds_a_source_line_longer_than_three_lines():
    page = _good_page(LONG)
    found = citations.problems(page)
    assert [p.split(":")[0] for p in found] == ["exhibit 'figure-even'", "exhibit 'figure-odd'"], found
    assert f"more than {citations.MAX_SOURCE_LINES} lines of {citations.LINE_CHARS}" in found[0]
    assert re.sub("<[^>]+>", "", page).count("Sources: [1]–[160].") == 1  # Figure 1's is one range, short
