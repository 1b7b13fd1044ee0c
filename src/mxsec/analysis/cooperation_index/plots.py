"""The cooperation index's charts, each a ``report.Chart`` named as its files
(``<name>.png``, ``<name>.csv``), with the data exactly as plotted; captions and alt text come
from ``text``, colours from ``mxsec.charts``."""

from __future__ import annotations

import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd

from mxsec import charts
from mxsec.analysis import periods
from mxsec.report import Chart

from . import text
from .compute import (ADMINISTRATIONS_SOURCE, INDICATOR_BY_NAME, MAJOR_COOPERATIVE, NORMALISATION_LABELS, PILLAR_LABELS,
                      PILLARS, CooperationIndex, cited_ids, literature_years, major_events, pillar_gaps,
                      pillar_of)


def _year_axis(ax, r: CooperationIndex) -> list[charts.TermBand]:
    """The window, the unscored years hatched, the Mexican terms shaded; returns the term bands."""
    ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
    charts.mark_no_figure(ax, r.unscored_years)
    bands = charts.shade_administrations(ax, r.tables["administrations"], offset=charts.YEAR_CENTRED)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)
    return bands


def fan_chart(r: CooperationIndex) -> Chart:
    """Median of the draws with 50% and 90% bands per scored year, the deterministic index, gap
    years hatched, Mexican terms shaded, and major bilateral events marked along the bottom."""
    fig, ax = charts.new_figure(height=4.6)
    s = r.summary.set_index("year")
    colour = charts.INDEX_COLOUR
    for run in periods.year_runs(s.index):
        part = s.loc[run]
        if len(run) > 1:
            ax.fill_between(run, part["p05"], part["p95"], color=colour, alpha=0.15, lw=0, zorder=2)
            ax.fill_between(run, part["p25"], part["p75"], color=colour, alpha=0.32, lw=0, zorder=2.1)
        else:
            ax.vlines(run, part["p05"], part["p95"], color=colour, alpha=0.35, lw=6, zorder=2)
            ax.vlines(run, part["p25"], part["p75"], color=colour, alpha=0.6, lw=6, zorder=2.1)
        ax.plot(run, part["median"], color=colour, lw=1.8, marker="o", ms=4, zorder=3)
        ax.plot(run, part["reference"], color=charts.INK, lw=1, ls="--", marker="D", ms=3, mfc=charts.PAPER_COLOUR, zorder=3.1)
    ax.set_ylim(0, 100)
    events = major_events(r)
    events["x"] = [charts.decimal_year(d) - 0.5 for d in events["date"]]
    for row in events.itertuples(index=False):
        cooperative = row.category in MAJOR_COOPERATIVE
        ax.plot(row.x, 3 if cooperative else 1.2, marker="^" if cooperative else "v", ms=4.5, lw=0, zorder=3,
                color=charts.COOPERATIVE_EVENT_COLOUR if cooperative else charts.CONFLICTUAL_EVENT_COLOUR, clip_on=False)
    literature = [y for y in literature_years(r) if y in s.index]
    charts.mark_literature(ax, literature, s.loc[literature, "reference"].to_numpy(float))
    bands = _year_axis(ax, r)
    ax.set_ylabel("Index (1–100)")
    ax.set_title(f"Cooperation index, {r.start_year}–{r.end_year}", pad=14)
    handles = [matplotlib.lines.Line2D([], [], color=colour, marker="o", ms=4, lw=1.8, label="Median of draws"),
               matplotlib.patches.Patch(color=colour, alpha=0.45, label="50% band"),
               matplotlib.patches.Patch(color=colour, alpha=0.15, label="90% band"),
               matplotlib.lines.Line2D([], [], color=charts.INK, ls="--", marker="D", ms=3, mfc=charts.PAPER_COLOUR, lw=1,
                                       label="Deterministic index (parameters)"),
               matplotlib.lines.Line2D([], [], color=charts.COOPERATIVE_EVENT_COLOUR, marker="^", lw=0, ms=5, label="Agreement or aid milestone"),
               matplotlib.lines.Line2D([], [], color=charts.CONFLICTUAL_EVENT_COLOUR, marker="v", lw=0, ms=5,
                                       label="Dispute, suspension or unilateral measure"),
               charts.no_figure_handle("No score (a pillar has no data)")] + ([charts.literature_handle()] if literature else [])
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=3, fontsize=7.5)
    data = r.summary[["year", "reference", "median", "p05", "p25", "p75", "p95", "prob_increase", "change"]].copy()
    data["literature_sourced"] = data["year"].isin(literature)
    ev = events.assign(year=events["date"].dt.year, layer="major event", literature_sourced=False)[
        ["year", "date", "category", "title", "source_id", "literature_sourced"]]
    data = pd.concat([data.assign(layer="index"), ev.assign(layer="major event")], ignore_index=True)
    ids = cited_ids(r, extra=set(events["source_id"]) | {ADMINISTRATIONS_SOURCE})
    caption = periods.with_note(text.fan_caption(r), periods.unlabelled_terms_note(charts.unlabelled(bands)))
    return Chart("index-fan", fig, data, caption, text.FAN_ALT, tuple(ids))


