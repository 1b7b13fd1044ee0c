"""Checks of a drawn chart, for what a reader would stumble on: text over text, a value label
over a line, text or data marks too faint to read (WCAG 2.1 contrast, the rules in
``mxsec.charts``), years without a figure left unmarked, a term label spilling out of its band.

Each check takes a matplotlib Figure, draws it with the Agg renderer (``fig.canvas.get_renderer()``)
and returns a list of problems, each a short sentence naming what is wrong (empty: none).
``tests/test_chart_checks.py`` runs them on every chart the notebooks draw, and on planted bad
charts. In a notebook: ``chart_checks.problems(chart.figure)``.
"""

from __future__ import annotations

from typing import Iterable

import matplotlib.colors
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from mxsec import charts

OVERLAP_TOLERANCE_PX = 1.0  # boxes touching by up to this much (antialiasing, line spacing) do not collide


def _draw(fig: Figure) -> tuple[object, list[Text]]:
    """Draw ``fig`` once and return the renderer and every text artist drawn (visible, non-empty,
    in drawing order, each once). Recording what the renderer draws leaves out the tick labels
    outside the view and the texts of hidden axes, which a search of the figure would include."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # the kit's Figures are made without pyplot, on a bare canvas
    renderer = fig.canvas.get_renderer()
    drawn: dict[int, Text] = {}
    original = renderer.draw_text

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None and s.strip():
            drawn.setdefault(id(mtext), mtext)
        return original(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = record
    try:
        fig.canvas.draw()
    finally:
        del renderer.draw_text
    return renderer, [t for t in drawn.values() if t.get_visible() and t.get_text().strip()]


def _label(text: Text) -> str:
    return repr(" ".join(text.get_text().split()))


def _overlap(a: Bbox, b: Bbox, tolerance: float = OVERLAP_TOLERANCE_PX) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance


def text_collisions(fig: Figure) -> list[str]:
    """Pairs of drawn texts whose boxes (``text.get_window_extent``) overlap."""
    renderer, texts = _draw(fig)
    boxes = [(t, t.get_window_extent(renderer)) for t in texts]
    return [f"text {_label(a)} overlaps text {_label(b)}"
            for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:] if _overlap(box_a, box_b)]


def _segments(xy: np.ndarray) -> list[np.ndarray]:
    """Runs of finite points of a polyline (a NaN breaks the line)."""
    finite = np.isfinite(xy).all(axis=1)
    runs, current = [], []
    for point, ok in zip(xy, finite):
        if ok:
            current.append(point)
        elif current:
            runs.append(np.array(current))
            current = []
    if current:
        runs.append(np.array(current))
    return runs


def _marks(ax, renderer) -> list[tuple[str, list[np.ndarray], np.ndarray, float]]:
    """What each plotted line, whisker and dot of ``ax`` covers, in display pixels: (name,
    polylines, points, point radius)."""
    out = []
    px_per_pt = renderer.points_to_pixels(1.0)
    for line in ax.lines:
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))  # units converted
        stroked = line.get_linestyle() not in ("None", "", " ", "none") and line.get_linewidth() > 0
        marked = line.get_marker() not in (None, "None", "", " ", "none")
        points = xy[np.isfinite(xy).all(axis=1)] if marked else np.empty((0, 2))
        out.append((f"line {line.get_label()!r}", _segments(xy) if stroked else [], points,
                    line.get_markersize() / 2 * px_per_pt))
    for collection in ax.collections:
        if not collection.get_visible():
            continue
        if isinstance(collection, LineCollection):
            paths = [collection.get_transform().transform(p.vertices) for p in collection.get_paths()]
            out.append(("whiskers", [s for p in paths for s in _segments(p)], np.empty((0, 2)), 0.0))
        elif isinstance(collection, PathCollection) and len(collection.get_offsets()):
            offsets = collection.get_offset_transform().transform(np.asarray(collection.get_offsets(), dtype=float))
            sizes = collection.get_sizes()
            radius = float(np.sqrt(sizes.max()) / 2 * px_per_pt) if len(sizes) else 0.0
            out.append(("dots", [], offsets[np.isfinite(offsets).all(axis=1)], radius))
    return out


def labels_over_lines(fig: Figure) -> list[str]:
    """Texts placed in an axes (value labels, annotations; ``ax.texts``) that a plotted line,
    whisker or dot of the same axes crosses."""
    renderer, drawn = _draw(fig)
    drawn_ids = {id(t) for t in drawn}
    problems = []
    for ax in fig.axes:
        marks = _marks(ax, renderer)
        for text in ax.texts:
            if id(text) not in drawn_ids:
                continue
            box = text.get_window_extent(renderer).expanded(1.0, 1.0)
            inner = Bbox.from_extents(box.x0 + OVERLAP_TOLERANCE_PX, box.y0 + OVERLAP_TOLERANCE_PX,
                                      box.x1 - OVERLAP_TOLERANCE_PX, box.y1 - OVERLAP_TOLERANCE_PX)
            for name, polylines, points, radius in marks:
                crossed = any(len(p) > 1 and Path(p).intersects_bbox(inner, filled=False) for p in polylines)
                x, y = (points[:, 0], points[:, 1]) if len(points) else (np.empty(0), np.empty(0))
                near = bool(((x >= inner.x0 - radius) & (x <= inner.x1 + radius)
                             & (y >= inner.y0 - radius) & (y <= inner.y1 + radius)).any())
                if crossed or near:
                    problems.append(f"label {_label(text)} lies over the {name}")
    return problems


def _point_background(fig: Figure, ax, point: tuple[float, float], below: float):
    """The opaque colour behind display ``point`` in ``ax`` (or the figure): the topmost
    patch or image under it drawn below zorder ``below``, else the axes, else the figure."""
    if ax is not None:
        under = []
        for patch in ax.patches:
            face = patch.get_facecolor()
            if patch.get_visible() and face[3] >= 0.99 and patch.get_zorder() < below and patch.contains_point(point):
                under.append((patch.get_zorder(), face))
        for image in ax.images:
            if isinstance(image, AxesImage) and image.get_zorder() < below:
                colour = _image_colour(image, ax, point)
                if colour is not None:
                    under.append((image.get_zorder(), colour))
        if under:
            return max(under, key=lambda item: item[0])[1]
        if ax.patch.contains_point(point):
            return ax.patch.get_facecolor()
    return fig.patch.get_facecolor()


def _image_colour(image: AxesImage, ax, point):
    x, y = ax.transData.inverted().transform(point)
    x0, x1, y0, y1 = image.get_extent()
    array = image.get_array()
    rows, cols = array.shape[:2]
    if not (min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1)):
        return None
    col = int(np.clip((x - x0) / (x1 - x0) * cols, 0, cols - 1))
    row = int(np.clip((y - y0) / (y1 - y0) * rows, 0, rows - 1))
    if image.origin == "upper":
        row = int(np.clip((y - y1) / (y0 - y1) * rows, 0, rows - 1))
    return image.cmap(image.norm(array[row, col]))


def _colour_name(colour) -> str:
    return matplotlib.colors.to_hex(colour)


def text_contrast(fig: Figure, minimum: float = charts.TEXT_MIN_CONTRAST) -> list[str]:
    """Drawn texts with a contrast under ``minimum`` (4.5:1, WCAG 2.1 AA) against the colour
    behind their centre."""
    renderer, texts = _draw(fig)
    problems = []
    for text in texts:
        box = text.get_window_extent(renderer)
        ax = text.axes if text.axes in fig.axes else None
        background = charts.over(_point_background(fig, ax, ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2),
                                                   text.get_zorder()))
        background = charts.over(background)
        colour = charts.over(matplotlib.colors.to_rgba(text.get_color(), text.get_alpha()), background)
        ratio = charts.contrast_ratio(colour, background)
        if ratio < minimum - 1e-6:
            problems.append(f"text {_label(text)}: {_colour_name(colour)} on {_colour_name(background)} is "
                            f"{ratio:.2f}:1, under {minimum}:1")
    return problems


def _decoration(colour) -> bool:
    hex_ = _colour_name(colour)
    return any(hex_ == _colour_name(c) for c in charts.DECORATION_COLOURS)


def _best(colours: Iterable) -> tuple[float, str]:
    """The highest contrast against white among the visible ``colours`` (alpha composited)."""
    best = (0.0, "none")
    for colour in colours:
        rgba = matplotlib.colors.to_rgba(colour)
        if rgba[3] == 0:
            continue
        shown = charts.over(rgba)
        best = max(best, (charts.contrast_ratio(shown), _colour_name(shown)))
    return best


def mark_contrast(fig: Figure, minimum: float = charts.MARK_MIN_CONTRAST) -> list[str]:
    """Lines, markers, dots and bars that carry data with a contrast under ``minimum`` (3:1, WCAG
    1.4.11) against white. A mark passes when its stroke, fill or edge does (a light fill with a
    dark edge passes); marks in ``charts.DECORATION_COLOURS`` (grid, rules, shading) are not data."""
    problems = []

    def check(name: str, colours: list) -> None:
        visible = [c for c in colours if matplotlib.colors.to_rgba(c)[3] > 0]
        if not visible or all(_decoration(c) for c in visible):
            return
        ratio, shown = _best(visible)
        problem = f"{name}: {shown} is {ratio:.2f}:1 on white, under {minimum}:1"
        if ratio < minimum - 1e-6 and problem not in problems:
            problems.append(problem)

    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for line in ax.lines:
            if not line.get_visible() or not len(line.get_xdata()):
                continue
            colours = []
            if line.get_linestyle() not in ("None", "", " ", "none") and line.get_linewidth() > 0:
                colours.append(matplotlib.colors.to_rgba(line.get_color(), line.get_alpha()))
            if line.get_marker() not in (None, "None", "", " ", "none"):
                colours += [matplotlib.colors.to_rgba(line.get_markerfacecolor(), line.get_alpha()),
                            matplotlib.colors.to_rgba(line.get_markeredgecolor(), line.get_alpha())]
            check(f"line {line.get_label()!r}", colours)
        for collection in ax.collections:
            if not collection.get_visible():
                continue
            if isinstance(collection, LineCollection):
                for colour in collection.get_colors():
                    check("whiskers", [colour])
            elif isinstance(collection, PathCollection):
                faces, edges = collection.get_facecolors(), collection.get_edgecolors()
                widths = collection.get_linewidths()
                for k in range(max(len(faces), len(edges), 1) if len(collection.get_offsets()) else 0):
                    colours = [faces[k % len(faces)]] if len(faces) else []
                    if len(edges) and len(widths) and widths[k % len(widths)] > 0:
                        colours.append(edges[k % len(edges)])
                    check("dots", colours)
        for container in ax.containers:
            if not isinstance(container, BarContainer):
                continue
            for bar in container.patches:
                if not bar.get_visible() or bar.get_height() == 0 and bar.get_width() == 0:
                    continue
                colours = [bar.get_facecolor()]
                if bar.get_linewidth() > 0 or bar.get_hatch():
                    colours.append(bar.get_edgecolor())
                check(f"bar {container.get_label()!r}", colours)
    return problems


def no_figure_spans(ax) -> list[tuple[float, float]]:
    """The x extents of the "no figure" spans of ``ax`` (``charts.mark_no_figure``)."""
    spans = []
    for patch in ax.patches:
        if patch.get_gid() == charts.NO_FIGURE_GID:
            x = patch.get_bbox().x0, patch.get_bbox().x1  # data x (the span's transform is blended)
            spans.append((min(x), max(x)))
    return spans


def hatched_positions(ax, positions: Iterable[float]) -> set[float]:
    """Which of ``positions`` (data x, years or cells) lie inside a "no figure" span of ``ax``."""
    spans = no_figure_spans(ax)
    return {p for p in positions if any(lo < p < hi for lo, hi in spans)}


def stray_hatching(fig: Figure) -> list[str]:
    """Patches drawn with the "no figure" look that did not come from ``charts.mark_no_figure``
    (a chart hatching its gaps by hand), and bars with a value drawn in the "no figure" hatch."""
    problems = []
    gap = _colour_name(charts.GAP_COLOUR)
    for ax in fig.axes:
        for patch in ax.patches:
            if patch.get_gid() == charts.NO_FIGURE_GID:
                continue
            if patch.get_hatch() == charts.NO_FIGURE_HATCH and _colour_name(patch.get_edgecolor()) == gap:
                problems.append(f"hatching by hand in {ax.get_title()!r}: use charts.mark_no_figure")
            elif patch.get_hatch() == charts.NO_FIGURE_HATCH:
                problems.append(f"a bar with a value hatched as 'no figure' in {ax.get_title()!r}: use "
                                "charts.QUALIFIED_HATCH")
    return sorted(set(problems))


def legend_names_no_figure(fig: Figure) -> bool:
    """Whether a legend of ``fig`` has the "no figure" key (``charts.no_figure_handle``)."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    gap = _colour_name(charts.GAP_COLOUR)
    return any(handle is not None and getattr(handle, "get_hatch", lambda: None)() == charts.NO_FIGURE_HATCH
               and _colour_name(handle.get_edgecolor()) == gap
               for legend in legends for handle in legend.legend_handles)


