"""The violence report's charts, each a ``report.Chart`` named as its files (``<name>.png``,
``<name>.csv``) with the data exactly as plotted, or ``Chart.missing`` with the sentence that says
why nothing is drawn. Captions and alt text come from ``text``, colours from ``mxsec.charts``.

Every chart's data has an ``obs_status`` column (SDMX flag of what the row shows: F for rates on
CONAPO projections, P provisional, B break; ``compute.flags``). A line never carries two
definitions: each series label is one; where a row is flagged B (a line joining two
definitions, as ``data/``'s state headline does in 2017) the line is broken before it
(:func:`_gapped`) and the B point drawn as an open marker."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from mxsec import charts
from mxsec.analysis import periods
from mxsec.report import Chart

from . import text
from .compute import (ADMINISTRATIONS_SOURCE, LABEL_ORDER, MONTHLY_SOURCE, NATIONAL, NATIONAL_GAPS, STATE_GAPS,
                      STATES_SOURCE, Views, latest_year, primary_series, source_ids, standing_series, value_column,
                      vs_average_day)


def _gapped(frame: pd.DataFrame, by: list[str], x: str, ys: list[str]) -> pd.DataFrame:
    """``frame`` sorted by ``by`` and ``x`` with an empty point (NaN in ``ys``) half a step before
    every row flagged B that follows another in its group, so the line drawn through it breaks
    there (matplotlib leaves a gap at NaN). The charts' CSV data never includes these points."""
    frame = frame.sort_values([*by, x])
    if "obs_status" not in frame or not frame["obs_status"].eq("B").any():
        return frame
    first = ~frame.duplicated(by, keep="first") if by else frame.index == frame.index[0]
    cuts = frame[frame["obs_status"].eq("B") & ~first]
    blanks = cuts.assign(**{x: cuts[x] - 0.5}, **{y: np.nan for y in ys}, obs_status="")
    return pd.concat([frame, blanks]).sort_values([*by, x], kind="mergesort")


def _mark_breaks(ax, rows: pd.DataFrame, x: str, y: str, colour: str) -> None:
    """An open marker on each point flagged B (the first year of a new definition)."""
    if "obs_status" in rows:
        b = rows[rows["obs_status"].eq("B")]
        if len(b):
            ax.plot(b[x], b[y], ls="none", marker="o", ms=5.5, mfc="white", mec=colour, mew=1.4, zorder=5)


def _ylabel(measure: str) -> str:
    return "Homicides per 100,000 inhabitants" if measure == "rate" else "Homicides per year"


def _lines(ax, data: pd.DataFrame, *, x: str, y: str, label_col: str = "series", dashed: pd.Series | None = None,
           prefix_col: str | None = None, markers: bool = True) -> None:
    """One line per (series[, prefix]) in the house colours; ``dashed`` marks rows drawn dashed."""
    frame = data.assign(_dashed=False if dashed is None else dashed.to_numpy())
    keys = ["_dashed", label_col] + ([prefix_col] if prefix_col else [])
    for (is_dashed, label, *prefix), group in frame.groupby(keys, sort=False):
        name = f"{prefix[0]}: {label}" if prefix else label
        drawn = _gapped(group, [], x, [y])
        ax.plot(drawn[x], drawn[y], color=charts.VIOLENCE_SERIES_COLOURS[label], lw=1.8,
                ls="--" if is_dashed else charts.VIOLENCE_SERIES_STYLES.get(label, "-"), marker="o" if markers else None,
                ms=2.8, label=name)
        _mark_breaks(ax, group, x, y, charts.VIOLENCE_SERIES_COLOURS[label])


def _shade(ax, administrations: pd.DataFrame, lo: float, hi: float) -> str:
    """Shade the Mexican terms between ``lo`` and ``hi``; returns the caption sentence naming the
    terms too short to label (``""`` for none)."""
    ax.set_xlim(lo, hi)
    return periods.unlabelled_terms_note(charts.unlabelled(charts.shade_administrations(ax, administrations)))