def pillars_chart(r: CooperationIndex) -> Chart:
    """Small multiples: one panel per pillar with its score (thick) and its normalised
    indicators (thin), reference choices, every year of the window that has values."""
    fig, axes = charts.new_figure(1, 3, height=3.4, sharey=True)
    axes = list(np.ravel(axes))
    rows = []
    ref = r.reference.set_index("year")
    literature = set(literature_years(r))
    for ax, pillar in zip(axes, PILLARS):
        members = [c for c in r.normalised.columns if pillar_of(c) == pillar]
        for i, name in enumerate(members):
            series = r.normalised[name]
            if len(members) > 1:
                ax.plot(series.index, series, color=charts.INDICATOR_COLOURS[i], lw=0.9, marker=".", ms=4,
                        label=INDICATOR_BY_NAME[name].label)
            rows += [{"pillar": pillar, "series": INDICATOR_BY_NAME[name].label, "year": int(y), "score": v,
                      "literature_sourced": pillar == "judicial" and int(y) in literature}
                     for y, v in series.items() if pd.notna(v)]
        ax.plot(ref.index, ref[pillar], color=charts.PILLAR_COLOURS[pillar], lw=2, marker="o", ms=3.5, label="Pillar score")
        rows += [{"pillar": pillar, "series": "pillar score", "year": int(y), "score": v,
                  "literature_sourced": pillar == "judicial" and int(y) in literature}
                 for y, v in ref[pillar].items() if pd.notna(v)]
        marked = sorted(y for y in literature if pillar == "judicial" and y in ref.index and pd.notna(ref.at[y, pillar]))
        charts.mark_literature(ax, marked, ref.loc[marked, pillar].to_numpy(float))
        ax.set_title(PILLAR_LABELS[pillar], fontsize=9.5)
        ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
        ax.set_ylim(0, 100)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=4, integer=True))
        ax.grid(axis="x", visible=False)
        charts.mark_no_figure(ax, pillar_gaps(r, pillar))
        handles, _ = ax.get_legend_handles_labels()
        if len(members) < 2:
            handles = []  # the pillar line alone needs no key
        if charts.has_no_figure(ax):
            handles.append(charts.no_figure_handle("No value"))
        if marked:
            handles.append(charts.literature_handle())
        if handles:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=6.5, ncol=1)
    axes[0].set_ylabel(f"Normalised score ({NORMALISATION_LABELS[r.normalisation]})")
    data = pd.DataFrame(rows)
    return Chart("pillars", fig, data, text.pillars_caption(r), text.PILLARS_ALT, tuple(cited_ids(r, r.indicators.years)))


def contribution_chart(r: CooperationIndex) -> Chart:
    """Stacked bars: each pillar's contribution to the deterministic index per scored year."""
    fig, ax = charts.new_figure(height=3.9)
    data = r.contributions
    years = sorted(data["year"].unique())
    bottom = np.zeros(len(years))
    for pillar in PILLARS:
        part = data[data["pillar"] == pillar].set_index("year").reindex(years)["contribution"].to_numpy(float)
        ax.bar(years, part, bottom=bottom, label=PILLAR_LABELS[pillar], width=0.7, **charts.fill(charts.PILLAR_COLOURS[pillar]))
        bottom += part
    ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
    charts.mark_no_figure(ax, r.unscored_years)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_ylabel("Index points")
    ax.set_title("Contribution of each pillar to the deterministic index")
    ax.grid(axis="x", visible=False)
    handles, _ = ax.get_legend_handles_labels()
    if charts.has_no_figure(ax):
        handles.append(charts.no_figure_handle("No score"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(handles))
    return Chart("pillar-contributions", fig, data, text.contribution_caption(r), text.CONTRIBUTION_ALT,
                 tuple(cited_ids(r)))


def coverage_chart(r: CooperationIndex) -> Chart:
    """Heatmap: which indicator, pillar and index value exists in which year."""
    data = r.coverage
    order = list(dict.fromkeys(data["row"]))
    years = sorted(data["year"].unique())
    grid = data.pivot(index="row", columns="year", values="available").reindex(order)[years].astype(float).to_numpy()
    kinds = data.drop_duplicates("row").set_index("row").loc[order, "kind"].to_numpy()
    shade = np.where(grid > 0, np.where(kinds[:, None] == "index", 3, np.where(kinds[:, None] == "pillar", 2, 1)), 0)
    fig, ax = charts.new_figure(height=0.3 * len(order) + 1.3)
    cells = [charts.PAPER_COLOUR, charts.INDEX_INDICATOR_COLOUR, charts.INDEX_COLOUR, charts.INK]
    cmap = matplotlib.colors.ListedColormap(cells)
    ax.imshow(shade, aspect="auto", cmap=cmap, vmin=-0.5, vmax=3.5, interpolation="nearest")
    for i in range(len(order)):  # no value: hatched, row by row (axes fractions; row 0 at the top)
        charts.mark_no_figure(ax, [k for k in range(len(years)) if shade[i, k] == 0], ymin=(len(order) - i - 1) / len(order),
                              ymax=(len(order) - i) / len(order))
    ax.set_yticks(range(len(order)), order, fontsize=7.5)
    ax.set_xticks(range(len(years)), [str(y) if (y - years[0]) % 2 == 0 else "" for y in years], fontsize=7.5)
    ax.set_xticks(np.arange(-0.5, len(years)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(order)), minor=True)
    ax.grid(which="minor", color=charts.PAPER_COLOUR, lw=1.2)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0)
    for row in data[data["note"] != ""].itertuples(index=False):
        cell = cells[shade[order.index(row.row), years.index(row.year)]]
        ax.text(years.index(row.year), order.index(row.row), "N", ha="center", va="center", fontsize=6.5,
                color=charts.text_colour_on(cell), fontweight="bold")
    ax.set_title("Data coverage: which values exist")
    handles = [matplotlib.patches.Patch(color=charts.INDEX_INDICATOR_COLOUR, label="Indicator value"),
               matplotlib.patches.Patch(color=charts.INDEX_COLOUR, label="Pillar score"),
               matplotlib.patches.Patch(color=charts.INK, label="Index score"),
               charts.no_figure_handle("No value (not imputed)")]
    if (data["note"] != "").any():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.INK, marker="$N$", lw=0, ms=6,
                                               label="Mexican nationals only"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=len(handles), fontsize=7)
    return Chart("coverage", fig, data, text.coverage_caption(r), text.COVERAGE_ALT, tuple(cited_ids(r, r.indicators.years)))


