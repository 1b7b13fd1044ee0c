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
    # FY2010 Mérida enacted (210.3M, CRS RL32724) covers the regular act only (coverage regular_act): shown with
    # its request (450M) but not like for like, and no gap is computed (the old table showed -53%).
    row = comp.loc[(2010, "merida")]
    assert (row["request_usd"], row["enacted_usd"]) == (450_000_000, 210_300_000)
    assert (row["request_coverage"], row["enacted_coverage"]) == ("full", "regular_act")
    assert not row["like_for_like"]
    assert math.isnan(row["gap_usd"]) and math.isnan(row["gap_pct"])
    assert row["caveat"] == "enacted: covers the regular appropriations act only, the supplemental not found"
    # FY2009: the Mérida request (450M) is the regular request only; INCLE's request (66M) and enacted amount
    # (160M) are both from the supplemental only.
    for key in ((2009, "merida"), (2009, "incle")):
        assert not comp.loc[key, "like_for_like"] and math.isnan(comp.loc[key, "gap_usd"]), key
    assert comp.loc[(2009, "incle"), "enacted_coverage"] == "supplemental"
    # FY2022 all foreign aid: the FY1946-FY2024 ForeignAssistance.gov vintage (preferred) reports the request
    # (116,575,000) in full, status A, and the appropriated-and-planned total 130,947,328 (preferred over the
    # press's 128.2 million): compared like for like.
    row = comp.loc[(2022, "all_foreign_aid")]
    assert row["like_for_like"] and row["request_obs_status"] == "A"
    assert row["gap_usd"] == 130_947_328 - 116_575_000
    assert row["enacted_source"] == "fagov_country_summary_fy1946_2024"
    assert comp.loc[comp["like_for_like"].astype(bool), "gap_usd"].notna().all()
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
    # Like-for-like pairs (both rows full coverage, neither P nor E): all foreign aid above in 2008, 2010, 2012,
    # 2014-2020, below in 2009, 2011 and 2013; Mérida below in 2008; INCLE above in 2018; FY2016 ESF enacted 35M
    # against a 39M request. 2008 and 2016 are mixed. Not compared: FY2009 INCLE (supplemental only), FY2009 and
    # FY2010 Mérida (regular request, regular act only). FY2021-FY2023 all foreign aid come from the FY1946-FY2024
    # vintage (requests and appropriated-and-planned amounts, status A): above in 2021 (158.6M vs 63.75M) and 2022
    # (130.9M vs 116.6M), below in 2023 (104.7M vs 141.7M).
    assert figures["request_below_enacted_years"]["value"] == [2010, 2012, 2014, 2015, 2017, 2018, 2019, 2020, 2021,
                                                               2022]
    assert figures["request_below_enacted_years"]["period"] == "FY2008\u2013FY2023"
    classes = funding.enacted_vs_request_years(default.comparison)
    assert classes["below"] == [2009, 2011, 2013, 2023]
    assert classes["mixed"] == [2008, 2016]
    gaps = funding.figures.request_gaps(default)
    assert (gaps["cases"], gaps["n_above"]) == (22, 14)
    assert [(int(r.fiscal_year), r.program) for r in gaps["not_compared"].itertuples()] == [
        (2009, "incle"), (2009, "merida"), (2010, "merida")]
    note = figures["request_below_enacted_years"]["note"]
    assert "FY2010 merida (enacted: covers the regular appropriations act only, the supplemental not found)" in note


