"""Computed numbers are published to a fixed number of significant digits, so the last bits of
floating-point arithmetic (which differ between processors) never reach the published files."""

from __future__ import annotations

import csv
import json
import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from mxsec import report
from mxsec.paths import reports_dir
from mxsec.render import FIGURE_MIME, KEY_FIGURES_MIME

# the same index value as rendered on two machines (reports/cooperation_index/index-fan.csv, 2007)
ONE_MACHINE, OTHER_MACHINE = 50.74060074097658, 50.740600740976625


def significant_digits(text: str) -> int:
    mantissa = re.sub(r"[eE].*$", "", text.lstrip("-"))
    return len(mantissa.replace(".", "").lstrip("0").rstrip("0") or "0")


def test_published_rounds_the_last_bits_off():
    assert ONE_MACHINE != OTHER_MACHINE
    assert report.published(ONE_MACHINE) == report.published(OTHER_MACHINE) == 50.740601
    assert report.published(0.1 + 0.2) == 0.3
    # whole numbers (counts, dollars from the sources) and non-floats are never rounded
    assert report.published(3_501_400_731.0) == 3_501_400_731.0
    assert report.published(12_345_678_901_234.0) == 12_345_678_901_234.0
    assert report.published(7) == 7 and report.published("2019") == "2019"
    assert math.isnan(report.published(float("nan")))


def test_chart_csv_and_key_figures_are_the_same_from_either_machine():
    def chart(value: float) -> str:
        fig, ax = plt.subplots()
        data = pd.DataFrame({"year": [2007, 2008], "reference": [value, 45.5], "usd": [3_501_400_731.0, None]})
        out = report.show_chart(fig, name="index", caption="c", alt="a", data=data, source_ids=[])
        plt.close(fig)
        return out.bundle[FIGURE_MIME]["csv"]

    assert chart(ONE_MACHINE) == chart(OTHER_MACHINE)
    assert chart(ONE_MACHINE).splitlines() == ["year,reference,usd", "2007,50.740601,3501400731.0", "2008,45.5,"]

    def figures(value: float) -> dict:
        entry = {"value": {"weight": value, "years": [2007, 2008]}, "unit": "index", "period": "2007",
                 "source_ids": [], "note": ""}
        return report.key_figures({"weight": entry}, {}).bundle[KEY_FIGURES_MIME]

    assert figures(ONE_MACHINE) == figures(OTHER_MACHINE)
    assert figures(ONE_MACHINE)["weight"]["value"] == {"weight": 50.740601, "years": [2007, 2008]}


def _floats(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _floats(item)
    elif isinstance(value, list):
        for item in value:
            yield from _floats(item)
    elif isinstance(value, float) and not value.is_integer():
        yield value


def test_the_committed_reports_publish_no_more_digits_than_the_rule():
    reports = reports_dir()
    too_long = []
    for path in sorted(reports.glob("*.figures.json")):
        for value in _floats(json.loads(path.read_text(encoding="utf-8"))):
            if significant_digits(repr(value)) > report.PUBLISHED_DIGITS:
                too_long.append(f"{path.name}: {value!r}")
    csvs = sorted(p for p in reports.glob("*/*.csv") if p.parent.name != "previous")
    assert len(csvs) > 20
    for path in csvs:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    if re.fullmatch(r"-?\d+\.\d+(e[-+]\d+)?", cell) and not float(cell).is_integer():
                        if significant_digits(cell) > report.PUBLISHED_DIGITS:
                            too_long.append(f"{path.relative_to(reports)}: {cell}")
    assert too_long == []