def term_labels_outside_bands(fig: Figure) -> list[str]:
    """Administration labels (``charts.shade_administrations``) wider than their shaded band."""
    renderer, drawn = _draw(fig)
    problems = []
    for ax in fig.axes:
        bands = {}
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            if gid.startswith(charts.TERM_BAND_GID + ":"):
                extent = patch.get_window_extent(renderer)
                bands[gid.split(":", 1)[1]] = (extent.x0, extent.x1)
        for text in ax.texts:
            gid = text.get_gid() or ""
            if not gid.startswith(charts.TERM_LABEL_GID + ":") or text not in drawn:
                continue
            lo, hi = bands[gid.split(":", 1)[1]]
            box = text.get_window_extent(renderer)
            if box.x0 < lo - OVERLAP_TOLERANCE_PX or box.x1 > hi + OVERLAP_TOLERANCE_PX:
                problems.append(f"term label {_label(text)} is wider than its band")
    return problems


def term_bands_drawn(fig: Figure) -> list[tuple[str, bool]]:
    """(full name, labelled) of every term the figure shades (``charts.TERM_BAND_GID``), once
    each, a term being labelled when a drawn text of the figure names it (``charts.TERM_LABEL_GID``:
    a strip of labelled terms may name the bands of the panels below it)."""
    _, drawn = _draw(fig)
    labelled = {(t.get_gid() or "").split(":", 2)[-1] for t in drawn
                if (t.get_gid() or "").startswith(charts.TERM_LABEL_GID + ":")}
    names = dict.fromkeys((patch.get_gid() or "").split(":", 2)[-1] for ax in fig.axes for patch in ax.patches
                          if (patch.get_gid() or "").startswith(charts.TERM_BAND_GID + ":"))
    return [(name, name in labelled) for name in names]


def problems(fig: Figure) -> list[str]:
    """Every check above that needs no data: collisions, labels over lines, contrast, hatching
    by hand, term labels."""
    return [*text_collisions(fig), *labels_over_lines(fig), *text_contrast(fig), *mark_contrast(fig),
            *stray_hatching(fig), *term_labels_outside_bands(fig)]
