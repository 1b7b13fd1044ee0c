"""Overview: its key figures are the topic modules' own, the timeline draws the topics' series
on one axis, the ledger groups claims by paper, and links work in every edition."""

from __future__ import annotations

import pandas as pd
import pytest

from mxsec.analysis import claims, funding, overview, periods
from mxsec.analysis import cooperation_index as ci
from mxsec.analysis import extraditions as ex
from mxsec.analysis import violence
from mxsec.analysis.overview import compute, plots, tables, text
from mxsec.data import load
from mxsec.paths import notebooks_dir
from mxsec.render.params import read_parameters

DAVIDSON = "003_3264dc217606dc0f.txt"  # data/claims.csv: the paper with most claims (23 rows)


@pytest.fixture(scope="module")
def o() -> overview.Overview:
    return overview.build(edition="overview")


@pytest.fixture(scope="module")
def fresh_topic_figures() -> dict[str, dict]:
    """Each topic module's key figures, computed independently of the overview."""
    return {"funding": funding.key_figures(), "extraditions": ex.key_figures(), "violence": violence.key_figures(),
            "cooperation_index": ci.key_figures()}


# --- key figures ----------------------------------------------------------------------------

def test_headline_figures_equal_the_topic_modules_key_figures(o, fresh_topic_figures):
    for topic, names in overview.HEADLINES.items():
        for name in names:
            if name in fresh_topic_figures[topic]:
                assert o.figures[f"{topic}_{name}"] == fresh_topic_figures[topic][name], f"{topic}_{name}"


def test_every_headline_of_the_default_editions_is_present(o):
    # every headline exists in the default editions' data (a missing one would mean a key was renamed)
    for topic, names in overview.HEADLINES.items():
        for name in names:
            assert f"{topic}_{name}" in o.figures, f"{topic}_{name}"


def test_claims_figures_are_the_ledgers(o):
    expected = claims.key_figures()
    for key in overview.CLAIMS_KEYS:
        assert o.figures[key] == expected[key]
    # data/claims.csv has 49 claim rows (7 + 8 + 2 + 23 + 9 per paper file), 2 of them qualitative (Felbab-Brown's)
    assert o.figures["claims_total"]["value"] == 47
    counts = [o.figures[k]["value"] for k in claims.VERDICT_KEYS.values()]
    assert sum(counts) == 47
    assert len(o.qualitative) == 2 and "not counted" in text.ledger_note(o)
    assert set(claims.VERDICT_KEYS.values()) <= set(o.figures)


def test_hand_checked_headline_values(o):
    # data/us_assistance_periods.csv: crs_if10578_20241001, merida enacted FY2008-FY2021, 3,500,000,000
    assert o.figures["funding_merida_cumulative_usd"]["value"] == 3_500_000_000
    assert o.figures["funding_merida_cumulative_usd"]["period"] == "FY2008–FY2021"
    # data/us_assistance.csv, FY2010 obligated (Greenbook): incle 531,724,609 + dod_counterdrug 89,749,000
    # + fmf 5,250,000 + nadr 4,575,220 + imet 989,000 = 632,287,829 nominal, the highest year
    assert o.figures["funding_peak_fiscal_year"]["value"] == 2010
    assert o.figures["funding_peak_usd"]["note"].endswith("nominal $632.3 million")
    # data/extraditions.csv: 2012 mx_to_us extradition all_persons 115 (preferred), the highest full year
    assert o.figures["extraditions_peak_persons"]["value"] == 115
    assert o.figures["extraditions_peak_year"]["value"] == 2012
    # 2022 mx_to_us, nationals_only, 78 persons (preferred): the latest year with a figure
    assert o.figures["extraditions_latest_persons"]["value"] == 78
    # data/homicides_national.csv: 2024 inegi registration final 33,550 (preferred)
    assert o.figures["violence_latest_homicides"]["value"] == 33550
    assert o.figures["violence_latest_homicides"]["period"] == "2024"