def trend_chart(v: Views) -> Chart:
    """Annual homicides (count or rate) of the geography, one line per series; in a state profile
    the national rate of the same series (sum of the 32 states) is drawn dashed."""
    data = v.trend.sort_values(["geography", "series", "year"])
    y = value_column(v.measure)
    if data.empty:
        return Chart.missing("trend", text.trend_missing(v))
    fig, ax = charts.new_figure(height=4.4)
    order = {label: i for i, label in enumerate(LABEL_ORDER)}
    data = data.assign(_o=data["series"].map(order)).sort_values(["_o", "geography", "year"]).drop(columns="_o")
    profile = v.state != NATIONAL
    _lines(ax, data, x="year", y=y, dashed=(data["geography"] == "Mexico") if profile else None,
           prefix_col="geography" if profile else None)
    terms = _shade(ax, v.administrations, data["year"].min() - 0.5, data["year"].max() + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_ylabel(v.measure))
    if v.measure == "count":
        charts.thousands(ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7.5)
    ax.set_title(f"Homicides in {v.geography}, {data['year'].min()}–{data['year'].max()}", pad=14)
    columns = ["geography", "year", "series", "method", "basis", "value", "value_status", "population",
               "population_status", "rate_per_100k", "obs_status", "source_id"]
    return Chart("trend", fig, data[columns], periods.with_note(text.trend_caption(v, data), terms), text.trend_alt(v, data),
                 tuple(source_ids(data, extra=(ADMINISTRATIONS_SOURCE,))))