def test_fy2010_merida_is_flagged_and_never_ranked_or_compared(default):
    # data/us_assistance.csv: FY2010 merida enacted 210,300,000, CRS RL32724, preferred, coverage regular_act.
    cum = default.cumulative.set_index("fiscal_year")
    assert cum.loc[2010, "value_usd"] == 210_300_000
    assert cum.loc[2010, "coverage"] == "regular_act" and cum.loc[2010, "partial"]
    assert not cum.loc[2010, "complete"]
    like = funding.figures.like_for_like(default.comparison)
    assert not ((like["fiscal_year"] == 2010) & (like["program"] == "merida")).any()
    findings = funding.text.findings(default)
    assert ("For Mérida, FY2010 has only the regular act's $210.3 million enacted (against a $450.0 million request); "
            "the supplemental was not found, so no gap is computed.") in findings
    assert "-53" not in findings and "\u221253" not in findings
    label = funding.text.request_label(default.comparison.set_index(["fiscal_year", "program"]).loc[(2010, "merida")]
                                       .to_dict())
    assert label == "  no gap: enacted regular act only"
    gap = [g for g in funding.text.data_gaps(default) if g.startswith("**Mérida enacted amounts by year:**")][0]
    assert "FY2010 ($210.3 million, the regular appropriations act only, the supplemental not found)" in gap
    # a partial row is never ranked: obligation peaks use comparable rows only
    assert funding.is_partial(pd.DataFrame({"coverage": ["full", "regular_act", "supplemental"]})).tolist() == [
        False, True, True]
    assert funding.is_comparable(pd.DataFrame({"coverage": ["full", "full", "regular_act"],
                                               "obs_status": ["A", "P", "A"]})).tolist() == [True, False, False]


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
    st = funding.aid_stages(us, 2020, 2024)
    flagged = st[st["partly_reported"]]
    # the FY1946-FY2024 vintage, preferred: FY2023-FY2024 obligations and disbursements still being reported
    assert sorted(zip(flagged["fiscal_year"], flagged["stage"])) == [
        (2023, "disbursed"), (2023, "obligated"), (2024, "disbursed"), (2024, "obligated")]
    row = st[(st["fiscal_year"] == 2024) & (st["stage"] == "obligated")].iloc[0]
    assert (row["value_usd"], row["obs_status"]) == (1_366_210, "P")
    # FY2022 obligations: 231,980,939 in the newer vintage (1,777,142 in the older snapshot, not preferred)
    row = st[(st["fiscal_year"] == 2022) & (st["stage"] == "obligated")].iloc[0]
    assert (row["value_usd"], row["obs_status"], row["source_id"]) == (
        231_980_939, "A", "fagov_country_summary_fy1946_2024")
    # the older snapshot is still reachable through the source parameter, flagged as it was
    old = funding.aid_stages(us, 2020, 2022, source="usaid_fae_country_summary_fy1946_2022")
    assert set(old.loc[old["partly_reported"], "fiscal_year"]) == {2021, 2022}


def test_all_aid_context_table_fy2019_fy2024(default):
    table = funding.tables.all_aid_context_table(default)
    data = table.data.set_index("Fiscal year")
    assert list(data.index) == ["2019", "2020", "2021", "2022", "2023", "2024"]
    # published obligations (ForeignAssistance.gov, FY1946-FY2024 vintage), US$ million nominal
    for year, published in (("2021", 172_295_997), ("2022", 231_980_939), ("2023", 157_525_343), ("2024", 1_366_210)):
        assert data.at[year, "Obligated, US$ million"] == pytest.approx(published / 1e6), year
    assert [c for c in data.columns if c.endswith(" flag")] == [
        "Requested flag", "Appropriated and planned flag", "Allocated flag", "Obligated flag",
        "Disbursed flag"]
    assert data.loc["2023":"2024", "Obligated flag"].tolist() == ["P", "P"]
    assert data.loc["2023":"2024", "Disbursed flag"].tolist() == ["P", "P"]
    assert data.loc["2019":"2022", "Obligated flag"].tolist() == ["A"] * 4
    assert data.at["2023", "Requested flag"] == "A"
    assert "all sectors" in table.caption and "not security assistance" in table.caption
    assert "obligations and disbursements for FY2023\u2013FY2024 are provisional" in table.caption
    assert "not a cut" in table.caption
    assert "fagov_country_summary_fy1946_2024" in table.source_ids
    assert data.at["2021", "Sources"] == "ForeignAssistance.gov (n.d.)"  # by name, never by id