def test_combine_leaves_out_headlines_a_topic_lacks():
    topic_figures = {"funding": {"peak_usd": {"value": 1.0, "unit": "usd", "period": "FY2000", "source_ids": [],
                                              "note": ""}}}
    claims_figures = {"claims_total": {"value": 0, "unit": "count", "period": "", "source_ids": [], "note": ""}}
    out = compute.combine_key_figures(topic_figures, claims_figures)
    assert set(out) == {"claims_total", "funding_peak_usd"}
    out["funding_peak_usd"]["value"] = 2.0  # a copy: the topic's dict is untouched
    assert topic_figures["funding"]["peak_usd"]["value"] == 1.0


def test_labels_only_for_present_figures(o):
    labels = text.key_figure_labels(o)
    assert "claims_total" in labels and "funding_peak_usd" in labels
    assert all(key in o.figures for key in labels)
    assert labels["funding_peak_usd"] == "Peak U.S. security assistance obligated, constant 2024 dollars"
    assert text.key_figure_labels(overview.Overview(**{**o.__dict__, "figures": {}})) == {}


# --- timeline -------------------------------------------------------------------------------

def test_timeline_series_come_from_the_topic_modules(o):
    t = o.timeline
    aid = t.aid.set_index("fiscal_year")
    # FY2010 nominal sum above; FY2021 on: no Greenbook obligations in data/ (the source ends with FY2020)
    assert aid.loc[2010, "value_usd"] == pytest.approx(632_287_829)
    assert aid.loc[2021:2025, "value"].isna().all()
    ext_rows = t.extraditions.set_index("year")
    # data/extraditions.csv has no mx_to_us extradition row for 2011 or 2015 (2010: 94, EFE)
    assert pd.isna(ext_rows.loc[2011, "persons"]) and pd.isna(ext_rows.loc[2015, "persons"])
    assert ext_rows.loc[2010, "persons"] == 94
    assert ext_rows.loc[2012, "persons"] == 115
    inegi = t.homicides[(t.homicides["series"] == violence.compute.INEGI_FINAL)].set_index("year")
    assert inegi.loc[2024, "value"] == 33550
    assert t.homicides["year"].between(2000, 2025).all()


def test_terms_are_clipped_to_the_window_and_placed_on_the_shared_axis():
    terms = compute.terms_in_window(load("administrations"), 2000, 2025)
    mx = terms[terms["country"] == "MX"].set_index("short_name")
    # Zedillo (1994-12-01 to 2000-11-30) starts before the window: clipped to 1999.5
    assert mx.loc["Zedillo", "x0"] == 1999.5
    # Calderón from 2006-12-01: day 334 of 365 -> 2006 + 334/365 - 0.5
    assert mx.loc["Calderón", "x0"] == pytest.approx(2006 + 334 / 365 - 0.5)
    # Sheinbaum's term is open: it runs to the window's end
    assert mx.loc["Sheinbaum", "x1"] == 2025.5
    assert "Salinas" not in mx.index
    assert set(terms["source_id"]) == {"mx_cpeum_art_83", "us_const_amend_20"}


def test_major_events_filter_category_and_window():
    events = pd.DataFrame({
        "date": pd.to_datetime(["2007-10-22", "2008-03-01", "2019-06-07", "2030-01-01"]),
        "title": ["a", "b", "c", "d"], "category": ["aid", "dialogue", "dispute", "agreement"],
        "score": [1.0, 0.5, -2.0, 1.0], "source_id": ["s1", "s2", "s3", "s4"]})
    out = compute.major_events(events, 2000, 2025)
    assert list(out["title"]) == ["a", "c"]  # dialogue is not major; 2030 is outside the window
    assert list(out["kind"]) == ["cooperative", "conflictual"]
    assert out.loc[0, "x"] == pytest.approx(2007 + 294 / 365 - 0.5)


def test_timeline_chart_caption_states_the_window_peaks(o):
    chart = plots.timeline_chart(o)
    assert "FY2010" in chart.caption and "2012 (115 persons)" in chart.caption
    assert "INEGI homicides plateaued in 2018–2020 (36,661–36,773)" in chart.caption
    assert "FY2021–2025" in chart.caption  # hatched aid years
    assert set(chart.data["panel"]) == {"administrations", "events", "aid", "extraditions", "homicides"}
    assert "usaid_greenbook_7cnw_pw8v_20220809" in chart.source_ids
    # the events' own sources are in the CSV, one row per event
    events = chart.data[chart.data["panel"] == "events"]
    assert len(events) == len(o.timeline.events) and events["source_id"].ne("").all()


