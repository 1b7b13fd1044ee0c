"""Tests of mxsec.analysis.funding (compute, text, tables, plots) against values checked by hand in data/*.csv."""

from __future__ import annotations

import math

import matplotlib.colors
import pandas as pd
import pytest

from mxsec import charts, report
from mxsec.analysis import funding
from mxsec.analysis.periods import format_year_ranges
from mxsec.data import load


@pytest.fixture(scope="module")
def us():
    return load("us_assistance")


@pytest.fixture(scope="module")
def cpi():
    return load("us_cpi_u")


@pytest.fixture(scope="module")
def default():
    return funding.build()


# --- Definition and sums -------------------------------------------------------------------

def test_security_accounts_defined_once_and_esf_out():
    assert funding.SECURITY_STAGE == "obligated"
    assert {"incle", "fmf", "imet", "nadr", "dod_counterdrug"} <= set(funding.SECURITY_ACCOUNTS)
    assert "esf" not in funding.SECURITY_ACCOUNTS
    assert "all_foreign_aid" not in funding.SECURITY_ACCOUNTS
    assert "ESF" in funding.text.ESF_DECISION


def test_security_assistance_fy2010_sum(us):
    # data/us_assistance.csv, Greenbook FY2010 obligations: incle 531,724,609 + fmf 5,250,000 + imet 989,000
    # + nadr 4,575,220 + dod_counterdrug 89,749,000 (no other DoD account that year); ESF 30,197,592 not counted.
    sec = security_row(us, 2010)
    assert sec["value_usd"] == 632_287_829
    assert sec["n_accounts"] == 5
    assert sec["stage"] == "obligated"
    assert sec["source_ids"] == "usaid_greenbook_7cnw_pw8v_20220809"


def test_security_assistance_fy2008_sum(us):
    # FY2008: incle 2,387,356 + imet 357,000 + nadr 1,363,567 + dod_counterdrug 12,171,000 (no FMF row).
    assert security_row(us, 2008)["value_usd"] == 16_278_923


def test_security_assistance_years_without_data_are_missing_not_zero(us):
    sec = funding.security_assistance(us, 2019, 2023)
    assert list(sec["fiscal_year"]) == [2019, 2020, 2021, 2022, 2023]
    assert sec["covered"].tolist() == [True, True, False, False, False]
    assert sec["value_usd"].iloc[2:].isna().all()  # the Greenbook ends in FY2020
    assert sec["value_usd"].iloc[:2].notna().all()


def test_security_assistance_other_source_has_no_accounts(us):
    # The Foreign Aid Explorer gives only country totals: no year is covered by account.
    sec = funding.security_assistance(us, 2008, 2012, source="usaid_fae_country_summary_fy1946_2022")
    assert not sec["covered"].any()
    assert sec["value_usd"].isna().all()


def security_row(us, year):
    sec = funding.security_assistance(us, year, year)
    return sec.iloc[0]


# --- Deflation -------------------------------------------------------------------------------

def test_deflation_with_calendar_year_cpi(cpi):
    # data/us_cpi_u.csv: 2010 = 218.056, 2024 = 313.689, 2000 = 172.2
    values = pd.Series([632_287_829.0, 23_360_000.0])
    years = pd.Series([2010, 2000])
    out = funding.to_dollars(values, years, cpi, "constant", 2024)
    assert out.iloc[0] == pytest.approx(632_287_829 * 313.689 / 218.056)
    assert out.iloc[1] == pytest.approx(23_360_000 * 313.689 / 172.2)
    assert funding.to_dollars(values, years, cpi, "nominal", 2024).tolist() == values.tolist()


def test_deflation_base_year_is_identity(cpi):
    out = funding.to_dollars(pd.Series([100.0]), pd.Series([2024]), cpi, "constant", 2024)
    assert out.iloc[0] == pytest.approx(100.0)


def test_deflation_missing_cpi_year_is_nan_and_bad_base_year_raises(cpi):
    out = funding.to_dollars(pd.Series([100.0]), pd.Series([1985]), cpi, "constant", 2024)
    assert math.isnan(out.iloc[0])  # us_cpi_u starts in 1990
    with pytest.raises(ValueError, match="base_year"):
        funding.deflator(cpi, 1980)
    with pytest.raises(ValueError, match="dollars"):
        funding.to_dollars(pd.Series([1.0]), pd.Series([2010]), cpi, "real", 2024)


