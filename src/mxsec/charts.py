"""The chart kit: one house style, administration shading, source notes, and a few chart
shapes the reports share. Every function returns a matplotlib Figure and never calls
``plt.show()``; notebooks hand the Figure to ``mxsec.report.show_chart``, which adds the
caption, source line, alt text and data CSV.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies). The font is IBM Plex Sans, the same family the HTML and PDF embed, and the
only one matplotlib is given (no system font, no fallback to its own DejaVu or math fonts).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import matplotlib
import matplotlib.cm
import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from mxsec.analysis.periods import decimal_year  # noqa: F401  (charts.decimal_year, for the topics not yet split)
from mxsec.fonts import FAMILY as FONT_FAMILY

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
INK, MUTED, GRID = "#1b1f24", "#5b6470", "#d5dae0"
WIDTH_IN, HEIGHT_IN = 7.5, 4.0
DPI = 144
ADMINISTRATION_SHADES = ("#eef1f4", "#ffffff")
GAP_COLOUR = "#c4cad1"  # hatching of years without a figure
PAPER_COLOUR = "white"  # open markers, bar edges, grid lines and marks drawn over colour
NO_VALUE_COLOUR = "#f3f4f6"  # a cell or year without a value (coverage grids, partly reported years)
YEAR_CENTRED = -0.5  # term-boundary offset on axes whose points sit at the middle of the year (x = year)
TERM_LABEL_MIN_YEARS = 0.75  # a term visible for less than this (a sliver at the window edge) is shaded, not labelled
PARTY_LABEL_SIZE = 7.5


def _register_font() -> None:
    """Give matplotlib the report font and nothing else: its font list keeps only the bundled
    Plex Sans files, so no system font (nor matplotlib's own DejaVu) can be picked."""
    from mxsec.fonts import FACES, static_fonts

    paths = static_fonts()
    ours = sorted(str(paths[name]) for name, face in FACES.items() if face.family == FONT_FAMILY)
    manager = font_manager.fontManager
    known = {entry.fname for entry in manager.ttflist}
    for path in ours:
        if path not in known:
            manager.addfont(path)
    manager.ttflist = [entry for entry in manager.ttflist if entry.fname in ours]
    manager.afmlist = []
    manager.defaultFamily = {"ttf": FONT_FAMILY, "afm": FONT_FAMILY}  # the fallback, for any family asked for
    manager._findfont_cached.cache_clear()


def apply_style() -> None:
    """Set the house style for every chart made after this call (idempotent)."""
    _register_font()
    sns.set_theme(style="whitegrid", palette=PALETTE, font=FONT_FAMILY)
    matplotlib.rcParams.update({
        "figure.figsize": (WIDTH_IN, HEIGHT_IN),
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9,
        "xtick.labelsize": 8.5,
        "ytick.labelsize": 8.5,
        "legend.fontsize": 8.5,
        "legend.frameon": False,
        "grid.color": GRID,
        "grid.linewidth": 0.6,
        "svg.hashsalt": "mxsec",
        "axes.spines.top": False,
        "axes.spines.right": False,
        # mathtext (a "$N$" marker, say) in the report font too, with no fallback to
        # matplotlib's own math fonts: a glyph Plex lacks shows as missing and warns
        "mathtext.fontset": "custom",
        "mathtext.rm": FONT_FAMILY,
        "mathtext.sf": FONT_FAMILY,
        "mathtext.it": f"{FONT_FAMILY}:italic",
        "mathtext.bf": f"{FONT_FAMILY}:bold",
        "mathtext.fallback": None,
    })


def new_figure(nrows: int = 1, ncols: int = 1, *, height: float = HEIGHT_IN, width: float = WIDTH_IN,
               sharex: bool = False, sharey: bool = False) -> tuple[Figure, object]:
    """A styled Figure and its axes (not attached to pyplot's global state)."""
    apply_style()
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    axes = fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey, squeeze=(nrows * ncols == 1))
    return fig, axes


