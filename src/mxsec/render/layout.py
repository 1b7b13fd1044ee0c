"""Print-layout checks on a report's pages: what a reader of the PDF would call a layout fault.

- a **short page**: fewer than ``MIN_WORDS`` words (counted by ``pdftotext`` on the PDF,
  running header and page number included) on a page that is neither the last one nor mostly
  one figure (a figure box covering at least ``FIGURE_SHARE`` of the page's content area);
- a **stranded caption**: a table or figure caption on a page that holds none of its exhibit
  (no body row of the table, not the chart image);
- a **split row**: a table row laid out on two pages;
- a **stranded heading**: a section heading that is the last thing on its page;
- a **long source line**: a source line under an exhibit (``p.source-line``) printed on more
  than ``MAX_SOURCE_LINES`` lines (``mxsec.render.citations``: the full citations belong in the
  report's source list).

Words come from the PDF; everything else from WeasyPrint's laid-out page boxes of the same
HTML (``export.layout_document``), which say exactly where each element went. Nothing here
knows about any topic.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mxsec.render.citations import MAX_SOURCE_LINES

MIN_WORDS = 60
FIGURE_SHARE = 0.5
HEADINGS = ("h1", "h2", "h3", "h4")


@dataclass(frozen=True)
class Problem:
    page: int  # 1-based
    kind: str  # "short page", "stranded caption", "split row", "stranded heading"
    detail: str

    def __str__(self) -> str:
        return f"p. {self.page}: {self.kind}: {self.detail}"


def page_words(pdf: Path) -> list[int]:
    """Words per page, by ``pdftotext`` (poppler-utils), pages in order."""
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext not found: install poppler-utils (Debian: sudo apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout
    pages = text.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]  # pdftotext ends every page, the last included, with a form feed
    return [len(page.split()) for page in pages]


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _label(element) -> str:
    text = " ".join(" ".join(element.itertext()).split())
    return text[:70] + ("…" if len(text) > 70 else "")


def _ancestor(element, parents: dict, tag: str):
    while element is not None and element.tag != tag:
        element = parents.get(element)
    return element


def _flow_boxes(page_box):
    """The boxes of the page's flow, in document order, without the margin boxes (running
    header, page number)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    for child in page_box.children:
        if isinstance(child, MarginBox):
            continue
        yield from child.descendants()


@dataclass
class _Page:
    rows: set  # body <tr> elements with a box on this page
    body_rows: set  # the <table> elements one of whose <tbody> rows is on this page
    images: set  # the <figure> elements whose image is on this page
    captions: dict  # caption element -> its exhibit (<table> or <figure>)
    figure_share: float
    last_line_element: object
    source_lines: dict  # p.source-line element -> its line boxes on this page


def _read_page(page, parents: dict) -> _Page:
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox, TableRowBox

    box = page._page_box
    area = max(box.width * box.height, 1.0)
    found = _Page(set(), set(), set(), {}, 0.0, None, {})
    figure_area = 0.0
    for child in _flow_boxes(box):
        element = child.element
        if isinstance(child, TableRowBox) and element is not None:
            group = parents.get(element)
            if group is not None and group.tag == "tbody":  # a header row repeats on purpose
                found.rows.add(element)
                found.body_rows.add(_ancestor(element, parents, "table"))
        elif isinstance(child, ReplacedBox):
            figure = _ancestor(element, parents, "figure")
            if figure is not None:
                found.images.add(figure)
        elif isinstance(child, LineBox) and child.children:
            found.last_line_element = element
            if element is not None and element.tag == "p" and "source-line" in _classes(element):
                found.source_lines[element] = found.source_lines.get(element, 0) + 1
        if element is not None and child.element_tag == "caption":
            found.captions[element] = _ancestor(element, parents, "table")
        elif element is not None and child.element_tag == "figcaption":
            found.captions[element] = _ancestor(element, parents, "figure")
        if element is not None and element.tag == "figure" and "chart" in _classes(element) \
                and child.element_tag == "figure":
            figure_area = max(figure_area, child.border_width() * child.border_height())
    found.figure_share = figure_area / area
    return found


def check(document, words: list[int]) -> list[Problem]:
    """The layout problems of a laid-out ``weasyprint.Document`` whose PDF has ``words``
    words per page."""
    if len(words) != len(document.pages):
        raise ValueError(f"the PDF has {len(words)} pages, its HTML lays out in {len(document.pages)}: "
                         "not the same document (stale PDF, or other fonts)")
    parents = {}
    if document.pages:
        html = next(child.element for child in document.pages[0]._page_box.children if child.element_tag == "html")
        parents = {child: parent for parent in html.iter() for child in parent}
    pages = [_read_page(page, parents) for page in document.pages]
    problems: list[Problem] = []
    row_pages: dict = {}
    source_lines: dict = {}  # element -> (first page, lines)
    for number, page in enumerate(pages, start=1):
        for row in page.rows:
            row_pages.setdefault(row, []).append(number)
        for element, lines in page.source_lines.items():
            first, before = source_lines.get(element, (number, 0))
            source_lines[element] = (first, before + lines)
        last = number == len(pages)
        if words[number - 1] < MIN_WORDS and not last and page.figure_share < FIGURE_SHARE:
            problems.append(Problem(number, "short page", f"{words[number - 1]} words (fewer than {MIN_WORDS})"))
        for caption, exhibit in page.captions.items():
            holds = page.body_rows if exhibit is not None and exhibit.tag == "table" else page.images
            if exhibit is not None and exhibit not in holds:
                problems.append(Problem(number, "stranded caption", f"{_label(caption)!r} without its exhibit"))
        heading = page.last_line_element
        if heading is not None and heading.tag in HEADINGS and not last:
            problems.append(Problem(number, "stranded heading", f"{_label(heading)!r} ends the page"))
    for row, numbers in row_pages.items():
        if len(numbers) > 1:
            problems.append(Problem(numbers[0], "split row",
                                    f"{_label(row)!r} runs over pages {numbers[0]}–{numbers[-1]}"))
    for element, (first, lines) in source_lines.items():
        if lines > MAX_SOURCE_LINES:
            problems.append(Problem(first, "long source line",
                                    f"{_label(element)!r} takes {lines} lines (more than {MAX_SOURCE_LINES})"))
    return sorted(problems, key=lambda p: (p.page, p.kind, p.detail))


def check_report(html_path: Path, pdf_path: Path, reports: Path) -> list[Problem]:
    """Lay out a committed report's HTML again and check it against its PDF."""
    from mxsec.render.export import layout_document

    subdir = html_path.parent.relative_to(reports).as_posix()
    document = layout_document(html_path.read_text(encoding="utf-8"), reports, "" if subdir == "." else subdir, {})
    return check(document, page_words(pdf_path))