def test_peak_key_figure_in_constant_and_nominal(default):
    figures = funding.key_figures(default)
    assert figures["peak_fiscal_year"]["value"] == 2010
    assert figures["peak_nominal_usd"]["value"] == 632_287_829
    assert figures["peak_usd"]["value"] == pytest.approx(632_287_829 * 313.689 / 218.056)
    assert "obligated" in figures["peak_usd"]["note"]
    assert figures["latest_fiscal_year"]["value"] == 2020


# --- Source selection ------------------------------------------------------------------------

def test_select_source_unknown_raises(us):
    with pytest.raises(ValueError, match="source"):
        funding.select_source(us, "no_such_source")


def test_one_per_key_keeps_preferred_row(us):
    # FY2008 Mérida enacted: four rows (352M CRS, 400M GAO, 400M State, 400M embassy preferred).
    rows = funding.one_per_key(funding.select_source(us, "all"))
    row = rows[(rows["fiscal_year"] == 2008) & (rows["program"] == "merida") & (rows["stage"] == "enacted")]
    assert len(row) == 1
    assert row["value_usd"].iloc[0] == 400_000_000
    assert row["source_id"].iloc[0] == "usembassy_mx_ep090626_merida_20090625"


# --- Request versus enacted ------------------------------------------------------------------

def test_request_vs_enacted_gaps(us):
    comp = funding.request_vs_enacted(us).set_index(["fiscal_year", "program"])
    # FY2008 Mérida: requested 500,000,000 (CRS RS22837), enacted 400,000,000 (embassy, preferred).
    assert comp.loc[(2008, "merida"), "gap_usd"] == -100_000_000
    assert comp.loc[(2008, "merida"), "gap_pct"] == pytest.approx(-20.0)
    assert comp.loc[(2008, "merida"), "like_for_like"]
    # FY2019 all foreign aid (Foreign Aid Explorer): request 78,910,000, enacted 162,410,000.
    assert comp.loc[(2019, "all_foreign_aid"), "gap_usd"] == 83_500_000
    assert comp.loc[(2019, "all_foreign_aid"), "gap_pct"] == pytest.approx(83_500_000 / 78_910_000 * 100)
    # FY2010 Mérida enacted (210.3M) covers the regular act only: not like for like.
    assert not comp.loc[(2010, "merida"), "like_for_like"]
    assert "partial" in comp.loc[(2010, "merida"), "caveat"]
    # FY2011: the preferred request is the Foreign Aid Explorer's 346,562,000 (CRS's "at least $341 million"
    # is a lower bound, not preferred); enacted 262,805,000, so Congress gave less than requested.
    assert comp.loc[(2011, "all_foreign_aid"), "like_for_like"]
    assert comp.loc[(2011, "all_foreign_aid"), "gap_usd"] == 262_805_000 - 346_562_000


def test_request_vs_enacted_single_source(us):
    # With the Foreign Aid Explorer only, FY2011 compares its own request 346,562,000 with 262,805,000.
    comp = funding.request_vs_enacted(us, source="usaid_fae_country_summary_fy1946_2022")
    row = comp[comp["fiscal_year"] == 2011].iloc[0]
    assert row["request_usd"] == 346_562_000
    assert row["gap_usd"] == 262_805_000 - 346_562_000
    assert row["like_for_like"]
    assert set(comp["program"]) == {"all_foreign_aid"}


def test_enacted_above_request_years(default):
    figures = funding.key_figures(default)
    # Like-for-like pairs: all foreign aid above in 2008, 2010, 2012, 2014-2020 and 2022 (CRS 128.2M enacted
    # against the Aid Explorer's 116.6M request), below in 2009, 2011 and 2013; Mérida below in 2008; INCLE
    # above in 2009 and 2018; FY2016 ESF enacted 35M against a 39M request. 2008, 2009 and 2016 are mixed.
    assert figures["request_below_enacted_years"]["value"] == [2010, 2012, 2014, 2015, 2017, 2018, 2019, 2020, 2022]
    classes = funding.enacted_vs_request_years(default.comparison)
    assert classes["below"] == [2011, 2013]
    assert classes["mixed"] == [2008, 2009, 2016]


def test_request_vs_enacted_empty_window(us):
    assert funding.request_vs_enacted(us, 2000, 2005).empty  # no request row before FY2008


# --- Cumulative Mérida -----------------------------------------------------------------------