def thousands(ax, axis: str = "y") -> None:
    """Format an axis's tick labels with thousands separators."""
    formatter = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def shade_administrations(ax, administrations: pd.DataFrame, *, country: str = "MX", xmin: float | None = None,
                          xmax: float | None = None, label: bool = True, offset: float = 0.0) -> None:
    """Shade alternate presidential terms behind the data, labelled with the president's name.

    ``administrations`` is the curated table (country, short_name, start, end); the x axis
    is in decimal years, so a term starting 1 December 2006 begins at 2006.92. ``offset`` shifts
    every term boundary: ``YEAR_CENTRED`` (-0.5) on axes whose points sit at the year's middle (x = year), so that a
    term starting 1 December is drawn from between the two year points. Shades alternate by the
    term's position in the country's table, so a president keeps the same shade in every chart.
    """
    terms = administrations[administrations["country"] == country].sort_values("start").reset_index(drop=True)
    lo, hi = ax.get_xlim() if xmin is None or xmax is None else (xmin, xmax)
    for i, term in terms.iterrows():
        start = decimal_year(term["start"]) + offset
        end = decimal_year(term["end"]) + offset if pd.notna(term["end"]) else hi
        if end <= lo or start >= hi:
            continue
        ax.axvspan(max(start, lo), min(end, hi), color=ADMINISTRATION_SHADES[i % 2], zorder=0, lw=0)
        if label and min(end, hi) - max(start, lo) >= TERM_LABEL_MIN_YEARS:
            ax.text((max(start, lo) + min(end, hi)) / 2, 1.0, term["short_name"],
                    transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=PARTY_LABEL_SIZE, color=MUTED)
    ax.set_xlim(lo, hi)


def source_note(fig: Figure, text: str) -> None:
    """Print a short source note in the figure's bottom-left corner (the PNG carries it too)."""
    fig.text(0.0, -0.01, text, ha="left", va="top", fontsize=7, color=MUTED, wrap=True)


def line_chart(data: pd.DataFrame, *, x: str, y: str, hue: str | None = None, title: str = "", ylabel: str = "",
               administrations: pd.DataFrame | None = None, markers: bool = True, thousands_axis: bool = True,
               hue_order: Sequence[str] | None = None) -> Figure:
    """Lines over years, one per ``hue`` group, with optional administration shading."""
    fig, ax = new_figure()
    groups = [(None, data)] if hue is None else [(k, data[data[hue] == k]) for k in (hue_order or sorted(data[hue].unique()))]
    for i, (key, group) in enumerate(groups):
        group = group.sort_values(x)
        ax.plot(group[x], group[y], marker="o" if markers else None, ms=3, lw=1.8, color=PALETTE[i % len(PALETTE)],
                label=key)
    if administrations is not None and len(data):
        ax.set_xlim(data[x].min() - 0.5, data[x].max() + 0.5)
        shade_administrations(ax, administrations)
    ax.set_title(title, pad=14 if administrations is not None else 6)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    if thousands_axis:
        thousands(ax)
    if hue is not None:
        ax.legend(loc="upper left")
    return fig


def bar_chart(data: pd.DataFrame, *, x: str, y: str, title: str = "", xlabel: str = "", highlight: Iterable[str] = (),
              horizontal: bool = True, height: float = HEIGHT_IN) -> Figure:
    """Ranked bars; bars named in ``highlight`` are drawn in the accent colour."""
    fig, ax = new_figure(height=height)
    data = data.sort_values(y, ascending=horizontal)
    highlight = set(highlight)
    colours = [PALETTE[1] if label in highlight else PALETTE[0] for label in data[x]]
    if horizontal:
        ax.barh(data[x].astype(str), data[y], color=colours)
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
    else:
        ax.bar(data[x].astype(str), data[y], color=colours)
        ax.set_ylabel(xlabel)
        ax.grid(axis="x", visible=False)
    ax.set_title(title)
    return fig


