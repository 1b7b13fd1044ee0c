"""Contrast of the house colours (WCAG 2.1): text at least 4.5:1 against its background (AA), in
the charts and in the report CSS; lines, markers and bars that carry data at least 3:1 against
white (1.4.11 non-text contrast); the Okabe-Ito colours below 3:1 only as fills with a dark edge
(``mxsec.charts`` states the rule). The drawn charts are checked in ``test_chart_checks.py``."""

from __future__ import annotations

import re

import matplotlib.colors
import pytest
import seaborn as sns

from mxsec import charts
from mxsec.paths import template_dir

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
TEXT_BACKGROUNDS = ("white", *charts.ADMINISTRATION_SHADES, charts.NO_VALUE_COLOUR, *charts.OVERVIEW_TERM_SHADES,
                    charts.OVERVIEW_TITLE_42_SHADE, "#fff4e5")  # "#fff4e5": a highlighted small-multiples panel
FILLS_WITH_EDGE = ("FUNDING_ACCOUNT_COLOURS", "FUNDING_SPAN_COLOURS")  # drawn through charts.fill()
NOT_DATA = ("GAP_COLOUR", "NO_VALUE_COLOUR", "PAPER_COLOUR", "OVERVIEW_TITLE_42_SHADE", "OVERVIEW_TERM_SHADES",
            "DECORATION_COLOURS", "LIGHT_COLOURS")


def below(pairs, minimum: float) -> list[str]:
    """The (name, foreground, background) pairs under ``minimum``, as 'name: ratio'."""
    return [f"{name}: {charts.contrast_ratio(fg, bg):.2f}" for name, fg, bg in pairs
            if charts.contrast_ratio(fg, bg) < minimum - 1e-9]


@pytest.mark.parametrize("fg, bg, ratio", [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0),
                                           ("#767676", "white", 4.54), ("#777777", "white", 4.48),
                                           ("#F0E442", "white", 1.32), ("#0072B2", "white", 5.19)])
def test_contrast_ratio_matches_wcag_reference_values(fg, bg, ratio):
    assert charts.contrast_ratio(fg, bg) == pytest.approx(ratio, abs=0.01)
    assert charts.contrast_ratio(bg, fg) == pytest.approx(ratio, abs=0.01)  # symmetric


def test_the_palette_is_okabe_ito_and_its_roles_follow_contrast():
    assert charts.PALETTE == OKABE_ITO  # the published set, unchanged, in its order
    assert "Okabe-Ito" in charts.__doc__
    assert set(charts.DATA_COLOURS) | set(charts.LIGHT_COLOURS) == set(charts.PALETTE)
    assert below([(c, c, "white") for c in charts.DATA_COLOURS], charts.MARK_MIN_CONTRAST) == []
    assert len(below([(c, c, "white") for c in charts.LIGHT_COLOURS], charts.MARK_MIN_CONTRAST)) == 3


def test_text_colours_reach_aa_on_every_background_they_sit_on():
    pairs = [(f"{name} on {bg}", colour, bg) for name, colour in (("INK", charts.INK), ("MUTED", charts.MUTED))
             for bg in TEXT_BACKGROUNDS]
    assert below(pairs, charts.TEXT_MIN_CONTRAST) == []
    assert charts.contrast_ratio(charts.FUNDING_SERIES_COLOUR) >= charts.TEXT_MIN_CONTRAST  # an annotation colour


def _named_colours():
    """(name, colour) of every colour constant of the chart kit."""
    for name in dir(charts):
        value = getattr(charts, name)
        if not name.endswith(("_COLOUR", "_COLOURS")) or name in NOT_DATA + FILLS_WITH_EDGE:
            continue
        values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        yield from ((name, v) for v in values if matplotlib.colors.is_color_like(v))


