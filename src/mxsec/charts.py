"""The chart kit: one house style, administration shading, the "no figure" hatching, source
notes, and a few chart shapes the reports share. Every function returns a matplotlib Figure (or
draws on the axes it is given) and never calls ``plt.show()``; notebooks hand the Figure to
``mxsec.report.show_chart``, which adds the caption, source line, alt text and data CSV.

Colours: the Okabe-Ito palette (Okabe and Ito, *Color Universal Design*, 2008; ``PALETTE``, in
its published order), distinguishable with the common colour-vision deficiencies, unchanged.
Contrast (WCAG 2.1, :func:`contrast_ratio`), decided once here and checked by
``tests/test_contrast.py`` (the colours, and the report CSS) and ``tests/test_chart_checks.py``
(every drawn chart, with ``mxsec.chart_checks``):

- Text is at least 4.5:1 against what it sits on (AA): ``INK`` and ``MUTED`` on white and on the
  light shades; a label on a coloured tile or cell takes :func:`text_colour_on` of that colour.
  Of the palette only blue and black reach 4.5:1 on white, so no other palette colour is used
  for text.
- Lines, markers and bars that carry data are at least 3:1 against white (WCAG 1.4.11):
  ``DATA_COLOURS``, the five Okabe-Ito colours that reach it (blue 5.2, vermillion 3.9, bluish
  green 3.4, reddish purple 3.1, black 21). A chart needing a sixth line tells it apart by line
  style, never by a lighter colour (INEGI's preliminary series: its final series' blue, dotted).
  Only the extraditions chart with every source (up to a dozen dots) adds darker companions
  after the five, each at least 3:1.
- The three palette colours below 3:1 (``LIGHT_COLOURS``: orange 2.3, sky blue 2.3, yellow 1.3)
  are kept in the palette but never used for a line, a marker or text: only as a bar or area
  fill with a dark edge (:func:`fill`).
- ``DECORATION_COLOURS`` (grid, rules, administration shading, the "no figure" hatching, empty
  cells) are below 3:1 on purpose: they carry no value, and what they mark is named in the
  legend or the caption as well.

Two more rules every chart follows: a year (or cell) without a figure is hatched by
:func:`mark_no_figure`, in one pattern kept for that alone (a bar with a qualified value is dotted,
``QUALIFIED_HATCH``), and the legend carries :func:`no_figure_handle`; a presidential term is
labelled only when its band is at least ``TERM_LABEL_MIN_SHARE`` of the axis wide
(:func:`shade_administrations`), a narrower one (a sliver cut by the window's edge) being shaded
and named in the caption instead.

The font is IBM Plex Sans, the same family the HTML and PDF embed, and the only one matplotlib
is given (no system font, no fallback to its own DejaVu or math fonts).
"""

from __future__ import annotations

from dataclasses import dataclass
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

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]  # Okabe-Ito
INK, MUTED, GRID = "#1b1f24", "#5b6470", "#d5dae0"
WIDTH_IN, HEIGHT_IN = 7.5, 4.0
DPI = 144
ADMINISTRATION_SHADES = ("#eef1f4", "#ffffff")
GAP_COLOUR = "#c4cad1"  # hatching of years without a figure (mark_no_figure)
NO_FIGURE_HATCH = "////"  # the one pattern for "no figure"; never used for a bar that has a value
QUALIFIED_HATCH = "...."  # a bar whose figure is qualified (partial year, partly reported, narrower scope)
NO_FIGURE_GID = "mxsec-no-figure"  # the gid of every "no figure" span, so a check can find them
# gids "<prefix>:<key>:<full name>" of the term bands and their labels, so a check can pair them
TERM_BAND_GID, TERM_LABEL_GID = "mxsec-term-band", "mxsec-term-label"
PAPER_COLOUR = "white"  # open markers, bar edges, grid lines and marks drawn over colour
NO_VALUE_COLOUR = "#f3f4f6"  # a year with a qualified value (partly reported years)
FAINT_COLOUR = "#8a929c"  # a value drawn for comparison only (another source's figure); 3.1:1 on white
YEAR_CENTRED = -0.5  # term-boundary offset on axes whose points sit at the middle of the year (x = year)
TERM_LABEL_MIN_SHARE = 0.10  # a term band narrower than this share of the axis is shaded, not labelled
TERM_MIN_YEARS = 31 / 365.25  # a term visible for a month or less is not drawn (periods.OFFSET_MAX_DAYS)
PARTY_LABEL_SIZE = 7.5
TEXT_MIN_CONTRAST, MARK_MIN_CONTRAST = 4.5, 3.0  # WCAG 2.1 AA text; non-text contrast (1.4.11)
DATA_COLOURS = (PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[7])  # lines, markers, bars
LIGHT_COLOURS = (PALETTE[4], PALETTE[5], PALETTE[6])  # fills with a dark edge only