def gap_chart(v: Views) -> Chart:
    """Grouped bars per year: the difference between pairs of series (INEGI final minus SESNSP
    victims, final minus preliminary, registration minus occurrence; by state: INEGI occurrence
    minus SESNSP victims, registration minus occurrence)."""
    gaps = v.gaps
    if gaps.empty:
        return Chart.missing("source-gaps", text.GAPS_MISSING)
    names = list(dict.fromkeys(gaps["gap"]))
    fig, ax = charts.new_figure(height=3.8)
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        rows = gaps[gaps["gap"] == name]
        ax.bar(rows["year"] + (i - (len(names) - 1) / 2) * width, rows["difference"], width=width,
               color=charts.VIOLENCE_GAP_COLOURS[i % 3], label=name)
    ax.axhline(0, color=charts.INK, lw=0.8)
    ax.set_xlim(gaps["year"].min() - 0.6, gaps["year"].max() + 0.6)
    charts.mark_no_figure(ax, [y for y in range(gaps["year"].min(), gaps["year"].max() + 1) if y not in set(gaps["year"])])
    charts.thousands(ax)
    ax.set_ylabel("Difference, homicides")
    handles, _ = ax.get_legend_handles_labels()
    if charts.has_no_figure(ax):
        handles.append(charts.no_figure_handle("No difference: a series is missing"))
    ax.legend(handles=handles, loc="upper left", fontsize=7.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Differences between the official series, {v.geography}")
    used = v.national_all if v.state == NATIONAL else v.panel_all[v.panel_all["state_code"] == v.state_code]
    compared = {label for gap in (NATIONAL_GAPS if v.state == NATIONAL else STATE_GAPS) if gap[0] in names
                for label in gap[1:]}
    used = used[used["series"].isin(compared) & used["year"].isin(gaps["year"])]
    return Chart("source-gaps", fig, gaps, text.gap_caption(v, names, used), text.gap_alt(v, names),
                 tuple(source_ids(used)))


def yoy_chart(v: Views) -> Chart:
    """Bars of the year-over-year change in the homicide rate (percent), one colour per series."""
    data = v.yoy.dropna(subset=["change_rate_pct"])
    if data.empty:
        return Chart.missing("year-over-year", text.YOY_MISSING)
    standing = standing_series(v)
    labels = [label for label in LABEL_ORDER if label in set(data["series"])]
    labels.sort(key=lambda label: label != standing)  # the standing series first (colour, caption)
    fig, ax = charts.new_figure(height=3.8)
    width = 0.8 / len(labels)
    for i, label in enumerate(labels):
        rows = data[data["series"] == label]
        colour = charts.VIOLENCE_SERIES_COLOURS[label]
        style = ({"facecolor": charts.PAPER_COLOUR, "edgecolor": colour, "hatch": charts.QUALIFIED_HATCH}
                 if label in charts.VIOLENCE_SERIES_STYLES else charts.fill(colour))  # a dotted line's series: dotted bars
        ax.bar(rows["year"] + (i - (len(labels) - 1) / 2) * width, rows["change_rate_pct"], width=width, label=label,
               **style)
    ax.axhline(0, color=charts.INK, lw=0.8)
    terms = _shade(ax, v.administrations, data["year"].min() - 0.7, data["year"].max() + 0.7)
    ax.set_ylabel("Change in rate from previous year (%)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7.5)
    ax.set_title(f"Year-over-year change in the homicide rate, {v.geography}", pad=14)
    return Chart("year-over-year", fig, data, periods.with_note(text.yoy_caption(data, labels[0]), terms), text.yoy_alt(v),
                 tuple(source_ids(v.annual, extra=(ADMINISTRATIONS_SOURCE,))))


def _map_value(v: Views) -> tuple[str, str, str]:
    return value_column(v.measure, "homicides"), "{:.0f}" if v.measure == "rate" else "{:,.0f}", text.map_unit(v)


def tile_map_chart(v: Views) -> Chart:
    """Tile-grid map of the state rate (or count) in the map year; border states outlined."""
    if v.map.empty:
        return Chart.missing("state-map", text.map_missing(v))
    column, label_format, unit = _map_value(v)
    fig = charts.tile_map(v.map, value=column, states=v.states, label_format=label_format,
                          title=f"Homicides {unit}, by state, {v.map_year} ({v.map_series})")
    return Chart("state-map", fig, v.map, text.map_caption(v), text.map_alt(v),
                 tuple(source_ids(v.map, extra=(STATES_SOURCE,))))


def rank_chart(v: Views) -> Chart:
    """Horizontal bars of the state values in the map year, ranked; with both systems, the other
    system's standing series for the same year as dots. Border states (national report) or the
    profiled state in the accent colour."""
    if v.map.empty:
        return Chart.missing("state-ranking", text.map_missing(v))
    column, _, _ = _map_value(v)
    data = v.map.copy()
    other = [s for s in (primary_series(v.panel, sys_, "state") for sys_ in v.systems) if s and s != v.map_series]
    if other:
        extra = v.panel[(v.panel["series"] == other[0]) & (v.panel["year"] == v.map_year)]
        extra = extra.drop(columns="homicides").rename(columns={"value": "homicides"})
        data = data.merge(extra[["state_code", column, "obs_status", "source_id"]].rename(
            columns={column: f"{column} ({other[0]})", "obs_status": f"obs_status ({other[0]})",
                     "source_id": "other_source_id"}), on="state_code", how="left")
    data = data.sort_values(column, ascending=True)
    fig, ax = charts.new_figure(height=5.6)
    accent = data["state_code"] == v.state_code if v.state != NATIONAL else data["border_state"]
    colours = np.where(accent, charts.VIOLENCE_ACCENT_COLOUR, charts.VIOLENCE_SERIES_COLOURS[v.map_series])
    ax.barh(data["name"], data[column], color=colours, label=v.map_series)
    second = f"{column} ({other[0]})" if other else None
    if second and data[second].notna().any():
        ax.plot(data[second], data["name"], "D", color=charts.INK, ms=3.5, label=other[0])
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_xlabel(_ylabel(v.measure))
    if v.measure == "count":
        charts.thousands(ax, "x")
    ax.legend(loc="lower right", fontsize=7.5)
    highlight = v.geography if v.state != NATIONAL else "border states"
    ax.set_title(f"States ranked, {v.map_year} (orange: {highlight})")
    ids = source_ids(data)
    if "other_source_id" in data:
        ids = sorted(set(ids) | set(data["other_source_id"].dropna().astype(str)))
    caption = text.ranking_caption(v, data, column, other[0] if other else None, second)
    return Chart("state-ranking", fig, data.drop(columns=["feminicide_source_id"]), caption, text.ranking_alt(v),
                 tuple(ids))


def small_multiples_chart(v: Views) -> Chart:
    """One small panel per state (ordered by the latest rate of the standing series, highest first),
    one line per series, shared y scale."""
    if v.panel.empty:
        return Chart.missing("state-trends", text.NO_STATE_DATA)
    y = value_column(v.measure)
    latest = v.panel[(v.panel["series"] == v.map_series) & (v.panel["year"] == latest_year(v.panel, v.map_series))]
    order = list(latest.sort_values("rate_per_100k", ascending=False)["abbreviation"])
    order += [a for a in sorted(v.panel["abbreviation"].unique()) if a not in order]
    labels = [s for s in LABEL_ORDER if s in set(v.panel["series"])]
    highlight = [v.state] if v.state != NATIONAL else list(v.panel.loc[v.panel["border_state"], "abbreviation"].unique())
    drawn = _gapped(v.panel, ["abbreviation", "series"], "year", [y])
    fig = charts.small_multiples(drawn, x="year", y=y, facet="abbreviation", hue="series", hue_order=labels,
                                 colors=[charts.VIOLENCE_SERIES_COLOURS[label] for label in labels],
                                 facet_order=order, highlight=highlight, ylabel=_ylabel(v.measure),
                                 thousands_axis=v.measure == "count")
    columns = ["abbreviation", "name", "year", "series", "method", "basis", "value", "population", "rate_per_100k",
               "obs_status", "source_id"]
    return Chart("state-trends", fig, v.panel[columns], text.state_trends_caption(v, latest),
                 text.state_trends_alt(v, labels), tuple(source_ids(v.panel)))


def border_chart(v: Views) -> Chart:
    """Rate of the six border states together against the other 26 (solid: border, dashed: rest);
    in a state profile the profiled state is added."""
    data = v.border
    if data.empty:
        return Chart.missing("border-states", text.NO_COMPLETE_STATE_YEAR)
    fig, ax = charts.new_figure(height=4.0)
    labels = [s for s in LABEL_ORDER if s in set(data["series"])]
    for (group, label), rows in data.groupby(["group", "series"]):
        colour = charts.VIOLENCE_BORDER_COLOUR if group == "Border states" else charts.VIOLENCE_REST_COLOUR
        drawn = _gapped(rows, [], "year", ["rate_per_100k"])
        ax.plot(drawn["year"], drawn["rate_per_100k"], color=colour, ls="-" if label == labels[0] else "--", lw=1.8,
                marker="o", ms=2.5, label=f"{group}: {label}")
        _mark_breaks(ax, rows, "year", "rate_per_100k", colour)
    plotted = data.assign(geography=data["group"])
    if v.state != NATIONAL:
        own = v.panel[v.panel["state_code"] == v.state_code]
        for label, rows in own.groupby("series"):
            drawn = _gapped(rows, [], "year", ["rate_per_100k"])
            ax.plot(drawn["year"], drawn["rate_per_100k"], color=charts.VIOLENCE_PROFILE_COLOUR, lw=1.2,
                    ls=":" if label == labels[0] else "-.", label=f"{v.geography}: {label}")
            _mark_breaks(ax, rows, "year", "rate_per_100k", charts.VIOLENCE_PROFILE_COLOUR)
        plotted = pd.concat([plotted, own.rename(columns={"value": "homicides_total"}).assign(
            geography=v.geography, group=v.geography)[["year", "series", "group", "rate_per_100k", "population",
                                                       "obs_status"]]], ignore_index=True)
    terms = _shade(ax, v.administrations, data["year"].min() - 0.5, data["year"].max() + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Homicides per 100,000 inhabitants")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7)
    ax.set_title("Border states and the rest of Mexico", pad=14)
    return Chart("border-states", fig, plotted, periods.with_note(text.border_caption(v), terms), text.BORDER_ALT,
                 tuple(source_ids(v.panel, extra=(STATES_SOURCE, ADMINISTRATIONS_SOURCE))))


def concentration_chart(v: Views) -> Chart:
    """Two panels per year: share of homicides in the five states with most homicides, and the
    population-weighted Gini coefficient of state rates."""
    data = v.concentration
    if data.empty:
        return Chart.missing("concentration", text.NO_COMPLETE_STATE_YEAR)
    fig, axes = charts.new_figure(1, 2, height=3.4)
    left, right = axes.flat
    for label, rows in data.groupby("series"):
        colour = charts.VIOLENCE_SERIES_COLOURS[label]
        drawn = _gapped(rows, [], "year", ["top5_share_pct", "gini"])
        left.plot(drawn["year"], drawn["top5_share_pct"], color=colour, lw=1.8, marker="o", ms=2.5, label=label)
        right.plot(drawn["year"], drawn["gini"], color=colour, lw=1.8, marker="o", ms=2.5, label=label)
        _mark_breaks(left, rows, "year", "top5_share_pct", colour)
        _mark_breaks(right, rows, "year", "gini", colour)
    left.set_title("Share in the top five states (%)", fontsize=9.5)
    right.set_title("Gini of state rates (population-weighted)", fontsize=9.5)
    left.set_ylim(0, 100)
    right.set_ylim(0, max(0.6, float(data["gini"].max()) * 1.1))
    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    left.legend(loc="lower left", fontsize=7)
    return Chart("concentration", fig, data, text.concentration_caption(v), text.CONCENTRATION_ALT,
                 tuple(source_ids(v.panel)))


def rank_history_chart(v: Views) -> Chart:
    """The profiled state's rank among the 32 states by rate, per year and series (1 = highest)."""
    own = v.ranks[v.ranks["state_code"] == v.state_code]
    if own.empty:
        return Chart.missing("state-rank", text.rank_history_missing(v))
    fig, ax = charts.new_figure(height=3.2)
    for label, rows in own.groupby("series"):
        drawn = _gapped(rows.assign(rank=rows["rank"].astype(float)), [], "year", ["rank"])
        ax.plot(drawn["year"], drawn["rank"], color=charts.VIOLENCE_SERIES_COLOURS[label], lw=1.8,
                marker="o", ms=3, label=label)
        _mark_breaks(ax, rows.assign(rank=rows["rank"].astype(float)), "year", "rank", charts.VIOLENCE_SERIES_COLOURS[label])
    ax.set_ylim(32.5, 0.5)
    ax.set_yticks([1, 8, 16, 24, 32])
    ax.set_ylabel("Rank by rate (1 = highest)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower left", fontsize=7.5)
    ax.set_title(f"{v.geography}: rank among the 32 states")
    data = own[["year", "series", "abbreviation", "value", "rate_per_100k", "obs_status", "rank", "source_id"]]
    return Chart("state-rank", fig, data, text.rank_history_caption(v, own), text.rank_history_alt(v),
                 tuple(source_ids(own)))


def monthly_chart(v: Views) -> Chart:
    """INEGI deaths per day by month of occurrence, with the 12-month moving average."""
    data = v.monthly
    if data.empty:
        return Chart.missing("monthly", text.MONTHLY_MISSING)
    fig, ax = charts.new_figure(height=3.8)
    ax.plot(data["x"], data["deaths_per_day"], color=charts.VIOLENCE_MONTHLY_COLOUR, lw=0.9,
            label="Deaths per day, monthly")
    ax.plot(data["x"], data["moving_average_12m"], color=charts.INK, lw=1.6, label="12-month average")
    terms = _shade(ax, v.administrations, data["year"].min(), data["year"].max() + 1)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Homicide deaths per day")
    ax.legend(loc="upper left", fontsize=7.5)
    ax.set_title(f"Homicide deaths per day by month of occurrence, {v.geography}", pad=14)
    columns = ["year", "month", "state_code", "value", "days_in_month", "deaths_per_day", "moving_average_12m",
               "obs_status", "source_id"]
    return Chart("monthly", fig, data[columns], periods.with_note(text.monthly_caption(v), terms), text.monthly_alt(v),
                 tuple(source_ids(data, extra=(ADMINISTRATIONS_SOURCE,))))


def seasonality_chart(v: Views) -> Chart:
    """Average deaths per day by calendar month over the monthly file's years."""
    data = v.season
    if data.empty:
        return Chart.missing("seasonality", text.SEASONALITY_MISSING)
    fig, ax = charts.new_figure(height=3.0)
    deviation = vs_average_day(data)
    colours = np.where(deviation >= 0, charts.VIOLENCE_ABOVE_AVERAGE_COLOUR, charts.VIOLENCE_BELOW_AVERAGE_COLOUR)
    ax.bar(data["month_name"], deviation, color=colours)
    ax.axhline(0, color=charts.INK, lw=0.8)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("Deaths per day vs. average day (%)")
    ax.set_title(f"Seasonality: homicide deaths per day by calendar month, {v.geography}, {text.month_span(v)}")
    return Chart("seasonality", fig, data, text.seasonality_caption(v), text.SEASONALITY_ALT, (MONTHLY_SOURCE,))
