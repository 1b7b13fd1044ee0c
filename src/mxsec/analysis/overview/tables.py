"""The overview's one table: the claims ledger, grouped by paper with a verdict badge per claim."""

from __future__ import annotations

import html

import pandas as pd

from mxsec.analysis.overview import compute as c
from mxsec.analysis.overview import text
from mxsec.analysis.overview.compute import Overview
from mxsec.report import Table


def ledger_html(table: pd.DataFrame, caption: str, source_line: str = "") -> str:
    """The ledger as one HTML table: a heading row per paper (with its verdict counts), then per
    claim a row with the quote and its place in the paper, the claimed figure, the figure in
    data/ and a verdict badge, and under it the explanation. Rows of a claim stay together on a
    printed page; the table itself may break between claims. Every text is escaped."""
    esc = html.escape
    # a fixed table layout with set column widths: WeasyPrint lays out the automatic one ten times slower
    head = ('<colgroup><col style="width:43%"><col style="width:17%"><col style="width:15%"><col style="width:25%">'
            '</colgroup><thead><tr><th class="text">Claim</th><th class="text">Claimed</th>'
            '<th class="text">In data/</th><th class="text">Verdict</th></tr></thead>')
    bodies = []
    for label, group in table.groupby("paper", sort=False):
        counts = text.paper_heading_counts(len(group), c.ledger_counts(group))
        bodies.append(f'<tbody style="break-inside:avoid;page-break-inside:avoid"><tr><th class="text" colspan="4" '
                      f'style="background:#f3f5f7;padding-top:0.5rem">{esc(label)}'
                      f'<br><span class="source-line" style="font-weight:400">{esc(counts)}'
                      f"</span></th></tr></tbody>")
        for row in group.itertuples(index=False):
            bodies.append(
                '<tbody style="break-inside:avoid;page-break-inside:avoid">'
                f'<tr><td class="text" style="border-bottom:0">{esc(row.claim)} '
                f'<span class="source-line">({esc(row.locator)})</span></td>'
                f'<td class="text" style="border-bottom:0;overflow-wrap:anywhere">{esc(row.claimed)}</td>'
                f'<td class="text" style="border-bottom:0;overflow-wrap:anywhere">{esc(row.data) or "—"}</td>'
                f'<td class="text" style="border-bottom:0"><span class="{esc(row.badge_class)}" style="white-space:normal">'
                f'{esc(row.verdict)}</span>'
                "</td></tr>"
                f'<tr><td class="text source-line" colspan="4" style="overflow-wrap:anywhere;padding-top:0">'
                f"{esc(row.explanation)}</td></tr></tbody>")
    source = f'<p class="source-line">{esc(source_line)}</p>' if source_line else ""
    return (f'<div class="ledger"><table class="report-table" style="width:100%;table-layout:fixed;font-size:0.82rem;'
            f'break-inside:auto;page-break-inside:auto"><caption>{esc(caption)}</caption>{head}{"".join(bodies)}'
            f"</table>{source}</div>")


def ledger_table(o: Overview) -> Table:
    """The ledger of the edition's paper selection, laid out by ``ledger_html``; its sources travel
    as ids (the render engine puts their numbered references under it)."""
    caption = text.ledger_caption(o)
    return Table("claims-ledger", o.ledger, caption, tuple(c.ledger_source_ids(o.ledger)),
                 html=ledger_html(o.ledger, caption))
