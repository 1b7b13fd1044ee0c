"""The print layout of every committed PDF, and the checker itself on a planted bad document."""

from __future__ import annotations

import logging

import pytest

from mxsec.paths import reports_dir
from mxsec.render import layout
from mxsec.render.export import PDF_OPTIONS, layout_document
from mxsec.topics import discover

TOPICS = sorted(discover())
FILLER = " ".join(["Every number in this report is sourced and checkable."] * 40)


@pytest.fixture(autouse=True)
def _quiet_weasyprint():
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    yield


@pytest.mark.parametrize("topic", TOPICS)
def test_committed_pdf_has_no_layout_problem(topic):
    reports = reports_dir()
    problems = layout.check_report(reports / f"{topic}.html", reports / f"{topic}.pdf", reports)
    assert not problems, f"{topic}.pdf:\n" + "\n".join(str(p) for p in problems)


def _rows(count: int, text: str = "row") -> str:
    return "".join(f"<tr><td>{text} {i}</td><td>{i}</td></tr>" for i in range(count))


# Each part breaks one rule, with CSS that defeats the house print rules on purpose.
PLANTED = f"""<!DOCTYPE html><html lang="en"><head><title>Planted</title><style>
@page {{ size: A4; margin: 20mm; }} body {{ font-family: "IBM Plex Sans"; font-size: 10pt; }}
table.keep {{ break-inside: avoid; }} td {{ padding: 4pt; }}
</style></head><body>
<h1>Planted layout faults</h1><p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p>
<table class="keep"><caption>Stranded caption table</caption><thead><tr><th>A</th><th>B</th></tr></thead>
<tbody>{_rows(60)}</tbody></table>
<p style="break-before: page">Only a few words on this page.</p>
<h2 style="break-before: page">{FILLER[:40]}</h2><p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p>
<p>{FILLER}</p><h2>Heading left at the foot</h2><p style="break-before: page">{FILLER}</p>
<table><caption>Split row table</caption><tbody><tr><td>{"<br>".join(["tall cell"] * 140)}</td></tr></tbody></table>
<p>{FILLER}</p>
<p class="source-line">Sources: {"; ".join(["A publisher, A long title of a report (2020)"] * 12)}.</p>
</body></html>"""


def test_checker_finds_every_planted_fault(tmp_path):
    document = layout_document(PLANTED, tmp_path, "", {})
    pdf = tmp_path / "planted.pdf"
    pdf.write_bytes(document.write_pdf(**PDF_OPTIONS))
    problems = layout.check(document, layout.page_words(pdf))
    kinds = {p.kind for p in problems}
    assert kinds == {"short page", "stranded caption", "split row", "stranded heading", "long source line"}, problems
    details = "\n".join(str(p) for p in problems)
    assert "'Stranded caption table' without its exhibit" in details
    assert "'Heading left at the foot' ends the page" in details
    assert "runs over pages" in details and "tall cell" in details
    assert "'Sources: A publisher, A long title of a report (2020); A publisher, A …' takes" in details


def test_checker_refuses_a_pdf_of_another_document(tmp_path):
    document = layout_document(PLANTED, tmp_path, "", {})
    with pytest.raises(ValueError, match="not the same document"):
        layout.check(document, [100] * (len(document.pages) + 1))