def relative_luminance(colour) -> float:
    """WCAG 2.1 relative luminance of a matplotlib colour (alpha ignored): 0 black, 1 white."""
    channels = matplotlib.colors.to_rgb(colour)
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground, background="white") -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def over(colour, background="white") -> tuple[float, float, float]:
    """The colour a translucent ``colour`` shows over ``background`` (alpha composited)."""
    r, g, b, a = matplotlib.colors.to_rgba(colour)
    base = matplotlib.colors.to_rgb(background)
    return tuple(a * c + (1 - a) * k for c, k in zip((r, g, b), base))


def text_colour_on(background) -> str:
    """The text colour for a label on ``background`` (a tile, a cell): ``INK`` where it reaches
    4.5:1, else black or white, whichever contrasts more (one of the two always reaches 4.5:1)."""
    if contrast_ratio(INK, background) >= TEXT_MIN_CONTRAST:
        return INK
    return max((PALETTE[7], PAPER_COLOUR), key=lambda colour: contrast_ratio(colour, background))


def fill(colour, **kwargs) -> dict:
    """Keyword arguments for a bar or patch filled with ``colour``: a colour below 3:1 on white
    (``LIGHT_COLOURS``) gets a dark ``INK`` edge; others keep the house white edge (the gap
    between stacked bars)."""
    if contrast_ratio(colour) < MARK_MIN_CONTRAST:
        return {"facecolor": colour, "edgecolor": INK, "linewidth": 0.6, **kwargs}
    return {"facecolor": colour, **kwargs}


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
    sns.set_theme(style="whitegrid", palette=list(DATA_COLOURS), font=FONT_FAMILY)  # the default cycle: data colours
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


@dataclass(frozen=True)
class TermBand:
    """One presidential term as the shading shows it: ``x0``-``x1`` is the part inside the window
    (decimal years, after the offset); ``labelled`` is False for a band under
    ``TERM_LABEL_MIN_SHARE`` of the window, which is shaded but not labelled; ``side`` says where
    such a band is (``left`` or ``right`` edge, or ``inside``), for the caption that names it."""

    name: str
    short_name: str
    index: int  # position in the country's table (alternates the shade)
    x0: float
    x1: float
    labelled: bool
    side: str


def term_label_fits(width: float, window: float) -> bool:
    """The one rule for labelling a term band: its visible width is at least
    ``TERM_LABEL_MIN_SHARE`` of the window (both in the axis's units). 10% holds the longest short
    name (López Obrador) on a full-width chart."""
    return window > 0 and width / window >= TERM_LABEL_MIN_SHARE - 1e-9


def term_bands(administrations: pd.DataFrame, lo: float, hi: float, *, country: str = "MX",
               offset: float = 0.0) -> list[TermBand]:
    """The terms of ``country`` visible between ``lo`` and ``hi`` (decimal years; ``offset``
    shifts every boundary, ``YEAR_CENTRED`` on year-centred axes), oldest first, each with the
    labelling rule applied (``term_label_fits``). A term still running ends at ``hi``."""
    terms = administrations[administrations["country"] == country].sort_values("start").reset_index(drop=True)
    bands = []
    for i, term in terms.iterrows():
        start = decimal_year(term["start"]) + offset
        end = decimal_year(term["end"]) + offset if pd.notna(term["end"]) else hi
        if end <= lo or start >= hi:
            continue
        x0, x1 = max(start, lo), min(end, hi)
        if x1 - x0 <= TERM_MIN_YEARS:
            continue  # a hairline in the axis padding: no month of the window is in it
        side = "left" if start <= lo else "right" if end >= hi else "inside"
        bands.append(TermBand(term["name"], term["short_name"], int(i), x0, x1, term_label_fits(x1 - x0, hi - lo), side))
    return bands