def test_every_colour_for_lines_markers_and_bars_reaches_3_to_1():
    named = list(_named_colours())
    assert len(named) > 40 and ("EXTRADITIONS_SOURCE_COLOURS", "#7a4b00") in named
    assert below([(name, colour, "white") for name, colour in named], charts.MARK_MIN_CONTRAST) == []


def test_light_colours_are_fills_with_a_dark_edge():
    for colour in charts.LIGHT_COLOURS:
        style = charts.fill(colour)
        assert style["edgecolor"] == charts.INK and style["linewidth"] > 0
        assert charts.contrast_ratio(style["edgecolor"]) >= charts.MARK_MIN_CONTRAST
    assert charts.fill(charts.PALETTE[0]) == {"facecolor": charts.PALETTE[0]}  # the house white edge


def test_text_on_a_coloured_tile_or_cell_always_reaches_aa():
    backgrounds = [*charts.PALETTE, *(matplotlib.colors.to_hex(c) for c in sns.color_palette("rocket_r", 256)),
                   *(f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 5))]
    pairs = [(bg, charts.text_colour_on(bg), bg) for bg in backgrounds]
    assert below(pairs, charts.TEXT_MIN_CONTRAST) == []


def test_the_checker_flags_planted_faint_colours():
    assert below([("yellow line", charts.PALETTE[6], "white")], charts.MARK_MIN_CONTRAST) == ["yellow line: 1.32"]
    assert below([("MUTED on GRID", charts.MUTED, charts.GRID)], charts.TEXT_MIN_CONTRAST) == ["MUTED on GRID: 4.26"]


# --------------------------------------------------------------------------- the report CSS

def css_text_pairs(css: str) -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for every rule of ``css`` that sets a text colour or a
    background: a colour set without a background is checked against the page (white) and the
    light band boxes (``--band``); a background without a colour against the inherited ``--ink``.
    ``var(--x)`` resolves to the ``:root`` value."""
    variables = dict(re.findall(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})", css))

    def resolve(value: str) -> str | None:
        value = value.strip()
        match = re.fullmatch(r"var\(--([\w-]+)\)", value)
        value = variables.get(match.group(1), value) if match else value
        return value if value not in ("none", "transparent") and matplotlib.colors.is_color_like(value) else None

    pairs = []
    for selector, body in re.findall(r"([^{};]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        declarations = dict((k.strip(), v.strip()) for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body))
        colour = resolve(declarations.get("color", ""))
        background = resolve(declarations.get("background", declarations.get("background-color", "")))
        selector = " ".join(selector.split())
        if colour and background:
            pairs.append((selector, colour, background))
        elif colour:
            pairs += [(selector, colour, bg) for bg in ("#ffffff", variables.get("band", "#ffffff"))]
        elif background:
            pairs.append((selector, variables.get("ink", "#000000"), background))
    return pairs


def test_report_css_text_colours_reach_aa():
    pairs = css_text_pairs((template_dir() / "report.css").read_text(encoding="utf-8"))
    selectors = {selector for selector, _, _ in pairs}
    assert {"html", ".badge-differs", "a", "nav.toc", "@top-left"} <= selectors  # the parse sees them
    assert any(".source-line" in selector.split(", ") for selector in selectors)  # a selector list counts each
    assert below([(f"{s}: {fg} on {bg}", fg, bg) for s, fg, bg in pairs], charts.TEXT_MIN_CONTRAST) == []


def test_css_check_flags_a_planted_faint_rule():
    css = (":root { --ink: #1b1f24; --band: #f3f5f7; --pale: #9aa3ad; }\n"
           ".ok { color: var(--ink); }\n.faint { color: var(--pale); }\n.dark-box { background: #3b4048; }\n"
           ".badge { background: #fde2d8; color: #d55e00; }")
    failing = below([(s, fg, bg) for s, fg, bg in css_text_pairs(css)], charts.TEXT_MIN_CONTRAST)
    assert [f.split(":")[0] for f in failing] == [".faint", ".faint", ".dark-box", ".badge"]
