"""Changes in this edition: key figures against the previous published edition, each change with
its recorded reason."""

from __future__ import annotations

import json

import pandas as pd

from mxsec import report, revisions
from mxsec.data import load
from mxsec.paths import previous_edition_dir, reports_dir
from mxsec.topics import discover


def entry(value, unit="persons", period="2022", **extra):
    return {"value": value, "unit": unit, "period": period, "source_ids": ["s"], "note": "", **extra}


def test_compare_lists_what_a_reader_sees_change():
    previous = {"peak": entry(115, period="2012"), "latest": entry(78), "by_term": entry({"AMLO": {"persons": 239}}),
                "gone": entry(5)}
    current = {"peak": entry(115, period="2012", obs_status="A"),  # a flag A was the unflagged default: no change
               "latest": entry(78, obs_status="B"), "by_term": entry({"AMLO": {"persons": 161}}),
               "new": entry(2020, unit="year")}
    table = revisions.compare(previous, current)
    assert table.to_dict("records") == [
        {"figure": "by_term", "part": "value: AMLO: persons", "previous": "239", "current": "161"},
        {"figure": "gone", "part": "value", "previous": "5", "current": "no longer published"},
        {"figure": "gone", "part": "flag", "previous": "A", "current": "no longer published"},
        {"figure": "gone", "part": "period", "previous": "2022", "current": "no longer published"},
        {"figure": "latest", "part": "flag", "previous": "A", "current": "B"},
        {"figure": "new", "part": "value", "previous": "not published", "current": "2020"},
        {"figure": "new", "part": "flag", "previous": "not published", "current": "A"},
        {"figure": "new", "part": "period", "previous": "not published", "current": "2022"},
    ]


def test_a_change_without_a_recorded_reason_says_so(tmp_path):
    (tmp_path / "previous").mkdir()
    (tmp_path / "previous" / "demo.figures.json").write_text(json.dumps({"latest": entry(78), "_meta": {}}))
    reasons = pd.DataFrame({"topic": ["demo"], "figure": ["other"], "reason": ["not this one"]})
    table = revisions.changes("demo", {"latest": entry(80)}, reasons, reports=tmp_path)
    assert table[["figure", "previous", "current", "reason"]].values.tolist() == [["latest", "78", "80",
                                                                                 "no reason recorded"]]
    assert revisions.changes("absent", {}, reasons, reports=tmp_path) is None


def test_every_change_of_the_committed_editions_has_its_reason():
    reasons = load("revisions")
    for topic in discover():
        current = json.loads((reports_dir() / f"{topic}.figures.json").read_text(encoding="utf-8"))
        current.pop("_meta")
        table = revisions.changes(topic, current, reasons)
        assert table is not None, f"reports/previous/{topic}.figures.json is missing"
        assert not (table["reason"] == "no reason recorded").any(), table[table["reason"] == "no reason recorded"]
        # and no reason is kept for a figure that did not change
        recorded = set(reasons.loc[reasons["topic"] == topic, "figure"])
        assert recorded <= set(table["figure"]), recorded - set(table["figure"])
    assert (previous_edition_dir() / "violence.figures.json").exists()


def test_the_section_is_shown_in_the_default_edition_only(monkeypatch):
    monkeypatch.setenv("MXSEC_EDITION", "violence--state=CHH")
    out = report.changes("violence", {}, {})
    assert out._repr_mimebundle_()["text/markdown"] == report.CHANGES_NOT_DEFAULT


def test_by_figure_reads_one_row_per_figure_and_does_not_repeat_a_reason():
    table = pd.DataFrame([
        {"figure": "prob_increase", "part": "value: 2008", "previous": "0.35", "current": "1.00", "reason": "R"},
        {"figure": "prob_increase", "part": "value: 2009", "previous": "1.00", "current": "0.88", "reason": "R"},
        {"figure": "latest", "part": "flag", "previous": "A", "current": "B", "reason": "R"},
        {"figure": "peak", "part": "value", "previous": "115", "current": "116", "reason": "S"}])
    out = revisions.by_figure(table)
    assert out.to_dict("records") == [
        {"figure": "prob_increase", "parts": "value", "previous": "2008: 0.35; 2009: 1.00", "current": "2008: 1.00; 2009: 0.88",
         "reason": "R"},
        {"figure": "latest", "parts": "flag", "previous": "flag: A", "current": "flag: B", "reason": revisions.SAME_REASON},
        {"figure": "peak", "parts": "value", "previous": "115", "current": "116", "reason": "S"}]