def test_no_finding_reads_a_provisional_year_as_a_fall(default):
    texts = [funding.text.findings(default), funding.text.stages_caption(default), funding.text.security_caption(default),
             funding.text.request_enacted_caption(default), funding.text.summary_sentence(default),
             *funding.text.data_gaps(default)]
    falls = ("fell", "fall", "drop", "declin", "cut", "lower", "decrease", "shrank", "plunge")
    for text in texts:
        for sentence in text.split(". "):
            if "FY2024" in sentence or "FY2023–FY2024" in sentence:
                lowered = sentence.lower()
                assert all(word not in lowered for word in falls) or "not a cut" in lowered, sentence
    # obligations of FY2023-FY2024 are P: never ranked or compared
    assert not funding.is_comparable(default.stages[default.stages["fiscal_year"] == 2024]
                                     [lambda f: f["stage"] == "obligated"]).any()
    gaps = funding.text.data_gaps(default)
    assert any(g.startswith("**Security assistance by account after FY2020:** no reachable account-level source")
               for g in gaps)
    assert any(g.startswith("**FY2023\u2013FY2024 partly reported:**") and "not a cut" in g for g in gaps)


def test_composition_years(default):
    # merida_composition.csv spans FY2008-FY2010, FY2010 and FY2011-FY2016.
    assert funding.composition_years(default.comp) == list(range(2008, 2017))


def _incle_obligated(us):
    rows = us[us["preferred"] & (us["program"] == "incle") & (us["stage"] == "obligated")]
    return rows[["fiscal_year", "value_usd"]].reset_index(drop=True)


def test_centred_mean_incle_fy2011_fy2013_by_hand(us):
    # data/us_assistance.csv, preferred incle obligated (Greenbook): FY2011 253,932,717; FY2012 27,536,458;
    # FY2013 242,486,800. FY2012: (253,932,717 + 27,536,458 + 242,486,800) / 3 = 523,955,975 / 3 = 174,651,991.67.
    trend = funding.centred_mean(_incle_obligated(us), "value_usd").set_index("fiscal_year")
    assert trend.loc[2012, "value_usd"] == 27_536_458
    assert trend.loc[2012, "centred_mean"] == pytest.approx(523_955_975 / 3)
    assert trend.loc[2012, "window_years"] == 3
    assert (trend.loc[2012, "window_start"], trend.loc[2012, "window_end"]) == (2011, 2013)
    # FY2016 INCLE 358,745 between FY2015 456,162,544 and FY2017 166,976,071: not read as a change.
    assert trend.loc[2016, "centred_mean"] == pytest.approx((456_162_544 + 358_745 + 166_976_071) / 3)
    facts = funding.figures.dataset_facts(funding.build())
    assert facts["swing"] == {"program": "incle", "year": 2012, "before": 253_932_717, "value": 27_536_458,
                              "after": 242_486_800, "centred_mean": pytest.approx(523_955_975 / 3), "window_years": 3}


