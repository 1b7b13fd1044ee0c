"""The extraditions report's charts, each a ``report.Chart`` named as its files
(``<name>.png``, ``<name>.csv``), with the data exactly as plotted; captions and alt text come
from ``text``, colours from ``mxsec.charts``."""

from __future__ import annotations

import textwrap

import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import pandas as pd

from mxsec import charts
from mxsec.analysis import common, periods
from mxsec.data.sources import is_literature
from mxsec.report import Chart

from . import text
from .compute import (DIRECTION_LABELS, DIRECTION_SHORT, SCOPE_LABELS, SOURCE_MODES, Extraditions, day_label, gap_years,
                      relation_gaps)

ASSISTANCE_TITLE = "U.S. security assistance to Mexico, obligated (USD million, U.S. fiscal year)"


def annual_chart(r: Extraditions) -> Chart:
    """Annual extraditions: a line for the selected series (breaking at every year without a
    full-year figure and at changes of scope), a dot for every source's value (with
    ``source='all'``, coloured by source and set side by side within the year), hatched bands
    for gap years, and with ``include_transfers`` the transfers stacked in their own colour.

    Points sit at the year's middle (x = year), so a term starting 1 December is drawn as
    starting half a year before the first year assigned to it. The data is what is plotted,
    in long format."""
    fig, ax = charts.new_figure(height=4.6 if r.source == "all" else 4.4)
    annual, rows = r.annual, r.rows
    labels = text.source_labels(rows, r.sources)
    plotted = []
    ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
    gaps = gap_years(annual)
    charts.mark_no_figure(ax, gaps)
    selected = set(zip(r.series["year"], r.series["source_id"], r.series["persons"].astype(int), r.series["scope"]))
    markers = {"all_persons": "o", "nationals_only": "^"}
    ids = list(labels)
    colours = {s: charts.EXTRADITIONS_SOURCE_COLOURS[i % len(charts.EXTRADITIONS_SOURCE_COLOURS)] for i, s in enumerate(ids)}
    offsets = {}
    if r.source == "all":
        for year, group in rows.groupby("year"):
            n = len(group)
            for k, index in enumerate(group.index):
                offsets[index] = (k - (n - 1) / 2) * min(0.18, 0.7 / max(n, 1))
    for index, row in rows.iterrows():
        chosen = (row["year"], row["source_id"], int(row["persons"]), row["scope"]) in selected
        if r.source == "all":
            colour = colours[row["source_id"]]
            face = colour if row["full_year"] else charts.PAPER_COLOUR
        else:
            colour = charts.EXTRADITIONS_SERIES_COLOUR if chosen else charts.EXTRADITIONS_OTHER_SOURCE_COLOUR
            face = colour if chosen and row["full_year"] else charts.PAPER_COLOUR
        ax.scatter(row["year"] + offsets.get(index, 0), int(row["persons"]), marker=markers[row["scope"]],
                   s=26 if r.source == "all" else (30 if chosen else 24), facecolor=face, edgecolor=colour,
                   linewidth=1.1, zorder=3 if chosen else 2.8)
        plotted.append({"year": row["year"], "layer": "source value", "persons": int(row["persons"]), "scope": row["scope"],
                        "months": int(row["months"]), "year_basis": row["year_basis"], "obs_status": row["obs_status"],
                        "source_id": row["source_id"], "selected": chosen})
    for scope in SCOPE_LABELS:  # one line per scope, so a nationals-only year is never joined to an all-persons year
        values = annual["persons"].where(annual["scope"] == scope).astype("Float64").astype(float)
        ax.plot(annual["year"], values, color=charts.EXTRADITIONS_SERIES_COLOUR, lw=1.8, zorder=2.5)
    for row in annual[annual["persons"].notna()].itertuples(index=False):
        plotted.append({"year": row.year, "layer": "selected series (line)", "persons": int(row.persons), "scope": row.scope,
                        "months": int(row.months), "year_basis": "calendar", "obs_status": row.obs_status,
                        "source_id": row.source_id, "selected": True})
    literature = annual[annual["literature"] & annual["persons"].notna()]
    charts.mark_literature(ax, literature["year"], literature["persons"].astype(float))
    top = max([int(v) for v in rows["persons"]] + [10])
    if r.include_transfers and len(r.transfers):
        base_of = dict(zip(annual["year"], annual["persons"]))
        for t in r.transfers[r.transfers["persons"].notna()].itertuples(index=False):
            base = base_of.get(t.year, pd.NA)
            bottom = 0 if pd.isna(base) else int(base)
            ax.bar(t.year, int(t.persons), bottom=bottom, width=0.7, color=charts.EXTRADITIONS_TRANSFER_COLOUR, alpha=0.9,
                   hatch=charts.QUALIFIED_HATCH if t.partial else None, edgecolor=charts.PAPER_COLOUR, lw=0.5, zorder=2.2)
            label = f"{int(t.persons)}" + ("\npartial\nyear" if t.partial else "")
            ax.text(t.year, bottom + int(t.persons) + 1.5, label, ha="center", va="bottom", fontsize=6.5, color=charts.INK,
                    linespacing=0.95)
            top = max(top, bottom + int(t.persons))
            plotted.append({"year": t.year, "layer": "transfers (stacked, not extraditions)", "persons": int(t.persons),
                            "scope": "all_persons", "months": pd.NA, "year_basis": t.basis, "obs_status": pd.NA,
                            "source_id": "; ".join(t.source_ids), "selected": True})
    ax.set_ylim(0, top * 1.2)
    bands = charts.shade_administrations(ax, r.administrations, offset=charts.YEAR_CENTRED)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    charts.thousands(ax)
    ax.set_ylabel("Persons per calendar year")
    ax.grid(axis="x", visible=False)
    ax.set_title(f"Extraditions from {DIRECTION_LABELS[r.direction]}, {r.start_year}–{r.end_year}", pad=14)
    line_label = "Preferred figure (line)" if r.source in SOURCE_MODES else f"Selected source: {labels.get(r.source, r.source)}"
    handles = [matplotlib.lines.Line2D([], [], color=charts.EXTRADITIONS_SERIES_COLOUR, marker="o", lw=1.8, ms=5, label=line_label)]
    if r.source == "all":
        handles += [matplotlib.lines.Line2D([], [], color=colours[s], marker="o", lw=0, ms=5, label=labels[s]) for s in ids]
    elif any((y, sid, int(p), sc) not in selected for y, sid, p, sc in zip(rows["year"], rows["source_id"], rows["persons"], rows["scope"])):
        handles.append(matplotlib.lines.Line2D([], [], color=charts.EXTRADITIONS_OTHER_SOURCE_COLOUR, marker="o",
                                               mfc=charts.PAPER_COLOUR, lw=0, ms=5,
                                               label="Other sources' values"))
    if (rows["scope"] == "nationals_only").any():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, marker="^", lw=0, ms=5, label="Mexican nationals only"))
    if len(rows) and not rows["full_year"].all():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, marker="o", mfc=charts.PAPER_COLOUR, lw=0, ms=5,
                                               label="Partial-year figure"))
    if r.include_transfers and len(r.transfers):
        handles.append(matplotlib.patches.Patch(color=charts.EXTRADITIONS_TRANSFER_COLOUR,
                                                label="Transfers outside the treaty (stacked)"))
    if len(literature):
        handles.append(charts.literature_handle())
    if gaps:
        handles.append(charts.no_figure_handle("No full-year figure"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3 if len(handles) > 5 else 2,
              fontsize=7 if r.source == "all" else 7.5)
    data = pd.DataFrame(plotted, columns=["year", "layer", "persons", "scope", "months", "year_basis", "obs_status",
                                          "source_id", "selected"])
    data = data.sort_values(["year", "layer", "source_id"]).reset_index(drop=True)
    # a figure whose only source is a paper (the year's figure, not a paper's value beside others')
    data["literature_sourced"] = (data["year"].isin(literature["year"]) & is_literature(data["source_id"].fillna(""))
                                  if len(data) else pd.Series(dtype=bool))
    caption = periods.with_note(text.annual_caption(r), periods.unlabelled_terms_note(charts.unlabelled(bands)))
    return Chart("extraditions-annual", fig, data, caption, text.annual_alt(r), tuple(common.frame_ids(data)))


def timeline_chart(r: Extraditions) -> Chart:
    """Annotated timeline of notable extraditions and transfers: dots at their dates on a
    vertical time axis (oldest at the top), labels spaced evenly to the right and joined to
    their dot. The data is the events shown."""
    events = r.events
    if not len(events):
        return Chart.missing("extraditions-timeline", text.NO_EVENTS)
    n = max(len(events), 1)
    fig, ax = charts.new_figure(height=1.0 + 0.34 * n)
    colours = {"extradition": charts.EXTRADITIONS_SERIES_COLOUR, "transfer": charts.EXTRADITIONS_TRANSFER_COLOUR}
    if len(events):
        dates = events["date"].map(charts.decimal_year)
        lo, hi = dates.min() - 0.9, dates.max() + 0.6
        slots = [lo + 0.3 + (hi - lo - 0.6) * i / max(n - 1, 1) for i in range(n)] if n > 1 else [dates.iloc[0]]
        for (ev, when, slot) in zip(events.itertuples(index=False), dates, slots):
            colour = colours[ev.category]
            ax.scatter(0, when, s=28, color=colour, zorder=3)
            ax.plot([0.02, 0.16, 0.22], [when, slot, slot], color=charts.GRID, lw=0.8, zorder=1)
            ax.text(0.24, slot, f"{day_label(ev.date)}", ha="left", va="center", fontsize=7.5, color=charts.INK, fontweight="bold")
            ax.text(0.74, slot, textwrap.shorten(ev.title, 100, placeholder="…"), ha="left", va="center", fontsize=7.5,
                    color=charts.INK)
        ax.axvline(0, color=charts.MUTED, lw=1.0, zorder=1)
        ax.set_ylim(hi, lo)
        ax.set_xlim(-0.12, 4.6)
        ticks = [y for y in range(int(lo) + 1, int(hi) + 1) if (y % 5 == 0) or (hi - lo < 12 and y % 2 == 0)]
        for y in ticks:
            ax.text(-0.03, y, str(y), ha="right", va="center", fontsize=7.5, color=charts.MUTED)
            ax.plot([-0.015, 0.0], [y, y], color=charts.MUTED, lw=1.0)
    ax.axis("off")
    ax.set_title(f"Notable extraditions and transfers, {r.start_year}–{r.end_year}")
    ax.legend(handles=[matplotlib.lines.Line2D([], [], color=c, marker="o", lw=0, label=k.capitalize()) for k, c in colours.items()],
              loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=7.5)
    data = events.assign(date=events["date"].dt.strftime("%Y-%m-%d"))[["date", "title", "category", "score", "source_id"]]
    return Chart("extraditions-timeline", fig, data, text.timeline_caption(r), text.TIMELINE_ALT,
                 tuple(common.frame_ids(data)))


def homicides_chart(r: Extraditions) -> Chart:
    """Extraditions above, INEGI homicide victims below (``_relation_chart``)."""
    return _relation_chart(r, "homicides")


def assistance_chart(r: Extraditions) -> Chart:
    """Extraditions above, U.S. security assistance obligated below (``_relation_chart``)."""
    return _relation_chart(r, "assistance")


def _relation_chart(r: Extraditions, other: str) -> Chart:
    """Two panels sharing the year axis: extraditions (full-year figures; nationals-only years
    dotted) above, ``other`` ("homicides" or "assistance"; fiscal years only partly reported
    dotted) below; in each panel the years without a figure are hatched (``charts.mark_no_figure``).
    The data is what is plotted. Cites the extradition figures of every year and the other
    series' sources."""
    if other not in ("homicides", "assistance"):
        raise ValueError("other: homicides or assistance")
    frame = r.relation
    fig, axes = charts.new_figure(2, 1, height=4.8, sharex=True)
    top, bottom = axes.ravel()
    x = frame["year"]
    ext = frame["extraditions"].astype("Float64").astype(float)
    nationals = (frame["extraditions_scope"] == "nationals_only").to_numpy()
    top.bar(x[~nationals], ext[~nationals], width=0.7, **charts.fill(charts.EXTRADITIONS_SERIES_COLOUR))
    if nationals.any():
        top.bar(x[nationals], ext[nationals], width=0.7, facecolor=charts.PAPER_COLOUR,
                edgecolor=charts.EXTRADITIONS_SERIES_COLOUR, hatch=charts.QUALIFIED_HATCH,
                label="Mexican nationals only")
    charts.mark_no_figure(top, relation_gaps(r, "extraditions"))
    top.set_title(f"Extraditions, {DIRECTION_SHORT[r.direction]} (persons)", fontsize=9.5)
    charts.thousands(top)
    if other == "homicides":
        values = frame["homicides"].astype("Float64").astype(float)
        bottom.plot(x, values, color=charts.EXTRADITIONS_HOMICIDES_COLOUR, marker="o", ms=3, lw=1.8)
        charts.mark_no_figure(bottom, relation_gaps(r, "homicides"))
        bottom.set_title("Homicide victims in Mexico, INEGI death records (year of registration)", fontsize=9.5)
        charts.thousands(bottom)
        data = frame[["year", "extraditions", "extraditions_scope", "extraditions_obs_status", "homicides",
                      "homicides_obs_status", "homicides_source_id"]]
    else:
        values = frame["assistance_usd"] / 1e6
        partial = frame["assistance_partial"].fillna(False).astype(bool).to_numpy()
        bottom.bar(x[~partial], values[~partial], width=0.7, **charts.fill(charts.EXTRADITIONS_ASSISTANCE_COLOUR))
        if partial.any():
            bottom.bar(x[partial], values[partial], width=0.7, facecolor=charts.PAPER_COLOUR,
                       edgecolor=charts.EXTRADITIONS_ASSISTANCE_COLOUR, hatch=charts.QUALIFIED_HATCH,
                       label="Fiscal year only partly reported in the source")
        charts.mark_no_figure(bottom, relation_gaps(r, "assistance"))
        bottom.set_title(ASSISTANCE_TITLE, fontsize=9.5)
        charts.thousands(bottom)
        data = frame[["year", "extraditions", "extraditions_scope", "extraditions_obs_status", "assistance_usd",
                      "assistance_partial", "assistance_obs_status", "assistance_source_id"]].rename(
            columns={"year": "year_or_fiscal_year"})
    for ax in (top, bottom):
        ax.set_ylim(bottom=0)
        ax.grid(axis="x", visible=False)
        ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
        handles, _ = ax.get_legend_handles_labels()
        if charts.has_no_figure(ax):
            handles.append(charts.no_figure_handle("No full-year figure" if ax is top else "No figure"))
        if handles:
            ax.legend(handles=handles, loc="upper left", fontsize=7.5)
    bottom.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ids = common.split_ids([*data[f"{other}_source_id"], *r.annual["source_id"]])
    return Chart(f"extraditions-{other}", fig, data.reset_index(drop=True), text.relation_caption(r, other),
                 text.RELATION_ALT[other], tuple(ids))


