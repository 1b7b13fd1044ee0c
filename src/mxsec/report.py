"""What a notebook shows: charts with caption, sources, alt text and data; tables with
caption and sources; the key-figures box; prose with computed numbers.

Every chart, table or key-figure output carries a machine-readable MIME part that the render
engine turns into files (``reports/<edition>/<chart>.png|csv`` and ``<edition>.figures.json``)
and into the page (each exhibit numbered, its sources as numbered references to the report's
one source list); in JupyterLab the same outputs simply display, with the full source line.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd
from matplotlib.figure import Figure

from mxsec.formatting import fmt
from mxsec.render import FIGURE_MIME, KEY_FIGURES_MIME, TABLE_MIME

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

PUBLISHED_DIGITS = 8
"""Significant digits of a computed (non-whole) number in the published files: chart CSVs and key
figures. The last bits of floating-point arithmetic differ between processors (the order of a
vectorised sum follows the CPU's instruction set, at about 1e-15 of the value); rounding them off
keeps the files byte for byte the same on any machine, unless a value lies within those bits of a
rounding boundary (a chance of about one in ten million per value). Eight digits are more than any
figure here is known to. Whole numbers (counts, dollars from the sources) are never rounded."""


def published(value: Any) -> Any:
    """``value`` as published: a non-whole float rounded to ``PUBLISHED_DIGITS`` significant digits,
    anything else unchanged."""
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        return float(f"{value:.{PUBLISHED_DIGITS}g}")
    return value


def published_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every float column's values as published (``published``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = out[column].map(published)
    return out


class _Output:
    """A display object with a fixed MIME bundle."""

    def __init__(self, bundle: dict[str, Any]) -> None:
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.08)
    return buffer.getvalue()


@dataclass(frozen=True)
class Chart:
    """One chart, as a topic's ``plots`` layer returns it: everything ``show`` needs.

    ``name`` becomes the file name (``<name>.png``, ``<name>.csv``); ``figure`` is the drawing
    (``None`` when the selection leaves nothing to draw: ``caption`` then says why, and ``show``
    prints that sentence instead); ``data`` is exactly what is plotted; ``caption`` states the
    finding; ``alt`` describes the chart for screen readers; ``source_ids`` resolve in
    ``data/sources.csv``."""

    name: str
    figure: Figure | None
    data: pd.DataFrame | None
    caption: str
    alt: str = ""
    source_ids: tuple[str, ...] = ()

    @classmethod
    def missing(cls, name: str, why: str) -> "Chart":
        """No chart for this selection, and the sentence that says why."""
        return cls(name, None, None, why)


@dataclass(frozen=True)
class Table:
    """One display table, as a topic's ``tables`` layer returns it. ``text_columns`` are
    left-aligned as text whatever their type; ``note`` prints under the source line. ``data``
    is ``None`` when the selection leaves no row: ``caption`` then says why, and ``show``
    prints that sentence instead. ``html`` is for a layout the generic table cannot express
    (the claims ledger: a heading row per paper, two rows per claim): the ``tables`` layer lays
    it out, its one ``<caption>`` included, and ``show`` passes it on as it is, with
    ``source_ids`` and ``note`` for the engine to put under it; ``data`` is still the frame
    behind it."""

    name: str
    data: pd.DataFrame | None
    caption: str
    source_ids: tuple[str, ...] = ()
    note: str = ""
    text_columns: tuple[str, ...] = ()
    html: str = ""

    @classmethod
    def missing(cls, name: str, why: str) -> "Table":
        """No table for this selection, and the sentence that says why."""
        return cls(name, None, why)


def show(item: "Chart | Table") -> _Output:
    """The output of one chart or table: the single call a notebook makes to display either."""
    if isinstance(item, Table):
        if item.data is None:
            return md(item.caption)
        if item.html:
            return _table_output(item.name, item.html, item.data, caption=item.caption, source_ids=item.source_ids,
                                 note=item.note)
        return show_table(item.data, name=item.name, caption=item.caption, source_ids=item.source_ids,
                          note=item.note, text_columns=item.text_columns)
    if isinstance(item, Chart):
        if item.figure is None:
            return md(item.caption)
        return show_chart(item.figure, name=item.name, caption=item.caption, alt=item.alt, data=item.data,
                          source_ids=item.source_ids)
    raise TypeError(f"show: expected a report.Chart or report.Table, got {type(item).__name__}")


def _check_name(kind: str, name: str) -> None:
    if not _NAME.match(name or ""):
        raise ValueError(f"{kind} name {name!r}: use lowercase letters, digits, '-' and '_'")


def show_chart(fig: Figure, *, name: str, caption: str, alt: str, data: pd.DataFrame,
               source_ids: Iterable[str]) -> _Output:
    """The output for one chart. ``name`` becomes the file name (``<name>.png``, ``<name>.csv``)
    and the page anchor (``figure-<name>``); ``caption`` states the finding; ``alt`` describes
    the chart for screen readers; ``data`` is exactly what is plotted; ``source_ids`` resolve in
    ``data/sources.csv``: the payload keeps them all (``source_ids``) with each one's long-form
    citation (``sources``), which the engine numbers."""
    from mxsec.data import citations, source_line

    _check_name("chart", name)
    if not alt.strip() or not caption.strip():
        raise ValueError(f"chart {name!r}: caption and alt text are required")
    png = _png(fig)
    width, height = (int(v) for v in fig.get_size_inches() * fig.dpi)
    ids = list(source_ids)
    payload = {
        "name": name,
        "caption": caption,
        "alt": alt,
        "source_ids": sorted(set(ids)),
        "sources": citations(ids),
        "csv": published_frame(data).to_csv(index=False, lineterminator="\n"),
        "width_px": width,
        "height_px": height,
    }
    encoded = base64.b64encode(png).decode("ascii")
    text = f"Figure: {caption}\n{source_line(ids)}"
    return _Output({"image/png": encoded, FIGURE_MIME: payload, "text/plain": text})


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if value is None or value is pd.NA:
        return ""
    return html.escape(str(value))


def show_table(data: pd.DataFrame, *, name: str, caption: str, source_ids: Iterable[str] = (), note: str = "",
               text_columns: Iterable[str] = ()) -> _Output:
    """A captioned HTML table (the engine numbers it, anchors it as ``table-<name>`` and puts its
    numbered source references and a cite line under it). Missing values print empty, never as
    zero."""
    text_cols = set(text_columns) | {c for c in data.columns if data[c].dtype == object or str(data[c].dtype) in ("string", "str")}
    head = "".join(f'<th class="{"text" if c in text_cols else "num"}">{html.escape(str(c))}</th>' for c in data.columns)
    rows = []
    for record in data.itertuples(index=False):
        cells = "".join(f'<td class="{"text" if c in text_cols else "num"}">{_cell(v)}</td>' for c, v in zip(data.columns, record))
        rows.append(f"<tr>{cells}</tr>")
    table = (f'<table class="report-table"><caption>{html.escape(caption)}</caption>'
             f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _table_output(name, table, data, caption=caption, source_ids=source_ids, note=note)


def _table_output(name: str, table_html: str, data: pd.DataFrame, *, caption: str, source_ids: Iterable[str],
                  note: str) -> _Output:
    """A table's output: the engine's payload (``TABLE_MIME``: the laid-out ``<table>`` with its one
    ``<caption>``, the note, every source id and each one's long-form citation) and, for
    JupyterLab, the same table with its full source line and note."""
    from mxsec.data import citations, source_line

    _check_name("table", name)
    if table_html.count("<caption>") != 1:
        raise ValueError(f"table {name!r}: the laid-out HTML must hold exactly one <caption>")
    ids = list(source_ids)
    payload = {"name": name, "caption": caption, "html": table_html, "note": note,
               "source_ids": sorted(set(ids)), "sources": citations(ids)}
    lines = [line for line in (source_line(ids), note) if line]
    interactive = (f'<div class="table-wrap">{table_html}'
                   + "".join(f'<p class="source-line">{html.escape(line)}</p>' for line in lines) + "</div>")
    return _Output({"text/html": interactive, TABLE_MIME: payload,
                    "text/plain": f"Table: {caption}\n{data.to_string(index=False)}"})


def key_figures(figures: dict[str, dict[str, Any]], labels: dict[str, str]) -> _Output:
    """The key-figures box. ``figures`` maps a name to ``{value, unit, period, source_ids, note}``
    (the ``key_figures()`` function of the topic's analysis module returns it); ``labels`` maps
    the names to show in the box to their human label. All figures go to figures.json."""
    for name, entry in figures.items():
        missing = {"value", "unit", "period", "source_ids", "note"} - set(entry)
        if missing:
            raise ValueError(f"key figure {name!r} lacks {', '.join(sorted(missing))}")
    items = []
    for name, label in labels.items():
        entry = figures[name]
        items.append(f'<div><span class="kf-value">{html.escape(_display_value(entry))}</span>'
                     f'<span class="kf-label">{html.escape(label)} ({html.escape(str(entry["period"]))})</span></div>')
    box = f'<section class="key-figures" aria-label="Key figures">{"".join(items)}</section>'
    return _Output({"text/html": box, KEY_FIGURES_MIME: _jsonable(figures), "text/plain": "Key figures"})


def _display_value(entry: dict[str, Any]) -> str:
    value, unit = entry["value"], entry["unit"]
    if isinstance(value, (list, dict)):
        return str(len(value))
    if unit == "usd":
        return fmt(value, "usd")
    if unit in ("persons", "homicides", "deaths", "count", "events"):
        return fmt(value, "int")
    if unit == "percent":
        return fmt(value, "pct")
    if unit in ("rate_per_100k",):
        return fmt(value, "rate")
    return str(value)


def _jsonable(value: Any) -> Any:
    """Plain JSON types only (numpy and pandas scalars converted; NaN becomes None; floats as
    ``published``)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    return published(value)


CHANGES_FIRST = "This is the first edition of this report: there is no previous edition to compare with."
CHANGES_NONE = ("No key figure changed since the previous edition (inputs {inputs}): every value, period and flag "
                "in figures.json is as it was.")
CHANGES_NOT_DEFAULT = ("Changes between editions are listed in the default edition of this report only; this edition "
                       "has other parameters, so its figures are not comparable with the previous default edition.")
CHANGES_CAPTION = "Key figures that changed since the previous edition (inputs {inputs}), and why"


def changes(topic: str, figures: dict[str, dict[str, Any]], names: dict[str, str]) -> _Output:
    """The "Changes in this edition" section: ``figures`` (the topic's key figures) against the
    previous published edition's (``mxsec.revisions``), each change with its recorded reason.
    ``names`` (the topic's ``text.key_figure_names``) gives the display name of every key figure
    and of the keys inside dict values; a changed figure without one raises ValueError, so no
    code name reaches the table. Shown in the default edition only (the edition named like the
    topic)."""
    from mxsec import revisions
    from mxsec.data import load

    if edition() != topic:
        return md(CHANGES_NOT_DEFAULT)
    previous = revisions.previous_figures(topic)
    if previous is None:
        return md(CHANGES_FIRST)
    inputs = str(previous.get("_meta", {}).get("inputs_hash", ""))[:8] or "unknown"
    table = revisions.changes(topic, _jsonable(figures), load("revisions"))
    if table.empty:
        return md(CHANGES_NONE.format(inputs=inputs))
    grouped = revisions.by_figure(table, names)
    unnamed = [f for f in grouped["figure"] if f not in names]
    if unnamed:
        raise ValueError(f"{topic}: key figures without a display name in text.key_figure_names: {', '.join(unnamed)}")
    shown = pd.DataFrame({
        "Key figure": [names[f] for f in grouped["figure"]],
        "What changed": grouped["parts"], "Previous edition": grouped["previous"], "This edition": grouped["current"],
        "Reason": grouped["reason"]})
    return show_table(shown, name="changes", caption=CHANGES_CAPTION.format(inputs=inputs))


def md(text: str) -> _Output:
    """Markdown prose with computed numbers already inserted (use ``fmt`` for each number)."""
    return _Output({"text/markdown": text, "text/plain": text})


def bullets(items: Iterable[str], empty: str = "") -> _Output:
    """A markdown bullet list, one item per line; ``empty`` is printed when there are none."""
    return md("\n".join(f"- {item}" for item in items) or empty)


def edition() -> str:
    """The edition name the engine is rendering (``interactive`` in JupyterLab)."""
    return os.environ.get("MXSEC_EDITION", "interactive")