def tile_map(data: pd.DataFrame, *, value: str, states: pd.DataFrame, title: str = "", label_format: str = "{:.0f}",
             cmap: str = "rocket_r") -> Figure:
    """A tile-grid map of Mexico: one square per state at (tile_row, tile_col) of ``states``,
    coloured by ``value`` (joined on state_code), labelled with abbreviation and value."""
    merged = states.merge(data[["state_code", value]], on="state_code", how="left")
    fig, ax = new_figure(height=5.2)
    colormap = sns.color_palette(cmap, as_cmap=True)
    finite = merged[value].dropna()
    lo, hi = (finite.min(), finite.max()) if len(finite) else (0, 1)
    norm = matplotlib.colors.Normalize(vmin=lo, vmax=hi)
    for _, row in merged.iterrows():
        has_value = pd.notna(row[value])
        colour = colormap(norm(row[value])) if has_value else "#ffffff"
        ax.add_patch(matplotlib.patches.Rectangle((row["tile_col"], -row["tile_row"]), 0.94, 0.94, facecolor=colour,
                                                  edgecolor=INK if row["border_state"] else GRID,
                                                  lw=1.6 if row["border_state"] else 0.6))
        dark = has_value and norm(row[value]) > 0.55
        text_colour = "white" if dark else INK
        ax.text(row["tile_col"] + 0.47, -row["tile_row"] + 0.6, row["abbreviation"], ha="center", va="center",
                fontsize=8, fontweight="bold", color=text_colour)
        ax.text(row["tile_col"] + 0.47, -row["tile_row"] + 0.3, label_format.format(row[value]) if has_value else "n/a",
                ha="center", va="center", fontsize=7, color=text_colour)
    ax.set_xlim(merged["tile_col"].min() - 0.1, merged["tile_col"].max() + 1.05)
    ax.set_ylim(-merged["tile_row"].max() - 0.1, -merged["tile_row"].min() + 1.05)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=colormap), ax=ax, shrink=0.6, label=value.replace("_", " "))
    return fig


def small_multiples(data: pd.DataFrame, *, x: str, y: str, facet: str, hue: str | None = None, ncols: int = 8,
                    facet_order: Sequence[str] | None = None, facet_labels: dict[str, str] | None = None,
                    hue_order: Sequence[str] | None = None, colors: Sequence[str] | None = None,
                    highlight: Iterable[str] = (), sharey: bool = True,
                    title: str = "", ylabel: str = "", width: float = WIDTH_IN, height: float | None = None,
                    thousands_axis: bool = False) -> Figure:
    """A grid of small line charts, one panel per ``facet`` value (in ``facet_order``, default
    sorted; titles from ``facet_labels``), one line per ``hue`` group coloured by ``colors`` (default:
    the palette in order). Panels share the y scale unless ``sharey`` is False; panels named in
    ``highlight`` get an accent title and background. Unused grid cells are hidden."""
    facets = list(facet_order) if facet_order is not None else sorted(data[facet].dropna().unique())
    hues = [None] if hue is None else list(hue_order or sorted(data[hue].dropna().unique()))
    nrows = max(1, -(-len(facets) // ncols))
    # A fixed grid (no constrained layout: it is slow with dozens of axes and gains little here).
    apply_style()
    fig = Figure(figsize=(width, height if height is not None else 0.95 * nrows + 0.9), dpi=DPI)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=sharey, squeeze=False)
    flat = list(axes.flat)
    highlight, labels = set(highlight), facet_labels or {}
    colors = list(colors) if colors else [PALETTE[i % len(PALETTE)] for i in range(len(hues))]
    for ax, key in zip(flat, facets):
        panel = data[data[facet] == key]
        for i, group in enumerate(hues):
            rows = (panel if group is None else panel[panel[hue] == group]).sort_values(x)
            ax.plot(rows[x], rows[y], lw=1.3, color=colors[i % len(colors)], label=group)
        accent = key in highlight
        ax.set_title(labels.get(key, str(key)), fontsize=8, pad=2, loc="left", fontweight="bold" if accent else "normal",
                     color=PALETTE[1] if accent else INK)
        if accent:
            ax.set_facecolor("#fff4e5")
        ax.tick_params(labelsize=6.5, length=0, pad=1)
        ax.grid(axis="x", visible=False)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=2, integer=True))
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=3))
        if thousands_axis:
            thousands(ax)
    for ax in flat[len(facets):]:
        ax.set_visible(False)
    if len(data):
        flat[0].set_ylim(bottom=0)
    top = 1 - 0.45 / fig.get_figheight() * (bool(title) + (hue is not None and len(hues) > 1))
    fig.subplots_adjust(left=0.08 if ylabel else 0.05, right=0.99, bottom=0.05, top=min(top, 0.97), wspace=0.12,
                        hspace=0.45)
    if ylabel:
        fig.supylabel(ylabel, x=0.005, fontsize=8.5, color=INK)
    if title:
        fig.suptitle(title, x=0.0, y=0.995, ha="left", va="top", fontsize=11, fontweight="bold")
    if hue is not None and len(hues) > 1:
        handles = [matplotlib.lines.Line2D([], [], color=colors[i % len(colors)], lw=1.8) for i in range(len(hues))]
        anchor = (0.99, 1.0 - 0.45 / fig.get_figheight() * bool(title))
        fig.legend(handles, [str(h) for h in hues], loc="upper right", bbox_to_anchor=anchor, ncols=len(hues), fontsize=8)
    return fig


