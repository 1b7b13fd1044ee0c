"""mxsec.names: every code of data/ has a display name, sources are named by publisher and year,
and every key figure of every report has a name for the "Changes in this edition" table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mxsec import names, report, revisions
from mxsec.analysis import claims, cooperation_index, extraditions, funding, overview, violence
from mxsec.data.schemas import TABLES
from mxsec.paths import data_dir, reports_dir

NOT_CODES = {"obs_status", "state_code", "source_id"}
READER_TABLES = [t for t in TABLES.values() if t.name not in ("claims", "revisions", "sources", "states",
                                                              "administrations")]


def code_columns():
    """(table, column) of every code column of the curated tables: fields with allowed values, and
    the programme, account and category fields (codes by pattern)."""
    return [(t.name, f.name) for t in READER_TABLES for f in t.fields
            if f.type == "string" and f.name not in NOT_CODES and (f.enum or f.name in ("program", "account", "category"))]


@pytest.mark.parametrize("table,column", code_columns())
def test_every_code_in_data_has_a_display_name_without_underscores(table, column):
    codes = set(pd.read_csv(data_dir() / f"{table}.csv", dtype=str)[column].dropna())
    field = next(f for f in TABLES[table].fields if f.name == column)
    codes |= set(field.enum)
    assert codes, (table, column)
    for code in sorted(codes):
        name = names.code_name(column, code, table)
        assert name and "_" not in name, (table, column, code, name)
    assert names.column_name(column) and "_" not in names.column_name(column)


def test_every_code_a_claim_filters_on_has_a_display_name():
    table = pd.read_csv(data_dir() / "claims.csv", dtype=str)
    for test_table, text, readings in zip(table["test_table"], table["test_filter"], table["readings"]):
        filters = [claims.parse_filter(text)] + claims.parse_readings(readings)
        for conditions in filters:
            where = conditions.pop(claims.READING_TABLE, test_table)  # a reading may name its own table
            shown = names.conditions_text(conditions, where)
            assert "_" not in shown, (text, shown)


def test_names_read_as_words_and_unknown_codes_raise():
    assert names.code_name("scope", "all_persons") == "all persons"
    assert names.code_name("program", "incle", short=True) == "INCLE"
    assert names.code_name("program", "dod_counterdrug") == "DoD counterdrug (Sec. 1004)"
    assert names.code_name("program", "dod_om_navy") == "Operation and Maintenance, Navy"  # the Greenbook's name
    assert names.code_name("category", "equipment_aircraft_helicopters", "merida_composition") == "aircraft and helicopters"
    assert names.code_name("category", "joint_operation", "events") == "joint operation"
    assert names.conditions_text({"direction": "mx_to_us", "start_fiscal_year": 2008, "category": "crime_prevention_communities"},
                                 "merida_composition") == ("direction: Mexico to the United States; first fiscal year: "
                                                           "2008; category: crime prevention programs in communities")
    with pytest.raises(KeyError, match="scope code 'everyone'"):
        names.code_name("scope", "everyone")
    with pytest.raises(KeyError, match="column 'value_eur'"):
        names.column_name("value_eur")


def test_sources_are_named_by_publisher_and_year_and_never_by_id():
    sources = pd.read_csv(data_dir() / "sources.csv", dtype=str)
    shown = names.source_names(sources)
    assert set(shown) == set(sources["source_id"])
    assert not set(shown.values()) & set(shown)
    assert all("_" not in n or any(w in n for w in ("us_foreign_aid", "southwest_border", "IDEFC", "ci_"))
               for n in shown.values())
    assert shown["tppf_davidson_us_mexico_border_security_cooperation_paper_202004"] == "Texas Public Policy Foundation (2020)"
    # the publisher has three sources in 2010: the title tells them apart
    assert shown["crs_rl32724_20100203"].startswith("Congressional Research Service, Mexico-U.S. Relations")
    # names are unique except for one document recorded under two ids
    twins = pd.Series(shown).value_counts()
    for name in twins[twins > 1].index:
        rows = sources[sources["source_id"].isin([k for k, v in shown.items() if v == name])]
        assert rows[["publisher", "title", "published"]].nunique().max() == 1, name
    assert names.cite("crs_rl32724_20100203;tppf_davidson_us_mexico_border_security_cooperation_paper_202004",
                      sources, sep=" | ").endswith(" | Texas Public Policy Foundation (2020)")
    short = names.source_names(sources, titles=False)
    assert short["crs_rl32724_20100203"] == "Congressional Research Service (2010)"  # for tables printing the date
    with pytest.raises(KeyError, match="not_a_source"):
        names.cite(["not_a_source"], sources)


def _names_of(topic: str):
    module = {"funding": funding, "extraditions": extraditions, "violence": violence,
              "cooperation_index": cooperation_index}[topic]
    return module.text.key_figure_names(module.build())


@pytest.mark.parametrize("topic", ["funding", "extraditions", "violence", "cooperation_index", "overview"])
def test_every_key_figure_and_its_parts_have_a_name(topic):
    figures = json.loads((reports_dir() / f"{topic}.figures.json").read_text(encoding="utf-8"))
    figures.pop("_meta")
    previous = revisions.previous_figures(topic) or {}
    previous.pop("_meta", None)
    shown = overview.text.key_figure_names(overview.build()) if topic == "overview" else _names_of(topic)
    missing = sorted((set(figures) | set(previous)) - set(shown))
    assert not missing, f"{topic}: key figures without a display name: {missing}"
    assert all("_" not in shown[k] for k in figures), topic
    for entry in figures.values():  # keys inside dict values (administrations, choices, years, papers)
        keys = {k for v in [entry["value"]] if isinstance(v, dict) for k in v}
        keys |= {k for v in (entry["value"].values() if isinstance(entry["value"], dict) else ())
                 if isinstance(v, dict) for k in v}
        for key in keys:
            assert "_" not in shown.get(key, names.COLUMNS.get(key, key)), (topic, key)


def test_a_state_profile_names_its_own_key_figures():
    v = violence.build(state="CHH")
    missing = set(violence.key_figures(v)) - set(violence.text.key_figure_names(v))
    assert not missing


def test_changes_table_shows_names_and_refuses_a_figure_without_one(monkeypatch):
    monkeypatch.setenv("MXSEC_EDITION", "demo")
    entry = {"unit": "persons", "period": "2024", "source_ids": [], "note": ""}
    monkeypatch.setattr(revisions, "previous_figures", lambda topic, reports=None: {
        "_meta": {"inputs_hash": "abcdef12"}, "peak_persons": {**entry, "value": {"Fox": {"persons_with_data": 10}}}})
    current = {"peak_persons": {**entry, "value": {"Fox": {"persons_with_data": 12}}}}
    html = report.changes("demo", current, {"peak_persons": "Highest annual extractions"})._repr_mimebundle_()["text/html"]
    assert "Highest annual extractions" in html and "Fox: persons in the years with data: 12" in html
    assert "peak_persons" not in html and "persons_with_data" not in html
    with pytest.raises(ValueError, match="without a display name.*peak_persons"):
        report.changes("demo", current, {})
