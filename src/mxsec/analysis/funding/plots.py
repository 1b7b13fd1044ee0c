"""The funding report's charts, each a ``report.Chart`` named as its files (``<name>.png``,
``<name>.csv``), with the data exactly as plotted, or ``Chart.missing`` when the selection leaves
nothing to draw; captions and alt text come from ``text``, colours from ``mxsec.charts``."""

from __future__ import annotations

import matplotlib.lines
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mxsec import charts
from mxsec.analysis import periods
from mxsec.analysis.common import frame_ids
from mxsec.formatting import fmt
from mxsec.report import Chart

from . import text
from .compute import (ALL_AID, MERIDA, MERIDA_FIRST_FISCAL_YEAR, MILLION, SECURITY_STAGE, SHORT_LABELS, STAGE_LABELS,
                      Funding, program_label)
from .figures import (charted_programs, comparison_source_ids, composition_shown, gap_years, program_gaps,
                      reported_stages, security_by_group)

PUBLISHED_MARKERS = {("merida", "enacted"): ("o", "Published total, enacted"),
                     ("merida", "delivered"): ("^", "Published total, delivered"),
                     ("fmf", "enacted"): ("s", "Published FMF share of Mérida, enacted")}
"""Marker and legend label of each published cumulative total (others: a diamond)."""