# --- overview colours ---
OVERVIEW_AID_COLOUR = PALETTE[4]
OVERVIEW_NATIONALS_COLOUR = PALETTE[5]
OVERVIEW_TERM_SHADES = ("#dfe4ea", "#f1f3f6")  # the president strip: alternate terms
OVERVIEW_BORDER_COLOURS = {"encounters": PALETTE[0], "apprehensions": PALETTE[1]}  # the two southwest-border lines
OVERVIEW_TITLE_42_SHADE = "#fbe9dc"  # the fiscal years in which Title 42 expulsions were counted
OVERVIEW_OVERDOSE_COLOURS = {"all": PALETTE[7], "synthetic_opioids": PALETTE[1],
                             "psychostimulants": PALETTE[2], "cocaine": PALETTE[0], "heroin": PALETTE[4]}

# --- cooperation_index colours (the overview uses the index and event colours too) ---
INDEX_COLOUR = PALETTE[0]  # the index: median and bands, ranks, pillar scores in the coverage grid, total Sobol index
INDEX_INDICATOR_COLOUR = PALETTE[5]  # indicator values in the coverage grid, first-order Sobol index
PILLAR_COLOURS = {"judicial": PALETTE[0], "resources": PALETTE[4], "climate": PALETTE[2]}
INDICATOR_COLOURS = (PALETTE[5], PALETTE[3], PALETTE[7])  # the indicators of a pillar, in order
COOPERATIVE_EVENT_COLOUR = PALETTE[2]  # agreement or aid milestones
CONFLICTUAL_EVENT_COLOUR = PALETTE[1]  # disputes, suspensions, unilateral measures

# --- extraditions colours ---
EXTRADITIONS_SERIES_COLOUR = PALETTE[0]  # the extradition series: line, selected dots, bars, timeline dots
EXTRADITIONS_TRANSFER_COLOUR = PALETTE[1]  # transfers outside the treaty
EXTRADITIONS_OTHER_SOURCE_COLOUR = "#8a929c"  # another source's value for the same year
EXTRADITIONS_HOMICIDES_COLOUR = PALETTE[3]  # the homicides panel
EXTRADITIONS_ASSISTANCE_COLOUR = PALETTE[2]  # the U.S. assistance panel
# one colour per source with source=all: Okabe-Ito without yellow, then darker companions
EXTRADITIONS_SOURCE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                               "#7a4b00", "#005a5a", "#8c2d5a", "#4d4d99", "#6b8e23", "#a0522d", "#2f4f4f")

