"""The overview's charts: the shared timeline, the cooperation index with its bands, and the
context of the border and the drug market (each line named for what it counts)."""

from __future__ import annotations

from typing import Iterable

import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd

from mxsec import charts
from mxsec.analysis import periods
from mxsec.analysis.overview import compute as c
from mxsec.analysis.overview import text
from mxsec.analysis.overview.compute import Overview, Timeline, violence
from mxsec.report import Chart


def _shade_terms(ax, terms: pd.DataFrame, start_year: int, end_year: int) -> None:
    """Mexican terms shaded, unlabelled (the top strip names them), on the year-centred axis."""
    if len(terms):
        charts.shade_administrations(ax, terms, xmin=start_year - 0.5, xmax=end_year + 0.5, label=False,
                                     offset=charts.YEAR_CENTRED)


def _panel_title(ax, text: str) -> None:
    ax.set_title(text, loc="left", fontsize=8.5, fontweight="bold", pad=3)


def _timeline_chart(t: Timeline) -> Chart:
    """Four stacked panels on one x axis: presidential terms of both countries with the major
    events; U.S. security assistance obligated (constant dollars, by fiscal year); extraditions
    Mexico -> U.S. (calendar years); homicides in Mexico (both official systems). Years without
    a figure are hatched in the aid and extradition panels."""
    lo, hi = t.start_year - 0.5, t.end_year + 0.5
    fig, grid = charts.new_figure(4, 1, height=5.4, sharex=True)
    axes = list(grid[:, 0])
    axes[0].get_gridspec().set_height_ratios([0.85, 1.0, 1.0, 1.1])
    strip, aid_ax, ext_ax, hom_ax = axes
    fig.suptitle(text.timeline_title(t), x=0.0, ha="left",
                 fontsize=11, fontweight="bold")

    # presidents and events
    rows = {"MX": 2.0, "US": 1.0}
    unlabelled = []  # (full name, side) of the terms too short to label (charts.term_label_fits)
    for country, y in rows.items():
        terms = t.terms[t.terms["country"] == country].reset_index(drop=True) if len(t.terms) else t.terms
        for i, term in terms.iterrows():
            strip.barh(y, term["x1"] - term["x0"], left=term["x0"], height=0.78, color=charts.OVERVIEW_TERM_SHADES[i % 2],
                       edgecolor="white", lw=0.8, gid=f"{charts.TERM_BAND_GID}:{country}{i}:{term['name']}")
            if charts.term_label_fits(term["x1"] - term["x0"], hi - lo):
                strip.text((term["x0"] + term["x1"]) / 2, y, term["short_name"], ha="center", va="center", fontsize=7,
                           color=charts.INK, gid=f"{charts.TERM_LABEL_GID}:{country}{i}:{term['name']}")
            else:
                unlabelled.append((term["name"], "left" if term["x0"] <= lo else "right" if term["x1"] >= hi else "inside"))
    for kind, marker, colour, y in (("cooperative", "^", charts.COOPERATIVE_EVENT_COLOUR, 0.12),
                                    ("conflictual", "v", charts.CONFLICTUAL_EVENT_COLOUR, -0.12)):
        ev = t.events[t.events["kind"] == kind]
        strip.scatter(ev["x"], np.full(len(ev), y), marker=marker, s=22, color=colour, zorder=3, lw=0)
    coverage_start = c.events_coverage_start(t)
    if coverage_start is not None:
        charts.no_figure_span(strip, lo, coverage_start, ymin=0, ymax=0.25)
    strip.set_yticks([2, 1, 0], ["Mexico", "U.S.", "Events"])
    strip.set_ylim(-0.55, 2.5)
    strip.grid(False)
    strip.tick_params(axis="y", length=0, labelsize=8)
    for side in ("left", "bottom"):
        strip.spines[side].set_visible(False)
    _panel_title(strip, "Presidents and major bilateral events")

    # aid
    _shade_terms(aid_ax, t.administrations, t.start_year, t.end_year)
    aid = t.aid[t.aid["value"].notna()]
    aid_ax.bar(aid["fiscal_year"], aid["value"] / 1e6, width=0.75, zorder=2, **charts.fill(charts.OVERVIEW_AID_COLOUR))
    charts.mark_no_figure(aid_ax, c.years_without_value(t.aid, "fiscal_year", t.start_year, t.end_year))
    aid_ax.set_ylabel("$ million", fontsize=8)
    charts.thousands(aid_ax)
    _panel_title(aid_ax, text.aid_panel_title(t))

    # extraditions
    _shade_terms(ext_ax, t.administrations, t.start_year, t.end_year)
    full = t.extraditions[t.extraditions["persons"].notna()]
    nationals = {"facecolor": charts.PAPER_COLOUR, "edgecolor": charts.EXTRADITIONS_SERIES_COLOUR,
                 "hatch": charts.QUALIFIED_HATCH}  # as in the extraditions report
    for scope, style in (("all_persons", charts.fill(charts.EXTRADITIONS_SERIES_COLOUR)), ("nationals_only", nationals)):
        rows_ = full[full["scope"] == scope]
        ext_ax.bar(rows_["year"], rows_["persons"].astype(float), width=0.75, zorder=2, **style)
    charts.mark_no_figure(ext_ax, c.years_without_value(t.extraditions.rename(columns={"persons": "value"}), "year",
                                                  t.start_year, t.end_year))
    literature = full[full["literature"]]
    charts.mark_literature(ext_ax, literature["year"], literature["persons"].astype(float))
    ext_ax.set_ylabel("persons", fontsize=8)
    _panel_title(ext_ax, text.extradition_panel_title())

    # homicides
    _shade_terms(hom_ax, t.administrations, t.start_year, t.end_year)
    order = {label: i for i, label in enumerate(violence.LABEL_ORDER)}
    for label in sorted(t.homicides["series"].unique(), key=lambda s: order.get(s, 99)):
        rows_ = t.homicides[t.homicides["series"] == label].sort_values("year")
        hom_ax.plot(rows_["year"], rows_["value"], lw=1.6, marker="o", ms=2.2,
                    color=charts.VIOLENCE_SERIES_COLOURS.get(label, charts.PALETTE[7]), label=label, zorder=2)
    charts.mark_no_figure(hom_ax, c.years_without_value(t.homicides, "year", t.start_year, t.end_year))
    hom_ax.set_ylabel("homicides", fontsize=8)
    charts.thousands(hom_ax)
    _panel_title(hom_ax, "Homicides in Mexico, by year, both official counts")

    for ax in (aid_ax, ext_ax, hom_ax):
        ax.set_ylim(bottom=0)
        ax.grid(axis="x", visible=False)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=3))
    hom_ax.set_xlim(lo, hi)
    hom_ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    hom_ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    hom_ax.tick_params(axis="x", which="minor", length=2)

    gap = charts.no_figure_handle("no figure")
    handles = [
        matplotlib.lines.Line2D([], [], ls="", marker="^", color=charts.COOPERATIVE_EVENT_COLOUR, label="agreement or aid milestone"),
        matplotlib.lines.Line2D([], [], ls="", marker="v", color=charts.CONFLICTUAL_EVENT_COLOUR,
                                label="dispute, suspension or unilateral measure"),
    ]
    strip.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 0.45), fontsize=7, handletextpad=0.2,
                 borderaxespad=0.2)
    aid_ax.legend(handles=[gap], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    ext_handles = [matplotlib.patches.Patch(color=charts.EXTRADITIONS_SERIES_COLOUR, label="all persons")]
    if (full["scope"] == "nationals_only").any():
        ext_handles.append(matplotlib.patches.Patch(label="Mexican nationals only", **nationals))
    if len(literature):
        ext_handles.append(charts.literature_handle())
    ext_ax.legend(handles=ext_handles + [gap], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    hom_handles, _ = hom_ax.get_legend_handles_labels()
    if charts.has_no_figure(hom_ax):
        hom_handles.append(gap)
    hom_ax.legend(handles=hom_handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    caption = periods.with_note(text.timeline_caption(t), periods.unlabelled_terms_note(unlabelled))
    return Chart("timeline", fig, c.timeline_data(t), caption, text.timeline_alt(t),
                 tuple(c.timeline_source_ids(t, events=not c.CITE_EVENTS_IN_CSV)))


def timeline_chart(o: Overview) -> Chart:
    return _timeline_chart(o.timeline)


def _index_chart(ci_figures: dict[str, dict], start_year: int = c.DEFAULT_START_YEAR, end_year: int = c.DEFAULT_END_YEAR,
                source_ids: Iterable[str] = (), terms: pd.DataFrame | None = None) -> Chart:
    """The cooperation index with its 50% and 90% bands on the timeline's x axis, drawn from the
    cooperation index's key figures (default edition). Years of the index's window without a
    score are hatched; bands break there."""
    frame = c.index_frame(ci_figures)
    unscored, outside = c.index_unscored(frame, start_year, end_year), c.index_outside(start_year, end_year)
    fig, ax = charts.new_figure(height=3.3)
    bands = []  # no strip above this chart: the terms are labelled on it (and the short ones named in the caption)
    if terms is not None and len(terms):
        bands = charts.shade_administrations(ax, terms, xmin=start_year - 0.5, xmax=end_year + 0.5,
                                             offset=charts.YEAR_CENTRED)
    for run in periods.year_runs(frame["year"]):
        part = frame[frame["year"].isin(run)]
        ax.fill_between(part["year"], part["p05"], part["p95"], color=charts.INDEX_COLOUR, alpha=0.15, lw=0, zorder=1)
        ax.fill_between(part["year"], part["p25"], part["p75"], color=charts.INDEX_COLOUR, alpha=0.35, lw=0, zorder=1)
        ax.plot(part["year"], part["median"], color=charts.INDEX_COLOUR, lw=1.8, marker="o", ms=3, zorder=3)
        ax.plot(part["year"], part["reference"], color=charts.INK, lw=1.0, ls="--", marker="D", ms=2.5,
                mfc="white", zorder=3)
    charts.mark_no_figure(ax, [*unscored, *outside])
    ax.set_xlim(start_year - 0.5, end_year + 0.5)
    ax.set_ylim(0, 100)
    ax.set_ylabel("index (1–100)", fontsize=8)
    ax.grid(axis="x", visible=False)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    ax.set_title(text.index_title(), pad=14 if bands else 6)
    handles = [
        matplotlib.lines.Line2D([], [], color=charts.INDEX_COLOUR, lw=1.8, marker="o", ms=3, label="median of draws"),
        matplotlib.patches.Patch(color=charts.INDEX_COLOUR, alpha=0.5, label="50% band"),
        matplotlib.patches.Patch(color=charts.INDEX_COLOUR, alpha=0.2, label="90% band"),
        matplotlib.lines.Line2D([], [], color=charts.INK, lw=1.0, ls="--", marker="D", ms=2.5, mfc="white",
                                label="deterministic index"),
        charts.no_figure_handle("no score"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    caption = periods.with_note(text.index_caption(ci_figures, frame, unscored, outside),
                                periods.unlabelled_terms_note(charts.unlabelled(bands)))
    return Chart("cooperation-index", fig, frame.copy(), caption,
                 text.index_alt(ci_figures, start_year, end_year), tuple(sorted(set(source_ids))))


def index_chart(o: Overview) -> Chart:
    """The index chart. Like the cooperation index report, it cites the non-event sources beside
    the chart; the event sources (dozens) are listed once, in that report."""
    other, _ = c.index_sources(o)
    return _index_chart(o.topic_figures["cooperation_index"], o.start_year, o.end_year, source_ids=other,
                        terms=o.timeline.administrations)


# --------------------------------------------------------------------------- context: border and drugs

def _runs(frame: pd.DataFrame, x: str) -> list[pd.DataFrame]:
    """Stretches a line may join: consecutive periods with a full-period value, a new stretch at
    every break (B). Partial periods are drawn as open markers, never joined."""
    runs, current, previous = [], [], None
    full = frame[frame["months"].fillna(12).astype(int) == 12] if "months" in frame.columns else frame
    for index, row in full.sort_values(x).iterrows():
        if previous is None or row[x] != previous + 1 or row["obs_status"] == "B":
            if current:
                runs.append(full.loc[current])
            current = []
        current.append(index)
        previous = row[x]
    if current:
        runs.append(full.loc[current])
    return runs


def _draw_series(ax, frame: pd.DataFrame, x: str, colour: str, label: str, lw: float = 1.8, zorder: float = 3) -> None:
    for k, run in enumerate(_runs(frame, x)):
        ax.plot(run[x], run["value"].astype(float), color=colour, lw=lw, zorder=zorder, label=label if k == 0 else None)
    settled = frame[frame["obs_status"].isin(["A", "B"])]
    if "months" in frame.columns:
        settled = settled[settled["months"].fillna(12).astype(int) == 12]
    open_points = frame.drop(index=settled.index)
    ax.scatter(settled[x], settled["value"].astype(float), s=14, color=colour, zorder=zorder + 1)
    ax.scatter(open_points[x], open_points["value"].astype(float), s=18, facecolor=charts.PAPER_COLOUR,
               edgecolor=colour, linewidth=1.1, zorder=zorder + 1)


def _finish_context_axes(ax, ctx: "c.Context", frame: pd.DataFrame, x: str, ylabel: str, title: str, open_label: str,
                         ncol: int) -> None:
    """Axes, title and legend of a context chart: the window, its years without any value of
    ``frame`` hatched, counts from 0, 5-year ticks, and the open-marker key below the chart."""
    ax.set_xlim(ctx.start_year - 0.6, ctx.end_year + 0.6)
    charts.mark_no_figure(ax, c.years_without_value(frame, x, ctx.start_year, ctx.end_year))
    ax.set_ylim(bottom=0)
    charts.thousands(ax)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.grid(axis="x", visible=False)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    ax.set_title(title, pad=6)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, marker="o", mfc=charts.PAPER_COLOUR, lw=0, ms=4))
    labels.append(open_label)
    if charts.has_no_figure(ax):
        handles.append(charts.no_figure_handle("no figure"))
        labels.append("no figure")
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=ncol, fontsize=7)


def _border_chart(ctx: "c.Context") -> Chart:
    frame = ctx.border
    if not len(frame):
        return Chart.missing("border", text.BORDER_NONE)
    fig, ax = charts.new_figure(height=3.4)
    first, last = c.TITLE_42_FISCAL_YEARS
    ax.axvspan(first - 0.5, last + 0.5, color=charts.OVERVIEW_TITLE_42_SHADE, lw=0, zorder=0.5,
               label=text.TITLE_42_LABEL)
    # Title 8 apprehensions wide and below, encounters narrow on top: where the two counts are equal (before
    # Title 42, and from FY2024) both stay visible
    for measure, lw, zorder in (("apprehensions", 3.2, 2), ("encounters", 1.4, 4)):
        _draw_series(ax, frame[frame["measure"] == measure], "fiscal_year", charts.OVERVIEW_BORDER_COLOURS[measure],
                     c.BORDER_SERIES[measure], lw=lw, zorder=zorder)
    _finish_context_axes(ax, ctx, frame, "fiscal_year", "events per fiscal year", text.BORDER_TITLE, text.OPEN_MARKER_LABEL,
                         ncol=1)
    return Chart("border", fig, frame.copy(), text.border_caption(ctx), text.border_alt(ctx),
                 tuple(sorted(set(frame["source_id"]))))


def border_chart(o: Overview) -> Chart:
    return _border_chart(o.context)


def _overdose_chart(ctx: "c.Context") -> Chart:
    frame = ctx.overdoses
    if not len(frame):
        return Chart.missing("overdoses", text.OVERDOSE_NONE)
    fig, ax = charts.new_figure(height=3.4)
    for drug, label in c.OVERDOSE_DRUGS.items():
        rows = frame[frame["drug"] == drug]
        if len(rows):
            _draw_series(ax, rows, "year", charts.OVERVIEW_OVERDOSE_COLOURS[drug], label)
    _finish_context_axes(ax, ctx, frame, "year", "deaths per year", text.OVERDOSE_TITLE, text.PROVISIONAL_MARKER_LABEL,
                         ncol=2)
    return Chart("overdoses", fig, frame.copy(), text.overdose_caption(ctx), text.overdose_alt(ctx),
                 tuple(sorted(set(frame["source_id"]))))


def overdose_chart(o: Overview) -> Chart:
    return _overdose_chart(o.context)