def _tick(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _millions_axis(ax, axis: str = "y") -> None:
    """Tick labels with thousands separators, and decimals only where ticks need them."""
    formatter = matplotlib.ticker.FuncFormatter(lambda v, _: _tick(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _line(ax, years: pd.Series, values: pd.Series, **kwargs) -> None:
    """A line over fiscal years that breaks where a year is missing (never bridged)."""
    if not len(years):
        return
    series = pd.Series(values.to_numpy(dtype=float), index=years.astype(int).to_numpy()).sort_index()
    series = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
    ax.plot(series.index, series.to_numpy(), **kwargs)


def _empty(fig: Figure, ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=charts.MUTED, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def _year_axis(ax, start: int, end: int) -> None:
    ax.set_xlim(start - 0.7, end + 0.7)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=10))


def security_chart(d: Funding) -> Chart:
    """Stacked bars of security assistance by account (obligated), with all foreign aid
    (obligated) and ESF (not counted) as lines for scale."""
    if not len(d.by_account):
        return Chart.missing("security-assistance", text.security_caption(d))
    fig, ax = charts.new_figure(height=4.4)
    wide = security_by_group(d)
    years = list(range(d.start_year, d.end_year + 1))
    bottom_pos = np.zeros(len(years))
    bottom_neg = np.zeros(len(years))
    for g in wide.columns:
        vals = wide[g].fillna(0).to_numpy() / MILLION
        pos, neg = np.clip(vals, 0, None), np.clip(vals, None, 0)
        colour = charts.FUNDING_ACCOUNT_COLOURS[g]
        ax.bar(years, pos, bottom=bottom_pos, label=SHORT_LABELS[g], width=0.8, **charts.fill(colour))
        if (neg < 0).any():
            ax.bar(years, neg, bottom=bottom_neg, width=0.8, **charts.fill(colour))
        bottom_pos += pos
        bottom_neg += neg
    aid = d.all_aid_obligated[~d.all_aid_obligated["partly_reported"]]
    if len(aid):
        _line(ax, aid["fiscal_year"], aid["value"] / MILLION, color=charts.INK, lw=1.4, marker="o", ms=2.5,
              label="All U.S. foreign aid (obligated)")
    if len(d.esf):
        _line(ax, d.esf["fiscal_year"], d.esf["value"] / MILLION, color=charts.MUTED, lw=1.2, ls="--",
              label="ESF (obligated, not counted)")
    charts.mark_no_figure(ax, gap_years(d)["security"])
    handles, _ = ax.get_legend_handles_labels()
    if charts.has_no_figure(ax):
        handles.append(charts.no_figure_handle("No figure by account"))
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=7.5)
    _year_axis(ax, d.start_year, d.end_year)
    _millions_axis(ax)
    ax.set_title(f"Security assistance to Mexico by account, {STAGE_LABELS[SECURITY_STAGE]}")
    ax.set_ylabel(f"US$ million, {d.unit}")
    columns = ["fiscal_year", "program", "stage", "coverage", "value_usd", "value", "obs_status", "source_id"]
    renamed = {"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"}
    data = d.by_account[columns].rename(columns=renamed)
    for frame in (d.all_aid_obligated.assign(program=ALL_AID, stage=SECURITY_STAGE),
                  d.esf.assign(program="esf", stage=SECURITY_STAGE)):
        if len(frame):
            data = pd.concat([data, frame[columns].rename(columns=renamed)])
    data = data.sort_values(["fiscal_year", "program"]).reset_index(drop=True)
    return Chart("security-assistance", fig, data, text.security_caption(d), text.security_alt(d), tuple(frame_ids(data)))


def programs_chart(d: Funding) -> Chart:
    """Small multiples: one panel per selected programme, each with its own scale and stage."""
    programs = charted_programs(d)
    if not programs:
        return Chart.missing("by-programme", text.PROGRAMS_MISSING)
    n = len(programs)
    ncols = 2 if n > 1 else 1
    nrows = int(np.ceil(n / ncols))
    fig, axes = charts.new_figure(nrows, ncols, height=1.9 * nrows + 0.4, sharex=True)
    axes = np.atleast_1d(axes).ravel()
    us = d.tables["us_assistance"]
    for ax, program in zip(axes, programs):
        s = d.series[d.series["program"] == program].sort_values("fiscal_year")
        stage = s["stage"].iloc[0]
        colour = charts.FUNDING_SERIES_COLOUR if program != ALL_AID else charts.MUTED
        full, partly = s[~s["partly_reported"]], s[s["partly_reported"]]
        ax.bar(full["fiscal_year"], full["value"] / MILLION, color=colour, width=0.8)
        if len(partly):
            ax.bar(partly["fiscal_year"], partly["value"] / MILLION, color=charts.PAPER_COLOUR, edgecolor=colour,
                   hatch=charts.QUALIFIED_HATCH, width=0.8, lw=0.6)
        charts.mark_no_figure(ax, program_gaps(d, program))
        label = program_label(program, us)
        ax.set_title(f"{label[:42]}: {STAGE_LABELS[stage]}" + (" (dotted: partly reported)" if len(partly) else ""),
                     fontsize=8.5, loc="left")
        _millions_axis(ax)
        ax.tick_params(labelsize=7.5)
        _year_axis(ax, d.start_year, d.end_year)
        ax.grid(axis="x", visible=False)
    for ax in axes[len(programs):]:
        ax.set_visible(False)
    fig.supylabel(f"US$ million, {d.unit}", fontsize=8.5)
    if any(charts.has_no_figure(ax) for ax in axes):
        fig.legend(handles=[charts.no_figure_handle("No figure for the fiscal year")], loc="outside lower center",
                   fontsize=7.5)
    data = d.series[["fiscal_year", "program", "stage", "coverage", "value_usd", "value", "obs_status", "partly_reported",
                     "source_id"]].rename(
        columns={"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"})
    return Chart("by-programme", fig, data, text.programs_caption(d), text.programs_alt(d), tuple(frame_ids(data)))


def request_enacted_chart(d: Funding) -> Chart:
    """Dumbbell chart: requested and enacted amount per fiscal year and programme (nominal)."""
    comp = d.comparison.sort_values(["fiscal_year", "program"], ascending=[False, True]).reset_index(drop=True)
    if not len(comp):
        return Chart.missing("request-vs-enacted", text.REQUEST_MISSING)
    fig, ax = charts.new_figure(height=max(2.6, 0.3 * len(comp) + 1.2))
    ypos = np.arange(len(comp))
    for i, r in comp.iterrows():
        colour = (charts.FUNDING_ABOVE_REQUEST_COLOUR if r["gap_usd"] > 0 else
                  charts.FUNDING_BELOW_REQUEST_COLOUR if r["gap_usd"] < 0 else charts.MUTED)
        style = "-" if r["like_for_like"] else ":"
        ax.plot([r["request_usd"] / MILLION, r["enacted_usd"] / MILLION], [i, i], color=colour, lw=2, ls=style)
        ax.scatter(r["request_usd"] / MILLION, i, marker="|", s=120, color=charts.INK, zorder=3)
        ax.scatter(r["enacted_usd"] / MILLION, i, marker="o", s=26, zorder=3,
                   color=colour if r["like_for_like"] else charts.PAPER_COLOUR, edgecolor=colour)
        ax.annotate(text.request_label(r), (max(r["request_usd"], r["enacted_usd"]) / MILLION, i), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=7.5, color=charts.INK)  # clear of the end marks
    labels = [f"FY{int(r.fiscal_year)} {SHORT_LABELS.get(r.program, r.program)}" for r in comp.itertuples()]
    ax.set_yticks(ypos, labels, fontsize=7.5)
    ax.set_ylim(-0.7, len(comp) - 0.3)
    ax.set_xlim(0, comp[["request_usd", "enacted_usd"]].max().max() / MILLION * 1.3)
    ax.grid(axis="y", visible=False)
    _millions_axis(ax, "x")
    ax.set_xlabel("US$ million, nominal (bar: request; dot: enacted; hollow dot, dotted line: not like for like)",
                  fontsize=8)
    handles = [matplotlib.lines.Line2D([], [], color=charts.FUNDING_ABOVE_REQUEST_COLOUR, lw=2, marker="o",
                                       label="enacted above request"),
               matplotlib.lines.Line2D([], [], color=charts.FUNDING_BELOW_REQUEST_COLOUR, lw=2, marker="o",
                                       label="enacted below request")]
    if (comp["gap_usd"] == 0).any():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, lw=0, marker="o",
                                               label="enacted equal to request"))
    ax.legend(handles=handles, loc="lower right", fontsize=7.5)
    ax.set_title("Requested versus enacted, by fiscal year and programme")
    data = d.comparison.copy()
    return Chart("request-vs-enacted", fig, data, text.request_enacted_caption(d), text.request_enacted_alt(d),
                 tuple(comparison_source_ids(d)))