def shade_administrations(ax, administrations: pd.DataFrame, *, country: str = "MX", xmin: float | None = None,
                          xmax: float | None = None, label: bool = True, offset: float = 0.0) -> list[TermBand]:
    """Shade alternate presidential terms behind the data, each labelled with the president's
    short name above the axes when it is at least ``TERM_LABEL_MIN_SHARE`` of the axis wide
    (``term_label_fits``); a narrower band (a sliver cut by the window's edge) is shaded but not
    labelled, and the chart's caption names it (``periods.unlabelled_terms_note`` of the bands
    returned, ``unlabelled``); a term visible for a month or less (``TERM_MIN_YEARS``, a hairline
    in the axis padding) is left out. Returns the bands drawn.

    ``administrations`` is the curated table (country, name, short_name, start, end); the x axis
    is in decimal years, so a term starting 1 December 2006 begins at 2006.92. ``offset`` shifts
    every term boundary: ``YEAR_CENTRED`` (-0.5) on axes whose points sit at the year's middle
    (x = year), so that a term starting 1 December is drawn from between the two year points.
    Shades alternate by the term's position in the country's table, so a president keeps the
    same shade in every chart. ``label=False`` shades only (another element names the terms; the
    bands returned still say which the rule would label).
    """
    lo, hi = ax.get_xlim() if xmin is None or xmax is None else (xmin, xmax)
    bands = term_bands(administrations, lo, hi, country=country, offset=offset)
    for band in bands:
        ax.axvspan(band.x0, band.x1, color=ADMINISTRATION_SHADES[band.index % 2], zorder=0, lw=0,
                   gid=f"{TERM_BAND_GID}:{band.index}:{band.name}")
        if label and band.labelled:
            ax.text((band.x0 + band.x1) / 2, 1.0, band.short_name, transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=PARTY_LABEL_SIZE, color=MUTED,
                    gid=f"{TERM_LABEL_GID}:{band.index}:{band.name}")
    ax.set_xlim(lo, hi)
    return bands


def unlabelled(bands: Iterable[TermBand]) -> list[tuple[str, str]]:
    """(full name, side) of the bands shaded but not labelled, for ``periods.unlabelled_terms_note``."""
    return [(band.name, band.side) for band in bands if not band.labelled]


def mark_no_figure(ax, xs: Iterable[float], *, width: float = 1.0, ymin: float = 0.0, ymax: float = 1.0) -> list:
    """The one way a chart shows years (or cells) without a figure: a band ``width`` wide centred
    on each of ``xs`` (consecutive ones joined), hatched in ``GAP_COLOUR`` behind the data, from
    ``ymin`` to ``ymax`` of the axes height. The chart's legend carries ``no_figure_handle``.
    Returns the patches (``no_figure_span``)."""
    patches, run = [], []
    for x in sorted(set(float(v) for v in xs)):
        if run and x - run[-1] > width + 1e-9:
            patches.append(no_figure_span(ax, run[0] - width / 2, run[-1] + width / 2, ymin=ymin, ymax=ymax))
            run = []
        run.append(x)
    if run:
        patches.append(no_figure_span(ax, run[0] - width / 2, run[-1] + width / 2, ymin=ymin, ymax=ymax))
    return patches