def test_centred_mean_two_year_windows_at_the_ends(us):
    # INCLE obligations in the Greenbook run FY1990-FY2020: FY1990 15,000,000 and FY1991 19,300,000;
    # FY2019 100,892,433 and FY2020 111,898,556. The ends average two years and say so.
    trend = funding.centred_mean(_incle_obligated(us), "value_usd").set_index("fiscal_year")
    assert trend.loc[1990, "window_years"] == 2 and trend.loc[1990, "centred_mean"] == pytest.approx(17_150_000)
    assert trend.loc[2020, "window_years"] == 2
    assert trend.loc[2020, "centred_mean"] == pytest.approx((100_892_433 + 111_898_556) / 2)
    assert (trend.loc[2020, "window_start"], trend.loc[2020, "window_end"]) == (2019, 2020)
    assert (trend["window_years"].drop([1990, 2020]) == 3).all()
    # security assistance, nominal: FY2019 302,766,737 (incle 100,892,433 + fmf 165,344,336 + dod_om_defense_wide
    # 27,972,336 + dod_counterdrug 4,906,000 + nadr 1,351,916 + imet 1,249,746 + dod_om_navy 969,203 + Air Force
    # cadet fund 80,767) and FY2020 133,814,301; no Greenbook accounts after FY2020, so FY2020 has two years.
    sec = funding.security_trend(us, load("us_cpi_u"), 2019, 2025, dollars="nominal").set_index("fiscal_year")
    assert sec.loc[2020, "centred_mean"] == pytest.approx((302_766_737 + 133_814_301) / 2)
    assert sec.loc[2020, "window_years"] == 2 and sec.loc[2019, "window_years"] == 3
    assert sec.loc[2021:, "centred_mean"].isna().all() and (sec.loc[2021:, "window_years"] == 0).all()
    # an isolated value has a one-year window; groups are averaged apart
    frame = pd.DataFrame({"p": ["a", "a", "b"], "y": [2000, 2001, 2005], "v": [1.0, 3.0, 7.0]})
    out = funding.centred_mean(frame, "v", "y", by=["p"])
    assert out["centred_mean"].tolist() == [2.0, 2.0, 7.0] and out["window_years"].tolist() == [2, 2, 1]


def test_rise_and_fall_statements_use_the_centred_mean(default):
    # constant 2024 dollars; FY2010 mean of FY2009-FY2011 is the highest; FY2020 averages FY2019-FY2020 only.
    findings = funding.text.findings(default)
    facts = funding.figures.security_facts(default)
    assert int(facts["trend_peak"]["fiscal_year"]) == 2010 and int(facts["trend_last"]["window_years"]) == 2
    assert "for FY2020 (mean of FY2019\u2013FY2020 only, 2 years)" in findings
    assert "highest at $672.5 million for FY2010 (mean of FY2009\u2013FY2011)" in findings
    methodology = funding.text.methodology(default)
    assert ("INCLE obligations were $253.9 million in FY2011, $27.5 million in FY2012 and $242.5 million in FY2013; "
            "the centred mean for FY2012 is $174.7 million.") in methodology
    assert "DoD Section 1004: allocations for FY2002\u2013FY2006" in methodology
    assert "`window_years` = 2" in methodology and "`coverage`" in methodology


def test_fiscal_year_ranges():
    # the report's fiscal-year lists use the shared helper with the FY prefix
    assert format_year_ranges([2011, 2013, 2014, 2015, 2020], prefix="FY") == "FY2011, FY2013\u2013FY2015, FY2020"
    assert format_year_ranges([], prefix="FY") == ""


# --- Report-level checks ---------------------------------------------------------------------

def test_key_figures_complete_entries(default):
    figures = funding.key_figures(default)
    for name in ("merida_cumulative_usd", "peak_fiscal_year", "peak_usd", "latest_fiscal_year", "latest_usd",
                 "request_below_enacted_years"):
        assert {"value", "unit", "period", "source_ids", "note", "obs_status"} <= set(figures[name])
        assert figures[name]["source_ids"], name


def test_key_figures_carry_obs_status(default):
    figures = funding.key_figures(default)
    # Greenbook obligations are all A; the CRS IF10578 cumulative total (us_assistance_periods) is A
    for name in ("peak_fiscal_year", "peak_usd", "peak_nominal_usd", "latest_fiscal_year", "latest_usd",
                 "latest_nominal_usd", "security_total_nominal_usd", "merida_cumulative_usd"):
        assert figures[name]["obs_status"] == "A", name
    assert figures["request_below_enacted_years"]["coverage"] == "full"
    assert figures["request_below_enacted_years"]["obs_status"] == "A"  # only A pairs are compared


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