def cumulative_chart(d: Funding) -> Chart:
    """The running sum of annual enacted Mérida amounts beside every published cumulative figure."""
    cum = d.cumulative
    totals = d.totals
    if not len(cum) and not len(totals):
        return Chart.missing("merida-cumulative", text.CUMULATIVE_MISSING.format(end_year=d.end_year))
    fig, ax = charts.new_figure(height=4.3)
    if len(cum):
        complete = cum[cum["complete"]]
        ax.plot(complete["fiscal_year"], complete["cumulative_usd"] / 1e9, color=charts.FUNDING_SERIES_COLOUR, lw=2,
                marker="o", ms=4, label="Sum of annual enacted figures (no year missing)")
        if len(complete) < len(cum):
            start = max(len(complete) - 1, 0)
            rest = cum.iloc[start:]
            ax.plot(rest["fiscal_year"], rest["cumulative_usd"] / 1e9, color=charts.FUNDING_SERIES_COLOUR, lw=1.5,
                    ls="--", label="Same sum after a missing or partial year (lower bound)")
            partial = cum[cum["partial"]]
            if len(partial):
                ax.scatter(partial["fiscal_year"], partial["cumulative_usd"] / 1e9, marker="x",
                           color=charts.FUNDING_FLAGGED_YEAR_COLOUR, s=28, zorder=6,
                           label="Year only partly in the annual data")
            charts.mark_no_figure(ax, cum.loc[cum["missing"], "fiscal_year"])
    for (program, stage), group in totals.groupby(["program", "stage"]):
        marker, label = PUBLISHED_MARKERS.get((program, stage), ("D", f"Published {program}, {stage}"))
        colour = charts.FUNDING_PUBLISHED_COLOURS.get((program, stage), charts.MUTED)
        group = group.sort_values(["end_fiscal_year", "value_usd"])
        offsets = group.groupby("end_fiscal_year").cumcount()
        counts = group.groupby("end_fiscal_year")["value_usd"].transform("size")
        x = group["end_fiscal_year"] + 0.12 * (offsets - (counts - 1) / 2) + 0.15
        ax.scatter(x, group["value_usd"] / 1e9, marker=marker, facecolor=charts.PAPER_COLOUR, edgecolor=colour,
                   s=30, lw=1.3, zorder=5, label=label)
    latest = d.notes.get("latest_total")
    if latest:
        ax.annotate(f"{fmt(latest['value_usd'], 'usd')} ({latest['span']})",
                    (latest["end"], latest["value_usd"] / 1e9), xytext=(-8, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=7.5, color=charts.INK)
    if len(cum):
        last = cum.iloc[-1]
        ax.annotate(f"annual figures found:\n{fmt(last['cumulative_usd'], 'usd')}",
                    (last["fiscal_year"], last["cumulative_usd"] / 1e9), xytext=(0, 8), textcoords="offset points",
                    ha="right", va="bottom", fontsize=7.5, color=charts.FUNDING_SERIES_COLOUR)  # above the line, clear of it
    ax.set_title(f"Mérida Initiative: cumulative enacted funding since FY{MERIDA_FIRST_FISCAL_YEAR}, nominal")
    ax.set_ylabel("US$ billion, nominal")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    handles, _ = ax.get_legend_handles_labels()
    if charts.has_no_figure(ax):
        handles.append(charts.no_figure_handle("No annual figure (the sum carries over)"))
    ax.legend(handles=handles, loc="upper left", fontsize=7.5)
    data = pd.concat([
        cum.assign(series="annual_running_sum", program=MERIDA, stage="enacted")[
            ["series", "fiscal_year", "program", "stage", "coverage", "value_usd", "obs_status", "cumulative_usd",
             "missing", "partial", "complete", "source_id"]].rename(columns={"fiscal_year": "end_fiscal_year"}),
        totals.assign(series="published_total", cumulative_usd=totals["value_usd"])[
            ["series", "start_fiscal_year", "end_fiscal_year", "program", "stage", "obs_status", "cumulative_usd",
             "source_id"]],
    ], ignore_index=True)
    return Chart("merida-cumulative", fig, data, text.cumulative_caption(d), text.cumulative_alt(d), tuple(frame_ids(data)))


def composition_chart(d: Funding) -> Chart:
    """Horizontal bars of every composition figure, labelled with its span."""
    comp = composition_shown(d)
    if not len(comp):
        return Chart.missing("merida-composition", text.COMPOSITION_MISSING)
    fig, ax = charts.new_figure(height=max(2.4, 0.42 * len(comp) + 1.0))
    labels = [f"{r.span}: {r.category_label}" for r in comp.itertuples()]
    y = np.arange(len(comp))[::-1]
    spans = charts.FUNDING_SPAN_COLOURS
    colours = [spans[i % len(spans)] for i in pd.factorize(comp["span"])[0]]
    for yy, value, colour in zip(y, comp["value_usd"], colours):
        ax.barh(yy, value / MILLION, **charts.fill(colour))
    ax.set_yticks(y, [label if len(label) < 62 else label[:59] + "..." for label in labels], fontsize=7.5)
    for yy, v in zip(y, comp["value_usd"]):
        ax.text(v / MILLION, yy, f" {fmt(v, 'usd')}", va="center", fontsize=7.5)
    ax.set_xlim(0, comp["value_usd"].max() / MILLION * 1.25)
    ax.grid(axis="y", visible=False)
    _millions_axis(ax, "x")
    ax.set_xlabel("US$ million, nominal")
    ax.set_title("What Mérida funds bought, as sources state it")
    data = d.comp[["start_fiscal_year", "end_fiscal_year", "category", "value_usd", "share", "obs_status", "source_id"]]
    return Chart("merida-composition", fig, data, text.composition_caption(d), text.composition_alt(d),
                 tuple(frame_ids(data)))


def context_chart(d: Funding) -> Chart:
    """Security assistance per homicide and per inhabitant (two panels)."""
    ctx = d.context
    if not len(ctx):
        return Chart.missing("aid-per-homicide", text.CONTEXT_CAPTION_NONE)
    fig, axes = charts.new_figure(1, 2, height=3.4)
    axes = np.asarray(axes).ravel()
    for ax, column, title, unit in ((axes[0], "per_homicide", "Per homicide in Mexico", "US$"),
                                    (axes[1], "per_capita", "Per inhabitant of Mexico", "US$")):
        s = ctx[ctx[column].notna()]
        if not len(s):
            _empty(fig, ax, "No overlapping years" if column == "per_homicide" else "Population table not available")
        else:
            ax.bar(s["fiscal_year"], s[column], width=0.8, **charts.fill(charts.FUNDING_SERIES_COLOUR))
            _year_axis(ax, d.start_year, d.end_year)
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=6))
            charts.mark_no_figure(ax, [y for y in range(d.start_year, d.end_year + 1) if y not in set(s["fiscal_year"])])
            _millions_axis(ax)
            ax.grid(axis="x", visible=False)
        ax.set_title(title, fontsize=9.5)
        ax.set_ylabel(f"{unit}, {d.unit}", fontsize=8)
    fig.suptitle("Security assistance (obligated) relative to violence and population", fontsize=11,
                 fontweight="bold", x=0.01, ha="left")
    if any(charts.has_no_figure(ax) for ax in axes):
        fig.legend(handles=[charts.no_figure_handle("No figure for the fiscal year")], loc="outside lower center",
                   fontsize=7.5)
    data = ctx.copy()
    return Chart("aid-per-homicide", fig, data, text.context_caption(d), text.context_alt(d),
                 tuple(frame_ids(data, column="source_ids")))