def no_figure_span(ax, x0: float, x1: float, *, ymin: float = 0.0, ymax: float = 1.0):
    """One "no figure" band from ``x0`` to ``x1`` (data x), ``ymin``-``ymax`` of the axes height,
    with gid ``NO_FIGURE_GID`` (how a check finds it). Prefer ``mark_no_figure`` for whole years."""
    return ax.axvspan(x0, x1, ymin=ymin, ymax=ymax, facecolor="none", edgecolor=GAP_COLOUR, hatch=NO_FIGURE_HATCH,
                      lw=0, zorder=0.5, gid=NO_FIGURE_GID)


def has_no_figure(ax) -> bool:
    """Whether ``ax`` shows a "no figure" band (its legend then needs ``no_figure_handle``)."""
    return any(patch.get_gid() == NO_FIGURE_GID for patch in ax.patches)


def no_figure_handle(label: str) -> matplotlib.patches.Patch:
    """The legend key of ``mark_no_figure``."""
    return matplotlib.patches.Patch(facecolor=PAPER_COLOUR, edgecolor=GAP_COLOUR, hatch=NO_FIGURE_HATCH, label=label)


def rank_ticks(n: int) -> list[int]:
    """Ticks of a rank axis from 1 to ``n``: every rank up to 15, else 1 and every fifth rank
    (and ``n``). Rank 1, the top, is always a tick."""
    if n <= 15:
        return list(range(1, n + 1))
    ticks = [1, *range(5, n + 1, 5)]
    return ticks if ticks[-1] == n else [*ticks, n]


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
        ax.plot(group[x], group[y], marker="o" if markers else None, ms=3, lw=1.8,
                color=DATA_COLOURS[i % len(DATA_COLOURS)], label=key)
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
        text_colour = text_colour_on(colour)
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
    ``DATA_COLOURS`` in order). Panels share the y scale unless ``sharey`` is False; panels named in
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
    colors = list(colors) if colors else [DATA_COLOURS[i % len(DATA_COLOURS)] for i in range(len(hues))]
    for ax, key in zip(flat, facets):
        panel = data[data[facet] == key]
        for i, group in enumerate(hues):
            rows = (panel if group is None else panel[panel[hue] == group]).sort_values(x)
            ax.plot(rows[x], rows[y], lw=1.3, color=colors[i % len(colors)], label=group)
        accent = key in highlight
        ax.set_title(labels.get(key, str(key)), fontsize=8, pad=2, loc="left", fontweight="bold" if accent else "normal",
                     color=INK)  # the accent is the bold title and the tinted panel: vermillion text is under 4.5:1
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
OVERVIEW_AID_COLOUR = PALETTE[2]  # as the extraditions report's assistance panel
OVERVIEW_TERM_SHADES = ("#dfe4ea", "#f1f3f6")  # the president strip: alternate terms
OVERVIEW_BORDER_COLOURS = {"encounters": PALETTE[0], "apprehensions": PALETTE[1]}  # the two southwest-border lines
OVERVIEW_TITLE_42_SHADE = "#fbe9dc"  # the fiscal years in which Title 42 expulsions were counted
OVERVIEW_OVERDOSE_COLOURS = {"all": PALETTE[7], "synthetic_opioids": PALETTE[1],
                             "psychostimulants": PALETTE[2], "cocaine": PALETTE[0], "heroin": PALETTE[3]}

# --- cooperation_index colours (the overview uses the index and event colours too) ---
INDEX_COLOUR = PALETTE[0]  # the index: median and bands, ranks, pillar scores in the coverage grid, total Sobol index
INDEX_INDICATOR_COLOUR = PALETTE[2]  # indicator values in the coverage grid, first-order Sobol index
PILLAR_COLOURS = {"judicial": PALETTE[0], "resources": PALETTE[1], "climate": PALETTE[2]}
INDICATOR_COLOURS = (PALETTE[3], PALETTE[7], PALETTE[1])  # the indicators of a pillar, in order (none is its pillar's colour)
COOPERATIVE_EVENT_COLOUR = PALETTE[2]  # agreement or aid milestones
CONFLICTUAL_EVENT_COLOUR = PALETTE[1]  # disputes, suspensions, unilateral measures