def test_narrower_window():
    t = compute.timeline(2010, 2012)
    assert list(t.aid["fiscal_year"]) == [2010, 2011, 2012]
    assert set(t.extraditions["year"]) == {2010, 2011, 2012}
    assert t.events["date"].dt.year.between(2010, 2012).all()
    with pytest.raises(ValueError):
        compute.timeline(2012, 2010)


# --- index ----------------------------------------------------------------------------------

def test_index_frame_is_the_key_figures(o):
    figures = o.topic_figures["cooperation_index"]
    frame = compute.index_frame(figures)
    assert list(frame["year"]) == figures["years"]["value"]
    assert list(frame["median"]) == figures["median"]["value"]
    assert (frame["p05"] <= frame["median"]).all() and (frame["median"] <= frame["p95"]).all()
    chart = plots.index_chart(o)
    assert periods.format_year_ranges(figures["top_years"]["value"]) in chart.caption
    assert "Top group of years" in chart.caption and "one scale" in chart.caption
    other, events = compute.index_sources(o)
    assert set(other) | set(events) == set(figures["median"]["source_ids"])
    assert not set(other) & set(load("events")["source_id"])


# --- ledger ---------------------------------------------------------------------------------

def test_ledger_of_one_paper():
    one = overview.build(paper=DAVIDSON, edition="overview--paper=x")
    assert len(one.ledger) == 23  # data/claims.csv: 23 rows with paper 003_3264dc217606dc0f.txt
    assert one.ledger["paper"].nunique() == 1
    # the key figures still count every paper (numerical claims only)
    assert one.figures["claims_total"]["value"] == 47
    assert "23 claims of one paper" in text.ledger_note(one)
    with pytest.raises(ValueError):
        overview.build(paper="no_such_paper.txt")


def test_ledger_html_groups_by_paper_with_badges(o):
    page = tables.ledger_table(o).html
    assert page.count('colspan="4" style="background') == o.ledger["paper"].nunique() == 4  # Felbab-Brown: qualitative only
    for verdict, css in claims.BADGE_CLASS.items():
        if (o.ledger["verdict"] == verdict).any():
            assert f'<span class="{css}" style="white-space:normal">{verdict}</span>' in page
    # the sources travel as ids; the render engine puts their numbered references under the table
    ledger = tables.ledger_table(o)
    assert "Sources:" not in page and ledger.source_ids == tuple(compute.ledger_source_ids(o.ledger))
    assert len(ledger.source_ids) > 10


def test_ledger_html_escapes_text():
    table = pd.DataFrame({"paper": ["P <1>"], "claim": ["“a < b & c”"], "locator": ["line 1"], "claimed": ["1"],
                          "data": [""], "verdict": [claims.DIFFERS], "badge_class": [claims.BADGE_CLASS[claims.DIFFERS]],
                          "explanation": ["<script>"]})
    page = tables.ledger_html(table, "caption")
    assert "<script>" not in page and "&lt;script&gt;" in page and "P &lt;1&gt;" in page
    assert ">—<" in page  # no data value shows a dash, never a zero
    assert compute.ledger_counts(table) == {claims.CONSISTENT: 0, claims.NON_PREFERRED: 0, claims.DIFFERS: 1,
                                             claims.NOT_CHECKABLE: 0}


# --- links and prose ------------------------------------------------------------------------

def test_link_prefix_depends_on_the_edition():
    assert compute.link_prefix("overview") == ""
    assert compute.link_prefix("interactive") == ""
    assert compute.link_prefix(None) == ""
    assert compute.link_prefix("overview--paper=003_3264dc217606dc0f.txt") == "../"