def test_merida_cumulative(us):
    cum = funding.merida_cumulative(us).set_index("fiscal_year")
    # Preferred enacted rows: 2008 400M, 2009 720M, 2010 210.3M (partial), 2012 248.5M, 2018 145M (Reuters),
    # 2019 145M (Mexico News Daily citing CRS; the TPPF paper's 139M is not preferred), 2020 150M (SDP).
    assert cum.loc[2009, "cumulative_usd"] == 1_120_000_000
    assert cum.loc[2010, "cumulative_usd"] == 1_330_300_000
    assert cum.loc[2011, "missing"] and cum.loc[2011, "cumulative_usd"] == 1_330_300_000
    assert cum.loc[2012, "cumulative_usd"] == 1_578_800_000
    assert cum.loc[2017, "missing"] and cum.loc[2017, "cumulative_usd"] == 1_578_800_000
    assert cum.loc[2020, "cumulative_usd"] == 1_578_800_000 + 145_000_000 + 145_000_000 + 150_000_000
    assert cum.loc[2010, "partial"]
    assert cum["complete"].tolist()[:3] == [True, True, False]
    assert list(cum.index) == list(range(2008, 2021))


def test_merida_cumulative_single_source_and_end_year(us):
    # CRS RS22837 (July 2008): 352M in FY2008 and the 48M bridge in FY2009 = 400M.
    cum = funding.merida_cumulative(us, source="crs_rs22837_20080707")
    assert cum["cumulative_usd"].iloc[-1] == 400_000_000
    cut = funding.merida_cumulative(us, end_year=2009)
    assert cut["cumulative_usd"].iloc[-1] == 1_120_000_000


def test_published_totals_and_latest(default):
    latest = default.notes["latest_total"]
    # us_assistance_periods.csv: FY2008-FY2021, $3.5 billion, CRS IF10578 of 1 Oct 2024 (the latest edition);
    # the December 2022 edition also says $3.5 billion, the 2021 editions $3.3 billion. CRS Insight IN11859
    # ("more than $3.3 billion since FY2007") is another span and is not listed with them.
    assert latest["value_usd"] == 3_500_000_000
    assert (latest["start"], latest["end"]) == (2008, 2021)
    assert latest["source_id"] == "crs_if10578_20241001"
    assert sorted(v for v, _, _ in latest["others"]) == [3_300_000_000, 3_300_000_000, 3_500_000_000]
    assert "crs_in11859_20220217" not in {s for _, s, _ in latest["others"]}
    figures = funding.key_figures(default)
    assert figures["merida_cumulative_usd"]["value"] == 3_500_000_000
    assert figures["merida_cumulative_usd"]["period"] == "FY2008\u2013FY2021"


def test_published_totals_respect_end_year():
    d = funding.build(start_year=2008, end_year=2016, dollars="nominal")
    assert d.notes["latest_total"]["value_usd"] == 2_600_000_000  # CRS R41349 summary, FY2008-FY2016
    check = d.published_check.set_index(["span", "source_id"])
    # FY2008-FY2009: the embassy's $1.12 billion equals 400M + 720M exactly.
    assert check.loc[("FY2008\u2013FY2009", "usembassy_mx_ep090626_merida_20090625"), "difference_usd"] == 0


# --- Context, stages, composition -----------------------------------------------------------

def test_context_ratios_full_years_only(cpi):
    security = pd.DataFrame({"fiscal_year": [2010, 2011], "value_usd": [1_000_000.0, 2_000_000.0],
                             "source_ids": ["a", "a"]})
    homicides = pd.DataFrame({
        "year": [2010, 2011, 2011], "source": ["inegi"] * 3, "crime": ["intentional_homicide"] * 3,
        "measure": ["victims"] * 3, "basis": ["registration"] * 3, "method": ["death_records"] * 3,
        "months": [12, 6, 12], "value": [25_000, 9_000, 27_000], "preferred": [True, True, False],
        "source_id": ["h"] * 3})
    population = pd.DataFrame({"year": [2010, 2010], "state_code": ["00", "01"], "population": [100_000_000, 5],
                               "source_id": ["p", "p"]})
    out = funding.context_ratios(security, homicides, population, cpi, "nominal").set_index("fiscal_year")
    assert out.loc[2010, "per_homicide"] == pytest.approx(40.0)
    assert out.loc[2010, "per_capita"] == pytest.approx(0.01)
    assert out.loc[2010, "source_ids"] == "a;h;p"
    # 2011: the only preferred row covers six months, so no ratio; no population either: dropped.
    assert 2011 not in out.index


def test_aid_stages_flags_partly_reported_years(us):
    st = funding.aid_stages(us, 2020, 2022)
    flagged = st[st["partly_reported"]]
    assert set(flagged["fiscal_year"]) == {2021, 2022}
    # FY2022 obligations in the Foreign Aid Explorer snapshot: 1,777,142 (partly reported).
    row = st[(st["fiscal_year"] == 2022) & (st["stage"] == "obligated")].iloc[0]
    assert row["value_usd"] == 1_777_142