def stages_chart(d: Funding) -> Chart:
    """All foreign aid to Mexico by budget stage, one line per stage."""
    st = d.stages
    stages = reported_stages(d)
    if not stages:
        return Chart.missing("aid-stages", text.STAGES_MISSING)
    fig, ax = charts.new_figure(height=4.2)
    for i, stage in enumerate(stages):
        s = st[st["stage"] == stage]
        _line(ax, s["fiscal_year"], s["value"] / MILLION, marker="o", ms=3, lw=1.6, color=charts.FUNDING_STAGE_COLOURS[i],
              label=STAGE_LABELS[stage])
    partly = gap_years(d)["partly_reported"]
    if partly:
        ax.axvspan(min(partly) - 0.5, max(partly) + 0.5, color=charts.NO_VALUE_COLOUR, zorder=0, lw=0)
        ax.text((min(partly) + max(partly)) / 2, 0.97, "partly\nreported", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=7.5, color=charts.MUTED)
    ax.legend(loc="upper left", fontsize=7.5)
    _year_axis(ax, max(d.start_year, int(st["fiscal_year"].min())), min(d.end_year, int(st["fiscal_year"].max())))
    ax.set_ylim(bottom=min(0, (st["value"].min() / MILLION) * 1.1))
    _millions_axis(ax)
    ax.set_title("All U.S. foreign aid to Mexico by budget stage")
    ax.set_ylabel(f"US$ million, {d.unit}")
    data = st.rename(columns={"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"})
    return Chart("aid-stages", fig, data, text.stages_caption(d), text.stages_alt(d), tuple(frame_ids(data)))