def test_reports_are_linked_relative_to_the_edition(o):
    links = text.reports_list(o)
    for topic in overview.TOPICS:
        assert f"]({topic}.html)" in links and f"({topic}.pdf)" in links
    assert "(index.html)" in links and "(mxsec-data.zip)" in links
    o_edition = overview.Overview(**{**o.__dict__, "edition": "overview--start_year=2010"})
    assert "](../funding.html)" in text.reports_list(o_edition)
    assert "](../violence.html)" in text.findings(o_edition)


def test_findings_name_each_topic_with_its_figures(o):
    findings = text.findings(o)
    assert "$3.5 billion" in findings and "FY2008–FY2021" in findings
    assert "78 persons" in findings and "(Mexican nationals only)" in findings
    # 2022 counts nationals only, 2012 all persons: the two are not set side by side as one scale
    assert "the most in a year counting all persons was 115 in 2012" in findings
    assert "33,550 homicides in 2024" in findings
    assert "plateau, 2018–2020, from 36,661 to 36,773" in findings and "the peak was" not in findings
    assert "of 47 numerical claims in 4 papers" in findings and "2 qualitative claims" in findings
    for topic in overview.TOPICS:
        assert f"({topic}.html)" in findings


def test_data_gaps_state_the_missing_years(o):
    gaps = text.data_gaps(o)
    assert any("FY2021–2025" in g for g in gaps)
    assert any("2011, 2015–2016, 2023–2025" in g and "Extraditions" in g for g in gaps)
    assert any("Mexican nationals only" in g for g in gaps)


def test_notebook_declares_the_paper_parameter():
    params = read_parameters(notebooks_dir() / "overview.ipynb").parameters
    assert params["paper"].default == "all"
    allowed = params["paper"].allowed()
    assert "all" in allowed and DAVIDSON in allowed
    assert params["start_year"].default == overview.DEFAULT_START_YEAR
    assert params["end_year"].default == overview.DEFAULT_END_YEAR


def test_timeline_csv_carries_each_observations_flag():
    data = overview.compute.timeline_data(overview.build().timeline)
    ext = data[data["panel"] == "extraditions"].set_index("year")
    assert ext.at["2022", "obs_status"] == "B" and ext.at["2022", "series"] == "nationals_only"
    assert ext.at["2012", "obs_status"] == "A"
    assert data.loc[data["panel"] == "events", "obs_status"].isna().all()


def test_border_context_keeps_two_named_series(o):
    border = o.context.border.set_index(["measure", "fiscal_year"])
    # FY2020: Title 8 apprehensions 203,608 beside encounters (Title 8 + Title 42; DHS OHSS, rounded to 10)
    # 400,650, never one line
    assert border.at[("apprehensions", 2020), "value"] == 203_608
    assert border.at[("encounters", 2020), "value"] == 400_650
    assert border.at[("encounters", 2025), "months"] == 2  # October-November 2024 only
    assert set(border.loc["apprehensions", "authority"]) == {"title_8"}
    chart = plots.border_chart(o)
    assert "obs_status" in chart.data.columns and "months" in chart.data.columns
    assert "203,608 Title 8 apprehensions and 400,650 encounters" in chart.caption
    assert "no Title 8 figure for FY2021)" in chart.caption and "encounters FY2025 (2 months)" in chart.caption


def test_a_line_never_crosses_a_break_a_gap_or_a_partial_year():
    frame = pd.DataFrame({"fiscal_year": [2018, 2019, 2020, 2021, 2023, 2024], "value": [1, 2, 3, 4, 5, 6],
                          "months": [12, 12, 12, 12, 12, 2], "obs_status": ["A", "A", "B", "A", "A", "A"]})
    runs = [list(run["fiscal_year"]) for run in plots._runs(frame, "fiscal_year")]
    assert runs == [[2018, 2019], [2020, 2021], [2023]]  # break at 2020, gap 2022, 2024 covers 2 months


def test_overdose_context_flags_provisional_counts(o):
    chart = plots.overdose_chart(o)
    data = chart.data
    assert set(data.loc[data["revision"] == "provisional", "obs_status"]) <= {"P"}
    assert "never add up to the total" in chart.caption
    latest = data[(data["drug"] == "all")].sort_values("year").iloc[-1]
    assert f"In {latest['year']}, " in chart.caption