def test_composition_years(default):
    # merida_composition.csv spans FY2008-FY2010, FY2010 and FY2011-FY2016.
    assert funding.composition_years(default.comp) == list(range(2008, 2017))


def test_unusual_obligations_flags_fy2016_incle(default):
    unusual = funding.unusual_obligations(default.by_account)
    row = unusual[(unusual["program"] == "incle") & (unusual["fiscal_year"] == 2016)]
    assert row["kind"].tolist() == ["dip"]
    assert row["value_usd"].iloc[0] == 358_745


def test_fiscal_year_ranges():
    # the report's fiscal-year lists use the shared helper with the FY prefix
    assert format_year_ranges([2011, 2013, 2014, 2015, 2020], prefix="FY") == "FY2011, FY2013\u2013FY2015, FY2020"
    assert format_year_ranges([], prefix="FY") == ""


# --- Report-level checks ---------------------------------------------------------------------

def test_key_figures_complete_entries(default):
    figures = funding.key_figures(default)
    for name in ("merida_cumulative_usd", "peak_fiscal_year", "peak_usd", "latest_fiscal_year", "latest_usd",
                 "request_below_enacted_years"):
        assert {"value", "unit", "period", "source_ids", "note"} <= set(figures[name])
        assert figures[name]["source_ids"], name


CHART_NAMES = {"security_chart": "security-assistance", "programs_chart": "by-programme",
               "request_enacted_chart": "request-vs-enacted", "cumulative_chart": "merida-cumulative",
               "composition_chart": "merida-composition", "context_chart": "aid-per-homicide",
               "stages_chart": "aid-stages"}


def test_charts_have_data_alt_and_sources(default):
    for function, name in CHART_NAMES.items():
        chart = getattr(funding.plots, function)(default)
        assert isinstance(chart, report.Chart) and chart.name == name
        assert chart.figure is not None
        assert chart.alt.strip() and chart.caption.strip()
        assert len(chart.data) and chart.source_ids, function


def test_tables_have_captions_and_sources(default):
    for make in (funding.tables.security_table, funding.tables.comparison_table, funding.tables.published_table,
                 funding.tables.composition_table):
        table = make(default)
        assert isinstance(table, report.Table)
        assert table.caption.strip() and len(table.data) and table.source_ids, make.__name__
    security = funding.tables.security_table(default).data.set_index("Fiscal year")
    assert security.loc["2010", "Nominal, US$ million"] == pytest.approx(632.287829)


def test_captions_state_the_computed_figures(default):
    # FY2010 peak: 632,287,829 nominal = $909.6 million in constant 2024 dollars (see test_peak_key_figure...)
    assert funding.text.security_caption(default).startswith(
        "Security assistance (obligated) peaked at $909.6 million (constant 2024 dollars) in FY2010;")
    assert funding.text.cumulative_caption(default).endswith(
        "published totals reach $3.5 billion for FY2008\u2013FY2021, so later totals rest on the sources' own sums.")
    labels = funding.text.key_figure_labels(default)
    assert labels["peak_usd"] == "Peak security assistance, obligated, constant 2024 $"


def test_empty_selection_gives_missing_charts():
    # With the CRS RS22837 rows only there is no obligation by account and no all-foreign-aid row.
    d = funding.build(source="crs_rs22837_20080707")
    for function in ("security_chart", "stages_chart"):
        chart = getattr(funding.plots, function)(d)
        assert chart.figure is None and chart.name == CHART_NAMES[function] and chart.caption


def test_request_enacted_chart_colours_equal_amounts_neutrally(default):
    # FY2016 IMET: request 1.5M (State CBJ) and enacted 1.5M (Notimex): neither above nor below
    chart = funding.plots.request_enacted_chart(default)
    ax = chart.figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    row = labels.index("FY2016 IMET")
    line = [ln for ln in ax.lines if list(ln.get_ydata()) == [row, row]][0]
    assert matplotlib.colors.to_hex(line.get_color()) == matplotlib.colors.to_hex(charts.MUTED)
    assert "enacted equal to request" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_non_default_editions_build():
    for kwargs in ({"dollars": "nominal"}, {"start_year": 2008, "end_year": 2016},
                   {"source": "crs_rs22837_20080707"}, {"source": "all", "programs": ["merida", "section_1004"]}):
        d = funding.build(**kwargs)
        assert funding.text.findings(d) is not None
        assert any("region" in gap for gap in funding.text.data_gaps(d))
        funding.key_figures(d)
        for function in CHART_NAMES:
            getattr(funding.plots, function)(d)