# --- violence colours ---
VIOLENCE_SERIES_COLOURS = {  # one per series label (mxsec.analysis.violence.compute.LABEL_ORDER)
    "INEGI, registration year, final": PALETTE[0],
    "INEGI, registration year, preliminary": PALETTE[5],
    "INEGI, occurrence year": PALETTE[2],
    "SESNSP victims": PALETTE[1],
    "SESNSP case files": PALETTE[4],
    "SESNSP case files, old methodology": PALETTE[3],
}
VIOLENCE_GAP_COLOURS = (PALETTE[1], PALETTE[5], PALETTE[2])  # the differences between two series, in order
VIOLENCE_ACCENT_COLOUR = PALETTE[1]  # the border states (national report) or the profiled state in the ranking
VIOLENCE_BORDER_COLOUR = PALETTE[1]  # the six border states combined
VIOLENCE_REST_COLOUR = PALETTE[0]  # the other 26 states combined
VIOLENCE_PROFILE_COLOUR = PALETTE[7]  # the profiled state's own lines beside the border groups
VIOLENCE_MONTHLY_COLOUR = PALETTE[2]  # deaths per day, month by month
VIOLENCE_ABOVE_AVERAGE_COLOUR = PALETTE[1]  # seasonality: a month above the average day
VIOLENCE_BELOW_AVERAGE_COLOUR = PALETTE[0]  # seasonality: a month below the average day

# --- funding colours ---
FUNDING_ACCOUNT_COLOURS = {"incle": PALETTE[0], "fmf": PALETTE[1], "imet": PALETTE[2], "nadr": PALETTE[4],
                           "dod_counterdrug": PALETTE[3], "other_dod": PALETTE[5]}  # the stacked security accounts
FUNDING_SERIES_COLOUR = PALETTE[0]  # one series in focus: a programme's panel, the ratios, the Mérida running sum
FUNDING_ABOVE_REQUEST_COLOUR = PALETTE[2]  # enacted above the request
FUNDING_BELOW_REQUEST_COLOUR = PALETTE[1]  # enacted below the request
FUNDING_FLAGGED_YEAR_COLOUR = PALETTE[1]  # a year missing or partial in the annual Mérida figures
FUNDING_PUBLISHED_COLOURS = {("merida", "enacted"): PALETTE[3], ("merida", "delivered"): PALETTE[4],
                             ("fmf", "enacted"): PALETTE[2]}  # published cumulative totals (others: MUTED)
FUNDING_SPAN_COLOURS = tuple(PALETTE)  # composition bars, one colour per span the sources state
FUNDING_STAGE_COLOURS = tuple(PALETTE[:5])  # budget stages of all foreign aid, in budget order

# --- the literature rule in charts (mxsec.data.sources.literature_source_ids) ---
LITERATURE_MARK = {"marker": "s", "s": 90, "facecolor": "none", "edgecolor": INK, "linewidth": 1.0}
LITERATURE_LABEL = "Only source is a paper of the literature"


def mark_literature(ax, x, y, zorder: float = 3.5) -> None:
    """A hollow square around each point (or bar top) whose only source is one of the papers: shown as
    secondary data, never as evidence for a claim. The same mark in every chart."""
    if len(x):
        ax.scatter(x, y, zorder=zorder, **LITERATURE_MARK)


def literature_handle():
    """The legend entry of ``mark_literature``."""
    return matplotlib.lines.Line2D([], [], lw=0, marker=LITERATURE_MARK["marker"], ms=8, mfc="none",
                                   mec=LITERATURE_MARK["edgecolor"], label=LITERATURE_LABEL)