def sobol_chart(r: CooperationIndex) -> Chart:
    """Horizontal bars: first-order and total Sobol index per factor (choices and data, the latter
    marked), with 95% bootstrap intervals."""
    table = r.sobol.table.sort_values("ST")
    fig, ax = charts.new_figure(height=0.3 * len(table) + 1.4)
    y = np.arange(len(table))
    ax.barh(y + 0.19, table["ST"], height=0.36, color=charts.INDEX_COLOUR, label="Total (with interactions)",
            xerr=table["ST_conf"], error_kw={"lw": 0.8, "ecolor": charts.MUTED})
    ax.barh(y - 0.19, table["S1"], height=0.36, color=charts.INDEX_INDICATOR_COLOUR, label="First order (alone)",
            xerr=table["S1_conf"], error_kw={"lw": 0.8, "ecolor": charts.MUTED})
    ax.set_yticks(y, [f"{label} (data)" if kind == "data" else label for label, kind in zip(table["label"], table["kind"])])
    ax.set_xlim(0, max(1.0, float((table["ST"] + table["ST_conf"]).max()) * 1.05))
    ax.set_xlabel("Sobol index (share of the variance of the mean rank shift)")
    ax.set_title("Which choices and which data move the ranking of years")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    data = table.sort_values("ST", ascending=False).reset_index(drop=True)
    return Chart("sobol", fig, data, text.sobol_caption(r), text.SOBOL_ALT, tuple(cited_ids(r)))


def rank_chart(r: CooperationIndex) -> Chart:
    """Dot-and-whisker: each scored year's median rank with its 5-95% interval, best at top."""
    s = r.summary.sort_values(["rank_median", "year"]).reset_index(drop=True)
    fig, ax = charts.new_figure(height=0.28 * len(s) + 1.3)
    y = np.arange(len(s))[::-1]
    ax.hlines(y + 0.1, s["rank_p05"], s["rank_p95"], color=charts.INDEX_COLOUR, lw=1.6)
    ax.plot(s["rank_median"], y + 0.1, "o", color=charts.INDEX_COLOUR, mec=charts.PAPER_COLOUR, mew=1.0, ms=6, zorder=3)
    ref_ranks = s["reference_rank"].to_numpy(float)
    ax.plot(ref_ranks, y - 0.22, "D", mfc=charts.PAPER_COLOUR, mec=charts.INK, ms=4, lw=0, zorder=3)
    ax.set_yticks(y, s["year"].astype(str))
    ax.set_xlim(0.5, len(s) + 0.5)
    ax.invert_xaxis()
    ax.set_xticks(charts.rank_ticks(len(s)))  # rank 1, the top, always a tick
    ax.set_xlabel("Rank among scored years (1 = most cooperation)")
    ax.set_title("Rank of each year across the draws")
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.lines.Line2D([], [], color=charts.INDEX_COLOUR, marker="o", mec=charts.PAPER_COLOUR, lw=1.6,
                                       label="Median rank, 5–95% interval"),
               matplotlib.lines.Line2D([], [], color=charts.INK, marker="D", mfc=charts.PAPER_COLOUR, lw=0, label="Rank of the deterministic index")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
    data = s[["year", "rank_median", "rank_p05", "rank_p95"]].assign(reference_rank=ref_ranks)
    return Chart("year-ranks", fig, data, text.rank_caption(r), text.RANK_ALT, tuple(cited_ids(r)))