def test_chart_csvs_carry_obs_status(default):
    for function in CHART_NAMES:
        data = getattr(funding.plots, function)(default).data
        assert [c for c in data.columns if c.endswith("obs_status")], function
    security = funding.plots.security_chart(default).data.set_index(["fiscal_year", "program"])
    assert security.loc[(2012, "incle"), "obs_status"] == "A" and security.loc[(2012, "incle"), "coverage"] == "full"
    assert security.loc[(2022, "all_foreign_aid"), "obs_status"] == "A"  # FY1946-FY2024 vintage, reported in full
    assert security.loc[(2024, "all_foreign_aid"), "obs_status"] == "P"  # partly reported in that vintage
    cumulative = funding.plots.cumulative_chart(default).data
    fy2010 = cumulative[(cumulative["series"] == "annual_running_sum") & (cumulative["end_fiscal_year"] == 2010)].iloc[0]
    assert (fy2010["coverage"], fy2010["obs_status"], fy2010["value_usd"]) == ("regular_act", "A", 210_300_000)
    assert cumulative["obs_status"].notna().all()
    request = funding.plots.request_enacted_chart(default).data.set_index(["fiscal_year", "program"])
    assert request.loc[(2010, "merida"), "enacted_coverage"] == "regular_act"
    assert math.isnan(request.loc[(2010, "merida"), "gap_pct"])
    stages = funding.plots.stages_chart(default).data
    assert set(stages.loc[stages["partly_reported"], "obs_status"]) == {"P"}
    programmes = funding.plots.programs_chart(default).data.set_index(["fiscal_year", "program"])
    assert programmes.loc[(2024, "all_foreign_aid"), "obs_status"] == "P"
    assert programmes.loc[(2012, "incle"), "coverage"] == "full"
    context = funding.plots.context_chart(default).data.set_index("fiscal_year")
    assert context.loc[2010, "obs_status"] == "A" and context.loc[2010, "homicides_obs_status"] == "A"


def test_tables_have_captions_and_sources(default):
    for make in (funding.tables.security_table, funding.tables.comparison_table, funding.tables.published_table,
                 funding.tables.composition_table):
        table = make(default)
        assert isinstance(table, report.Table)
        assert table.caption.strip() and len(table.data) and table.source_ids, make.__name__
    security = funding.tables.security_table(default).data.set_index("Fiscal year")
    assert security.loc["2010", "Nominal, US$ million"] == pytest.approx(632.287829)
    assert security.loc["2010", "Flag"] == "A"
    comparison = funding.tables.comparison_table(default).data
    fy2010 = comparison[(comparison["Fiscal year"] == "2010") & (comparison["Programme"] == "Mérida")].iloc[0]
    assert (fy2010["Enacted coverage"], fy2010["Enacted flag"], fy2010["Like for like"]) == ("regular act only", "A", "no")
    assert math.isnan(fy2010["Gap, % of request"])
    published = funding.tables.published_table(default).data
    assert "Flag" in published.columns
    assert {"Congressional Research Service (2010)", "El Informador (2010)"} <= set(published["Source"])  # by name
    composition = funding.tables.composition_table(default).data
    assert "aircraft and helicopters" in set(composition["Category (as the source names it)"])


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


def test_aid_per_homicide_range_uses_the_centred_mean_not_one_years_timing():
    d = funding.build()
    caption = funding.text.context_caption(d)
    # FY2016 alone is $676 per homicide (INCLE obligations of $358,745 that year): not read as the low.
    # Low: FY2000-FY2001, (3,963.29 + 5,645.76) / 2 = 4,804.5; high: FY2009-FY2011,
    # (31,104.46 + 35,314.32 + 18,079.31) / 3 = 28,166.0 (constant 2024 dollars)
    assert "from $4,805 (FY2000–FY2001) to $28,166 (FY2009–FY2011)" in caption
    assert "FY2016" not in caption