# --- extraditions colours ---
EXTRADITIONS_SERIES_COLOUR = PALETTE[0]  # the extradition series: line, selected dots, bars, timeline dots
EXTRADITIONS_TRANSFER_COLOUR = PALETTE[1]  # transfers outside the treaty
EXTRADITIONS_OTHER_SOURCE_COLOUR = FAINT_COLOUR  # another source's value for the same year
EXTRADITIONS_HOMICIDES_COLOUR = PALETTE[3]  # the homicides panel
EXTRADITIONS_ASSISTANCE_COLOUR = PALETTE[2]  # the U.S. assistance panel
# one colour per source with source=all (dots): the Okabe-Ito data colours, then darker companions
# (each at least 3:1 on white)
EXTRADITIONS_SOURCE_COLOURS = (*DATA_COLOURS, "#7a4b00", "#005a5a", "#8c2d5a", "#4d4d99", "#6b8e23", "#a0522d",
                               "#2f4f4f")

# --- violence colours ---
VIOLENCE_SERIES_COLOURS = {  # one per series label (mxsec.analysis.violence.compute.LABEL_ORDER)
    "INEGI, registration year, final": PALETTE[0],
    "INEGI, registration year, preliminary": PALETTE[0],  # told apart from final by its dotted line
    "INEGI, occurrence year": PALETTE[2],
    "SESNSP victims": PALETTE[1],
    "SESNSP case files": PALETTE[7],
    "SESNSP case files, old methodology": PALETTE[3],
}
VIOLENCE_SERIES_STYLES = {"INEGI, registration year, preliminary": ":"}  # line style where not solid
VIOLENCE_GAP_COLOURS = (PALETTE[1], PALETTE[3], PALETTE[2])  # the differences between two series, in order
VIOLENCE_ACCENT_COLOUR = PALETTE[1]  # the border states (national report) or the profiled state in the ranking
VIOLENCE_BORDER_COLOUR = PALETTE[1]  # the six border states combined
VIOLENCE_REST_COLOUR = PALETTE[0]  # the other 26 states combined
VIOLENCE_PROFILE_COLOUR = PALETTE[7]  # the profiled state's own lines beside the border groups
VIOLENCE_MONTHLY_COLOUR = PALETTE[2]  # deaths per day, month by month
VIOLENCE_ABOVE_AVERAGE_COLOUR = PALETTE[1]  # seasonality: a month above the average day
VIOLENCE_BELOW_AVERAGE_COLOUR = PALETTE[0]  # seasonality: a month below the average day

# --- funding colours ---
FUNDING_ACCOUNT_COLOURS = {"incle": PALETTE[0], "fmf": PALETTE[1], "imet": PALETTE[2], "nadr": PALETTE[4],
                           "dod_counterdrug": PALETTE[3], "other_dod": PALETTE[5]}  # stacked bars (light ones: fill())
FUNDING_SERIES_COLOUR = PALETTE[0]  # one series in focus: a programme's panel, the ratios, the Mérida running sum
FUNDING_ABOVE_REQUEST_COLOUR = PALETTE[2]  # enacted above the request
FUNDING_BELOW_REQUEST_COLOUR = PALETTE[1]  # enacted below the request
FUNDING_FLAGGED_YEAR_COLOUR = PALETTE[1]  # a year missing or partial in the annual Mérida figures
FUNDING_PUBLISHED_COLOURS = {("merida", "enacted"): PALETTE[3], ("merida", "delivered"): PALETTE[7],
                             ("fmf", "enacted"): PALETTE[2]}  # published cumulative totals (others: MUTED)
FUNDING_SPAN_COLOURS = tuple(PALETTE)  # composition bars, one colour per span the sources state (light ones: fill())
FUNDING_STAGE_COLOURS = (PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[7])  # budget stages, in budget order

# colours that never carry a value (grid, shading of terms and periods, "no figure" hatching, cells
# with a qualified value): exempt from the 3:1 rule for data marks (see the module docstring)
DECORATION_COLOURS = (GRID, GAP_COLOUR, NO_VALUE_COLOUR, *ADMINISTRATION_SHADES, *OVERVIEW_TERM_SHADES,
                      OVERVIEW_TITLE_42_SHADE)

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
