"""Tests of mxsec.analysis.claims (the claims ledger) against values checked by hand in data/*.csv."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mxsec.analysis import claims as ledger
from mxsec.data import load
from mxsec.paths import data_dir

LITERATURE = Path("/work/shared/literature")
PAPERS = {"000_35763cfbbb763f72.txt", "001_fd2c77ac92bd6f6d.txt", "002_8513b05cd11f9a91.txt",
          "003_3264dc217606dc0f.txt", "004_e9285c109e1da262.txt"}


@pytest.fixture(scope="module")
def table():
    return load("claims")


@pytest.fixture(scope="module")
def results():
    return ledger.evaluate()


def by_id(results: pd.DataFrame, claim_id: str) -> pd.Series:
    rows = results[results["claim_id"] == claim_id]
    assert len(rows) == 1, claim_id
    return rows.iloc[0]


def tables_with(change):
    """A ``tables`` callable returning load(name), modified by change(name, frame) -> frame."""
    def tables(name: str) -> pd.DataFrame:
        return change(name, load(name))
    return tables


# --- The ledger as data ----------------------------------------------------------------------------

def test_at_least_forty_claims_from_all_five_papers(table):
    assert len(table) >= 40
    assert set(table["paper"]) == PAPERS
    assert table["claim_id"].is_unique


def test_each_paper_has_one_source_listed_in_sources_literature(table):
    literature = pd.read_csv(data_dir() / "manual" / "sources_literature.csv", dtype=str)
    assert table.groupby("paper")["source_id"].nunique().eq(1).all()
    assert set(table["source_id"]) == set(literature["source_id"])


def test_quotes_are_short(table):
    words = table["quote"].str.split().str.len()
    assert words.max() <= 25, table.loc[words.idxmax(), "claim_id"]


def test_quotes_are_verbatim_in_the_papers(table):
    if not LITERATURE.is_dir():
        pytest.skip(f"literature folder {LITERATURE} not present: cannot check quotes against the papers")

    def normal(text: str) -> str:
        # the text files escape dollar signs (\$) as in Markdown; whitespace is normalised
        return re.sub(r"\s+", " ", text.replace("\\$", "$")).strip()

    texts = {paper: normal((LITERATURE / paper).read_text(encoding="utf-8")) for paper in PAPERS}
    missing = [row.claim_id for row in table.itertuples() if normal(row.quote) not in texts[row.paper]]
    assert missing == []


def test_tolerances_follow_the_rule(table):
    # one rule: the qualifier sets the comparison, the figure's precision sets the tolerance
    thresholds = table[table["comparison"].isin(["gte", "lte"])]
    assert (thresholds["tolerance_rel"] == 0).all()
    for row in table.itertuples():
        assert row.comparison == ledger.QUALIFIER_COMPARISON[row.qualifier], row.claim_id
        if row.comparison in ("approx", "below"):
            assert row.tolerance_rel == ledger.PRECISION_TOLERANCE[row.precision], row.claim_id
        if isinstance(row.precision_2, str):  # a second figure of another precision has its own tolerance
            assert row.tolerance_rel_2 == ledger.PRECISION_TOLERANCE[row.precision_2], row.claim_id
    # "nearly", "almost" are one-sided (just below), "about", "roughly", "some", "perhaps" two-sided
    assert set(table.loc[table["qualifier"].isin(["nearly", "almost"]), "comparison"]) == {"below"}
    assert set(table.loc[table["qualifier"].isin(["about", "some", "perhaps", "around"]), "comparison"]) == {"approx"}
    ranges = table[table["comparison"] == "range"]
    assert ranges["claimed_value_2"].notna().all()


def test_declarations_are_well_formed(table):
    assert ledger.check_claims(table, load) == []


def test_claims_of_change_declare_both_periods(table):
    change = table[table["period_2"].notna()]
    assert len(change) >= 3
    tested = change[change["test_table"].notna()]
    assert tested["test_period_2"].notna().all() and tested["claimed_value_2"].notna().all()


# --- Verdicts ------------------------------------------------------------------------------------

def test_every_claim_has_a_computed_verdict(results, table):
    assert len(results) == len(table) - int(ledger.is_qualitative(table).sum())
    assert results["verdict"].isin(ledger.VERDICTS).all()
    assert results["explanation"].str.len().gt(20).all()
    assert not results["explanation"].str.contains("ambiguous").any()
    # a claim with no test table is never anything but not checkable
    untested = results["claim_id"].isin(table.loc[table["test_table"].isna(), "claim_id"])
    assert (results.loc[untested, "verdict"] == ledger.NOT_CHECKABLE).all()
    # every row says which part of the rule it applies and with what tolerance
    assert results["explanation"].str.contains("Rule: ").all()
    assert results["rule"].str.contains("tolerance").all()


def test_not_checkable_claims_name_the_missing_figure(results):
    unchecked = results[results["verdict"] == ledger.NOT_CHECKABLE]
    assert len(unchecked) > 0
    assert unchecked["explanation"].str.contains("Missing: ").all()
    assert unchecked["explanation"].str.contains("published").all()


def test_qualitative_claims_are_a_separate_list(results, table):
    # "worst condition since the early 1990s" and a forecast of legislation are not numerical claims
    qualitative = ledger.qualitative_claims()
    assert set(qualitative["claim_id"]) == {"felbab_worst_since_early_1990s", "felbab_cannabis_legal_2021"}
    assert qualitative["evidence"].str.len().gt(40).all()
    assert not results["claim_id"].isin(qualitative["claim_id"]).any()
    figures = ledger.key_figures(results)
    assert figures["claims_total"]["value"] == len(table) - 2


def test_every_verdict_occurs(results):
    assert set(results["verdict"]) == set(ledger.VERDICTS)


def test_calderon_homicides_total(results):
    # INEGI registration, final (data/homicides_national.csv, preferred rows):
    # 2007 8,867 + 2008 14,006 + 2009 19,803 + 2010 25,757 + 2011 27,213 + 2012 25,967 = 121,613 >= 120,000
    row = by_id(results, "davidson_homicides_calderon_total")
    assert row["verdict"] == ledger.CONSISTENT
    assert row["data_value"] == 121613


def test_leutert_murders_match_sesnsp_case_files_not_inegi(results):
    # 2017: INEGI 32,079 (preferred); SESNSP case files 25,339 (not preferred). 2011: INEGI 27,213; SESNSP 22,409.
    row = by_id(results, "leutert_murders_2017_vs_2011")
    assert row["verdict"] == ledger.NON_PREFERRED
    assert (row["data_value"], row["data_value_2"]) == (25339, 22409)
    assert (row["preferred_value"], row["preferred_value_2"]) == (32079, 27213)
    assert "[statistical system: SESNSP; measure: case files (carpetas)]" in row["explanation"]
    assert "sesnsp_old" not in row["explanation"]  # sources by their names, never their ids
    assert "sesnsp_old_methodology_national_1997_2017" in row["matched_source_ids"]


def test_fox_extraditions_average(results):
    # data/extraditions.csv, preferred mx_to_us rows 2001-2006: 17, 25, 31, 34, 41, 63 -> mean 35.17
    row = by_id(results, "davidson_extraditions_fox_average")
    assert row["verdict"] == ledger.CONSISTENT
    assert row["data_value"] == pytest.approx(211 / 6)


def test_calderon_extraditions_average_from_the_stated_total(results):
    # data/extraditions_periods.csv: 587 for 2007-01-01..2012-12-31 (zeta), over 2,192 days = 6.0 years
    row = by_id(results, "davidson_extraditions_calderon_average")
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == pytest.approx(587 / (2192 / 365.25))
    assert row["difference_rel"] == pytest.approx(587 / (2192 / 365.25) / 100 - 1)


def test_merida_fy2010_partial_row_is_not_the_year(results):
    # data/us_assistance.csv: FY2010 merida enacted, preferred 210,300,000 (crs_rl32724_20100203) has coverage
    # regular_act (the supplemental is missing): never compared with a full year. The paper's own $639 million row
    # is not evidence for its claim. Security assistance obligated FY2010 (funding report) is 632,287,829: -1.05%,
    # outside 0.5%; as a rank ("peaked") FY2010 is the highest of FY2008-FY2019 in that series only.
    row = by_id(results, "davidson_merida_peak_fy2010")
    assert row["verdict"] == ledger.NOT_CHECKABLE
    assert row["verdict_rank"] == ledger.NON_PREFERRED
    assert "partial-year figure exists" in row["explanation"] and "P.L. 111-212" in row["explanation"]
    assert "tppf_davidson_us_mexico_border_security_cooperation_paper_202004" not in row["matched_source_ids"]


def test_apprehensions_2018_2019_compare_one_series(results):
    # data/border_apprehensions.csv southwest: apprehensions FY2018 396,579 (preferred; -20.7% from "about a
    # half-million") and FY2019 851,508; encounters 521,090 and 977,509. Both figures must come from one series:
    # encounters for both years, never encounters for 2018 against apprehensions for 2019.
    row = by_id(results, "davidson_apprehensions_2018_2019")
    assert row["verdict"] == ledger.NON_PREFERRED
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.NON_PREFERRED, ledger.NON_PREFERRED)
    assert (row["data_value"], row["data_value_2"]) == (521090, 977509)
    assert (row["preferred_value"], row["preferred_value_2"]) == (396579, 851508)
    assert row["explanation"].count("[measure: encounters]") == 2


def test_apprehensions_march_2019_from_the_monthly_table(results):
    # data/border_encounters_monthly.csv: DHS OHSS workbook, sheet "Monthly Region", FY2019 "06 March", Southwest
    # Land Border, USBP: 92,830 (all Title 8: no Title 42 before March 2020). "Exceeded 100,000" is a floor: -7.2%
    row = by_id(results, "davidson_apprehensions_march_2019")
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == 92_830 and row["preferred_value"] == 92_830
    assert row["difference_rel"] == pytest.approx(92_830 / 100_000 - 1)
    assert row["matched_source_ids"] == ("dhs_ohss_khsm_usbp_encounters_fy25m11_20250116",)
    assert row["explanation"].startswith("Differs: 2019-03: the preferred figure is 92,830")
    assert "Missing:" not in row["explanation"]


def test_a_month_is_tested_in_a_monthly_table():
    # southwest USBP encounters May 2019: 132,860, December 2019: 32,850 (DHS OHSS); the verdict follows the month's row, and a change
    # claim compares two months of one series
    claim = {"quantity": "Border Patrol encounters", "period": "2019-05", "claimed_value": 133_000.0, "unit": "events",
             "test_table": "border_encounters_monthly", "test_filter": "region=southwest;measure=encounters;agency=usbp",
             "test_period": "2019-05", "tolerance_rel": 0.05}
    row = ledger.evaluate(custom_claim(**claim)).iloc[0]
    assert row["verdict"] == ledger.CONSISTENT and row["data_value"] == 132_860
    change = ledger.evaluate(custom_claim(**claim, period_2="2019-12", claimed_value_2=33_000.0,
                                          test_period_2="2019-12")).iloc[0]
    assert (change["verdict_1"], change["verdict_2"]) == (ledger.CONSISTENT, ledger.CONSISTENT)
    assert change["data_value_2"] == 32_850  # FY2020 "03 December"

    def change_may(name, frame):
        if name != "border_encounters_monthly":
            return frame
        return set_value(frame, (frame["month"] == "2019-05") & (frame["region"] == "southwest"), "value", 150_000)

    after = ledger.evaluate(custom_claim(**claim), tables_with(change_may)).iloc[0]
    assert after["verdict"] == ledger.DIFFERS and after["data_value"] == 150_000
    # a month missing from the table is not checkable, never a zero
    gone = ledger.evaluate(custom_claim(**claim), tables_with(
        lambda name, frame: frame[frame["month"] != "2019-05"] if name == "border_encounters_monthly" else frame)).iloc[0]
    assert gone["verdict"] == ledger.NOT_CHECKABLE and "for 2019-05" in gone["explanation"]


def test_months_and_years_are_not_mixed():
    monthly = {"period": "2019-05", "claimed_value": 133_000.0, "test_table": "border_encounters_monthly",
               "test_filter": "region=southwest;measure=encounters;agency=usbp", "test_period": "2019-05"}
    assert ledger.check_claims(custom_claim(**monthly), load) == []
    # a year in a monthly table would add up or pick among twelve months: refused
    with pytest.raises(ValueError, match="border_encounters_monthly is a monthly table; expected one month YYYY-MM"):
        ledger.evaluate(custom_claim(**{**monthly, "test_period": "2019"}))
    # a month in a yearly table has no row
    with pytest.raises(ValueError, match="a month .YYYY-MM. needs a monthly table; homicides_national is not one"):
        ledger.evaluate(custom_claim(period="2018-03", test_period="2018-03"))
    with pytest.raises(ValueError, match="rank claims need a yearly table"):
        ledger.evaluate(custom_claim(**monthly, rank="max", rank_window="2000-2019"))
    assert ledger.parse_month("2019-03") == "2019-03"
    assert ledger.parse_month("2019") is None and ledger.parse_month("2019-2020") is None
    assert ledger.parse_month("2019-13") is None


def test_merida_total_from_a_stated_span(results):
    # data/us_assistance_periods.csv: FY2008-FY2020 merida enacted 3,100,000,000 (crs_if10578_20200210)
    row = by_id(results, "davidson_merida_total_since_inception")
    assert row["verdict"] == ledger.CONSISTENT
    assert row["data_value"] == 3_100_000_000
    assert row["matched_source_ids"] == ("crs_if10578_20200210",)


def test_a_paper_cannot_corroborate_itself(results):
    # 2013 extraditions exist in data/ only as the TPPF paper itself (54); 2012 also has AP citing CRS (115)
    row = by_id(results, "davidson_extraditions_2012_2013")
    assert row["verdict"] == ledger.NOT_CHECKABLE
    assert row["verdict_1"] == ledger.CONSISTENT and row["data_value"] == 115
    assert row["matched_source_ids"] == ("ap_celebcafe_mexico_extradites_13_201510",)
    assert row["verdict_2"] == ledger.NOT_CHECKABLE and np.isnan(row["data_value_2"])
    assert "cite the literature itself" in row["explanation"]
    assert "Missing: an independent 2013 count" in row["explanation"]


def test_honest_gaps_are_not_checkable(results):
    for claim_id in ("davidson_vetted_2012", "davidson_extraditions_1995_2000", "isacson_section_333_2019"):
        assert by_id(results, claim_id)["verdict"] == ledger.NOT_CHECKABLE, claim_id
    assert "for 1996-1999 (span 1995-2000 incomplete)" in by_id(results, "davidson_extraditions_1995_2000")["explanation"]


def test_fy2007_security_aid_from_the_funding_definition(results):
    # "from $48 million in FY2007 to $400 million in FY2008": FY2007 predates Mérida, so the one series covering
    # both years is the funding report's security assistance (State and DoD security accounts, obligated):
    # FY2007 52,696,777 (mxsec.analysis.funding.compute.security_assistance), +9.8% from $48 million, outside
    # the 5% of a two-significant-figure figure; FY2008 obligations 16,278,923, while Mérida appropriations
    # (the declared reading) give the claimed $400 million
    row = by_id(results, "davidson_merida_fy2007_fy2008")
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.DIFFERS, ledger.NON_PREFERRED)
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == pytest.approx(52_696_777)
    assert row["preferred_value_2"] == pytest.approx(16_278_923)
    assert row["data_value_2"] == 400_000_000
    assert "+9.8% against the claimed $48.0 million (tolerance 5.0%)" in row["explanation"]
    assert "another reading in data/ gives $400.0 million" in row["explanation"]
    assert "[programme: Mérida Initiative; stage: enacted], +0.0%" in row["explanation"]


def test_each_figure_of_a_change_is_judged_at_its_own_precision(table, results):
    # the same claim: "$48 million" has two significant figures (5%), "$400 million" one (15%)
    row = by_id(results, "davidson_merida_fy2007_fy2008")
    assert (row["tolerance_rel"], row["tolerance_rel_2"]) == (0.05, 0.15)
    assert "two significant figures: tolerance 5.0%; second figure one significant figure: tolerance 15.0%" in row["rule"]
    # judged at the looser figure's 15%, the FY2007 figure (+9.8%) would have agreed
    loose = table.copy()
    loose.loc[loose["claim_id"] == "davidson_merida_fy2007_fy2008", "tolerance_rel"] = 0.15
    assert by_id(ledger.evaluate(loose), "davidson_merida_fy2007_fy2008")["verdict_1"] == ledger.CONSISTENT
    # a claim with one precision has no second tolerance of its own
    same = by_id(results, "leutert_murders_2017_vs_2011")
    assert same["tolerance_rel_2"] == same["tolerance_rel"] == 0.005


def test_figures_agreeing_only_in_different_series_differ(table):
    # were FY2007 security assistance $48 million, each figure would agree, but in two series (obligations for
    # FY2007, Mérida appropriations for FY2008): a change is never read across two definitions
    def change(name, frame):
        if name != "us_assistance":
            return frame
        # FY2007 INCLE obligations 36,878,609 less 4,696,777: security assistance 52,696,777 becomes 48,000,000
        incle = (frame["fiscal_year"] == 2007) & (frame["program"] == "incle") & (frame["stage"] == "obligated")
        return set_value(frame, incle, "value_usd", 36_878_609 - 4_696_777)

    row = by_id(ledger.evaluate(table, tables_with(change)), "davidson_merida_fy2007_fy2008")
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.CONSISTENT, ledger.NON_PREFERRED)
    assert row["verdict"] == ledger.DIFFERS
    assert "no one series agrees with every figure of the claim" in row["explanation"]


def test_precision_2_is_declared_with_its_tolerance(table):
    claim = table[table["claim_id"] == "davidson_merida_fy2007_fy2008"].copy()
    claim["tolerance_rel_2"] = np.nan
    assert ledger.check_claims(claim) == ["davidson_merida_fy2007_fy2008: precision_2 and tolerance_rel_2 go together"]
    single = table[table["claim_id"] == "davidson_homicides_2008"].copy()
    single["precision_2"], single["tolerance_rel_2"] = "1", 0.15
    assert ledger.check_claims(single) == [
        "davidson_homicides_2008: precision_2 is for the second figure of a change claim (period_2)"]


def test_stage_unstated_is_tested_on_each_stage(results):
    # Leutert's "$137 million last year" (FY2017, all foreign assistance, stage not stated): enacted 138,569,057
    # (+1.1%), request 134,668,760 (-1.7%), allocated 138,566,000 (+1.1%): none within 0.5%; the claim lies
    # between the request and the enacted amount, and the explanation says so
    row = by_id(results, "leutert_aid_fy2017")
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == 138_569_057
    for stage in ("[stage: request]", "[stage: allocated]"):
        assert stage in row["explanation"]
    assert "lies between them" in row["explanation"]
    assert "also tested on stage: request; stage: allocated; stage: obligated" in row["rule"]


def test_scope_other_than_the_natural_reading_is_non_preferred(results):
    # Isacson and Brewer's "about $500 million" (FY2010) for what Mexico's forces got: the funding report's
    # security assistance is 632,287,829 (+26.5%, outside 15%); INCLE alone (531,724,609, +6.3%) agrees, which
    # is a narrower scope than the natural reading: consistent with a non-preferred source, never plain consistent
    row = by_id(results, "isacson_forces_2010")
    assert row["verdict"] == ledger.NON_PREFERRED
    assert row["preferred_value"] == pytest.approx(632_287_829)
    assert row["data_value"] == pytest.approx(531_724_609)
    assert "[programme: INCLE (narcotics and law enforcement); stage: obligated]" in row["explanation"]


def test_a_new_high_is_a_rank(results):
    # "2019 reaching a new high of more than 35,500": INEGI 2019 36,661 >= 35,500 (level), but INEGI 2018 36,685
    # is higher, so the rank holds only in other series (INEGI by occurrence, SESNSP victims)
    row = by_id(results, "davidson_homicides_2019")
    assert row["verdict_1"] == ledger.CONSISTENT
    assert row["verdict_rank"] == ledger.NON_PREFERRED
    assert row["verdict"] == ledger.NON_PREFERRED
    assert "2018: 36,685 against 36,661" in row["explanation"]
    # "each setting a new record ... 22,409 in 2011": INEGI 2011 27,213 is the highest of 1990-2011
    assert by_id(results, "davidson_homicides_2011")["verdict_rank"] == ledger.CONSISTENT


def test_a_broken_record_differs(table):
    def change(name, frame):
        if name != "homicides_national":
            return frame
        return set_value(frame, frame["year"] == 2010, "value", 40_000)  # every 2010 series above 2011

    row = by_id(ledger.evaluate(table, tables_with(change)), "davidson_homicides_2011")
    assert row["verdict_rank"] == ledger.DIFFERS
    assert row["verdict"] == ledger.DIFFERS


def test_steadily_increased_is_a_direction(results, table):
    # preferred mx_to_us extraditions 2001-2006: 17, 25, 31, 34, 41, 63: a rise every year
    assert by_id(results, "davidson_extraditions_fox_average")["verdict_rank"] == ledger.CONSISTENT

    def change(name, frame):
        return set_value(frame, frame["year"] == 2004, "persons", 20) if name == "extraditions" else frame

    row = by_id(ledger.evaluate(table, tables_with(change)), "davidson_extraditions_fox_average")
    assert row["verdict_rank"] != ledger.CONSISTENT


def test_nearly_is_one_sided(table):
    # "nearly 15,000" homicides in 2008: a figure just above 15,000 is not "nearly 15,000", one just below is
    def with_2008(value):
        def change(name, frame):
            if name != "homicides_national":
                return frame
            return set_value(frame, (frame["year"] == 2008) & (frame["source"] == "inegi") & frame["preferred"],
                             "value", value)
        return by_id(ledger.evaluate(table, tables_with(change)), "davidson_homicides_2008")

    assert with_2008(14_600)["verdict"] == ledger.CONSISTENT
    above = with_2008(15_300)  # +2%: inside a two-sided 5%, outside "nearly"
    assert above["verdict"] != ledger.CONSISTENT


# --- Verdicts follow the data ---------------------------------------------------------------------

def set_value(frame, mask, column, value):
    frame = frame.copy()
    frame.loc[mask, column] = value
    return frame


def test_changing_a_data_value_changes_the_verdict(table):
    before = by_id(ledger.evaluate(table), "davidson_homicides_2008")
    assert before["verdict"] == ledger.DIFFERS and before["data_value"] == 14006

    def change(name, frame):
        if name != "homicides_national":
            return frame
        mask = (frame["year"] == 2008) & (frame["source"] == "inegi") & frame["preferred"]
        return set_value(frame, mask, "value", 14_600)

    after = by_id(ledger.evaluate(table, tables_with(change)), "davidson_homicides_2008")
    assert after["verdict"] == ledger.CONSISTENT
    assert after["data_value"] == 14_600


def test_removing_the_matching_source_turns_non_preferred_into_differs(table):
    def change(name, frame):
        if name != "homicides_national":
            return frame
        return frame[~((frame["year"] == 2017) & (frame["value"] == 25339))]

    row = by_id(ledger.evaluate(table, tables_with(change)), "leutert_murders_2017_vs_2011")
    # SESNSP case files still give 22,409 for 2011 (that figure alone agrees with a non-preferred source), but no
    # one series now gives both figures
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.DIFFERS, ledger.NON_PREFERRED)
    assert row["data_value_2"] == 22409
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == 32079


def test_without_the_official_row_only_the_papers_figure_is_left(table):
    def change(name, frame):
        if name != "border_apprehensions":
            return frame
        paper_row = frame["source_id"] == "tppf_davidson_us_mexico_border_security_cooperation_paper_202004"
        return frame[~((frame["fiscal_year"] == 2011) & ~paper_row)]

    row = by_id(ledger.evaluate(table, tables_with(change)), "davidson_apprehensions_2011")
    assert row["verdict"] == ledger.NOT_CHECKABLE
    assert "cite the literature itself (Texas Public Policy Foundation (2020))" in row["explanation"]


def test_a_missing_year_makes_a_span_incomplete(table):
    def change(name, frame):
        return frame[frame["year"] != 2003] if name == "extraditions" else frame

    row = by_id(ledger.evaluate(table, tables_with(change)), "davidson_extraditions_fox_average")
    assert row["verdict"] == ledger.NOT_CHECKABLE
    assert "2003" in row["explanation"] and "incomplete" in row["explanation"]


def custom_claim(**fields) -> pd.DataFrame:
    base = {"claim_id": "test_claim", "paper": "003_3264dc217606dc0f.txt", "locator": "test", "quote": "test",
            "quantity": "Homicides", "period": "2025", "claimed_value": 14488.0, "unit": "persons",
            "claimed_value_2": np.nan, "period_2": None, "test_table": "homicides_national",
            "test_filter": "source=inegi;crime=intentional_homicide;measure=victims;basis=registration", "test_aggregate": "value",
            "test_period": "2025", "test_period_2": None, "comparison": "approx", "tolerance_rel": 0.005,
            "source_id": "tppf_davidson_us_mexico_border_security_cooperation_paper_202004", "note": None}
    base.update(fields)
    return pd.DataFrame([base])


def test_partial_years_are_not_compared():
    # INEGI 2025 is preliminary and covers 6 months (14,488): never a full-year figure
    row = ledger.evaluate(custom_claim()).iloc[0]
    assert row["verdict"] == ledger.NOT_CHECKABLE
    assert "partial-year" in row["explanation"]


def test_comparisons():
    below = ledger.evaluate(custom_claim(period="2018", test_period="2018", claimed_value=37000.0, comparison="below",
                                         tolerance_rel=0.05)).iloc[0]
    above = ledger.evaluate(custom_claim(period="2018", test_period="2018", claimed_value=36500.0, comparison="below",
                                         tolerance_rel=0.05)).iloc[0]
    assert below["verdict"] == ledger.CONSISTENT and below["data_value"] == 36685
    # 36,685 is above "nearly 36,500": the preferred figure does not agree (INEGI's preliminary 35,964 does)
    assert above["verdict"] == ledger.NON_PREFERRED and above["preferred_value"] == 36685
    assert above["data_value"] == 35964
    # INEGI 2018 final registration: 36,685
    gte = ledger.evaluate(custom_claim(period="2018", test_period="2018", claimed_value=36000.0, comparison="gte",
                                       tolerance_rel=0.0)).iloc[0]
    # every 2018 series in data/ is above 25,000 (the lowest, SESNSP case files, 29,097)
    lte = ledger.evaluate(custom_claim(period="2018", test_period="2018", claimed_value=25000.0, comparison="lte",
                                       tolerance_rel=0.0)).iloc[0]
    # at most 30,000: INEGI 36,685 is above, but SESNSP case files 29,097 qualify
    lte_other = ledger.evaluate(custom_claim(period="2018", test_period="2018", claimed_value=30000.0,
                                             comparison="lte", tolerance_rel=0.0)).iloc[0]
    inside = ledger.evaluate(custom_claim(period="2018", test_period="2018", claimed_value=36000.0,
                                          claimed_value_2=37000.0, comparison="range", tolerance_rel=0.0)).iloc[0]
    assert gte["verdict"] == ledger.CONSISTENT and gte["data_value"] == 36685
    assert lte["verdict"] == ledger.DIFFERS and lte["data_value"] == 36685
    assert lte_other["verdict"] == ledger.NON_PREFERRED and lte_other["data_value"] == 29097
    assert inside["verdict"] == ledger.CONSISTENT and inside["difference_rel"] == 0


def test_a_malformed_declaration_is_refused():
    with pytest.raises(ValueError, match="filter columns not in homicides_national"):
        ledger.evaluate(custom_claim(test_filter="colour=red", period="2018", test_period="2018"))
    with pytest.raises(ValueError, match="single year"):
        ledger.evaluate(custom_claim(test_period="2017-2018"))


def test_parsers():
    assert ledger.parse_filter("direction=mx_to_us;mechanism=extradition") == {
        "direction": "mx_to_us", "mechanism": "extradition"}
    assert ledger.parse_filter(None) == {}
    assert ledger.parse_period("2007-2009") == [2007, 2008, 2009]
    with pytest.raises(ValueError):
        ledger.parse_filter("direction")
    with pytest.raises(ValueError):
        ledger.parse_period("2012-2010")


def test_literature_sources_are_found_by_title():
    paper = "tppf_davidson_us_mexico_border_security_cooperation_paper_202004"
    sources = load("sources")
    alias = sources[sources["source_id"] == paper].assign(source_id="tppf_same_paper_other_id_202004",
                                                          publisher="Texas Public Policy Foundation")
    ids = ledger.literature_source_ids(pd.concat([sources, alias], ignore_index=True), [paper])
    # the same paper cited under another id (as contributors once did) is recognised by its title
    assert {paper, "tppf_same_paper_other_id_202004"} <= ids
    assert "crs_if10578_20200210" not in ids


# --- Summaries -----------------------------------------------------------------------------------

def test_key_figures(results):
    figures = ledger.key_figures(results)
    for entry in figures.values():
        assert {"value", "unit", "period", "source_ids", "note"} <= set(entry)
    assert figures["claims_total"]["value"] == len(results)
    counts = [figures[key]["value"] for key in ledger.VERDICT_KEYS.values()]
    assert sum(counts) == len(results)
    assert figures["claims_differs"]["value"] == int((results["verdict"] == ledger.DIFFERS).sum())
    assert figures["claims_total"]["period"] == "2016-2021"
    assert sum(figures["claims_by_paper"]["value"].values()) == len(results)


def test_ledger_table(results):
    full = ledger.ledger_table(results=results)
    assert len(full) == len(results)
    assert set(full["badge_class"]) == set(ledger.BADGE_CLASS.values())
    assert (full["badge_class"] == full["verdict"].map(ledger.BADGE_CLASS)).all()
    # grouped by paper, in file order
    papers = full["paper"].drop_duplicates().tolist()
    # Felbab-Brown's two claims are qualitative (kept apart): four papers have numerical claims
    assert len(papers) == 4 and papers[0].startswith("Stephanie Leutert")
    one = ledger.ledger_table("000_35763cfbbb763f72.txt", results=results)
    assert len(one) == int((results["paper"] == "000_35763cfbbb763f72.txt").sum())
    with pytest.raises(ValueError, match="not in the ledger"):
        ledger.ledger_table("999_nope.txt", results=results)



def test_one_literature_rule_in_the_ledger_the_extraditions_report_and_the_index(results):
    # TPPF's 2013 count (54) is the only 2013 figure in data/extraditions.csv: the ledger refuses it as evidence
    # for the paper's own claim; the extraditions report and the index keep it and mark it literature-sourced
    from mxsec.analysis.cooperation_index import indicators
    from mxsec.analysis.extraditions import compute as ex
    from mxsec.data.sources import literature_source_ids

    paper = "tppf_davidson_us_mexico_border_security_cooperation_paper_202004"
    assert paper in literature_source_ids()
    assert by_id(results, "davidson_extraditions_2012_2013")["verdict_2"] == ledger.NOT_CHECKABLE
    annual = ex.annual_table(ex.select_series(load("extraditions")), 2010, 2015)
    assert annual.set_index("year")["literature"].to_dict() == {2010: False, 2011: False, 2012: False, 2013: True,
                                                               2014: False, 2015: False}
    frame = indicators.judicial_frame(load("extraditions"), load("administrations"), 2012, 2014)
    assert frame["mx_us_literature"].tolist() == [False, True, False]
    figures = ex.key_figures()
    assert f"literature-sourced figure (source: {paper}" in figures["total_by_administration"]["note"]


def test_the_three_reports_publish_the_same_literature_mark():
    # the data behind the published charts (reports/): the overview's timeline, the extraditions report's annual
    # chart and the cooperation index's pillars and fan charts mark the same year, 2013, and only it: the one
    # figure in their window whose only source is a paper (TPPF's 54 extraditions)
    from mxsec.paths import reports_dir

    def marked(name, column="year"):
        frame = pd.read_csv(reports_dir() / name)
        assert frame["literature_sourced"].dtype == bool, name
        return set(frame.loc[frame["literature_sourced"], column].astype(str).str[:4])

    assert marked("overview/timeline.csv") == {"2013"}
    assert marked("extraditions/extraditions-annual.csv") == {"2013"}
    assert marked("cooperation_index/pillars.csv") == {"2013"}
    assert marked("cooperation_index/index-fan.csv") == {"2013"}
    pillars = pd.read_csv(reports_dir() / "cooperation_index/pillars.csv")
    assert set(pillars.loc[pillars["literature_sourced"], "pillar"]) == {"judicial"}
    for report in ("overview", "extraditions", "cooperation_index"):
        html = (reports_dir() / f"{report}.html").read_text()
        assert "A square marks" in html and "only source is a paper of the literature" in html, report


def test_the_literature_mark_reaches_the_charts():
    # the same 2013 figure is drawn with the literature mark in the extraditions report and the overview timeline,
    # and the charts' CSVs say so
    from mxsec.analysis.extraditions import compute as ex, plots as ex_plots
    from mxsec.analysis.overview import compute as ov

    chart = ex_plots.annual_chart(ex.build(start_year=2010, end_year=2015))
    marked = chart.data[chart.data["literature_sourced"]]
    assert set(marked["year"]) == {2013} and set(marked["persons"]) == {54}
    assert "A square marks 2013" in chart.caption
    timeline = ov.timeline_data(ov.timeline(2010, 2015))
    marked = timeline[timeline["literature_sourced"]]
    assert marked[["panel", "year", "value"]].values.tolist() == [["extraditions", "2013", 54.0]]


def test_reference_figures_settle_lengths_and_deployments(results):
    # data/reference_figures.csv: the boundary commission's 1,954 miles (quoted by The Arizona Republic) settles the
    # two papers' border lengths one each way at the exact-figure tolerance (0.5%): Ríos's 1,951 (+0.2%) is
    # consistent, Isacson and Brewer's 1,970 (-0.8%) differs; the km row (CILA, 3,142 km) is another unit, never
    # converted. AP's 6,500 for Michoacán is the preferred row; El País's and the Union-Tribune's 7,000 are not
    rios, isacson = by_id(results, "rios_border_length"), by_id(results, "isacson_border_length")
    assert (rios["verdict"], rios["data_value"]) == (ledger.CONSISTENT, 1954)
    assert (isacson["verdict"], isacson["data_value"]) == (ledger.DIFFERS, 1954)
    assert isacson["difference_rel"] == pytest.approx((1954 - 1970) / 1970)
    michoacan = by_id(results, "davidson_michoacan_troops_2006")
    assert (michoacan["verdict"], michoacan["data_value"]) == (ledger.CONSISTENT, 6500)
    assert michoacan["matched_source_ids"] == ("foxnews_ap_mexico_sends_6500_troops_20061212",)
    assert by_id(results, "davidson_national_guard_2019")["verdict"] == ledger.CONSISTENT
    reference = load("reference_figures")
    assert reference.groupby(["figure", "scope", "unit"])["preferred"].sum().eq(1).all()


def test_a_ceiling_is_one_sided_and_names_its_scope(results, table):
    # Davidson's impunity "as high as 95 percent": UDLAP's IGI-MEX 2016 gives about 95% of recorded crimes without a
    # conviction (consistent: at most the figure, no tolerance); counting unreported crimes it gives 99%, which the
    # ceiling does not allow, so the verdict rests on the natural reading and says which scopes were also tested
    impunity = by_id(results, "davidson_impunity_95pct")
    assert (impunity["verdict"], impunity["data_value"], impunity["comparison"]) == (ledger.CONSISTENT, 95, "lte")
    assert "also tested on scope: intentional homicide; scope: all crimes, reported or not" in impunity["explanation"]

    def change(name, frame):
        if name != "reference_figures":
            return frame
        return set_value(frame, (frame["figure"] == "impunity_rate") & (frame["scope"] == "recorded_crimes"), "value", 96)

    above = by_id(ledger.evaluate(table, tables_with(change)), "davidson_impunity_95pct")
    # 96% breaks the ceiling; Impunidad Cero's 89% for homicide (2018) still satisfies it, on another scope
    assert above["verdict"] == ledger.NON_PREFERRED and above["data_value"] == 89


def test_one_off_figures_of_other_regions_and_withholdings(results):
    # the FY2016 request for Central America ($1 billion, AP on the day it was sent) and the FY2014 withholding
    # ($5 million in every report of October 2015, against Ríos's $5.5 million: -9.1%, outside 5%)
    request = by_id(results, "leutert_central_america_request_fy2016")
    assert (request["verdict"], request["data_value"]) == (ledger.CONSISTENT, 1_000_000_000)
    withheld = by_id(results, "rios_fy2014_withheld")
    assert (withheld["verdict"], withheld["data_value"]) == (ledger.DIFFERS, 5_000_000)
    assert withheld["difference_rel"] == pytest.approx(-0.5 / 5.5)


def test_missing_figures_list_every_undecided_claim(results):
    # `mxsec data missing` prints this list: each not-checkable claim, what it lacks and where that is published
    missing = ledger.missing_figures(results)
    assert set(missing["claim_id"]) == set(results.loc[results["verdict"] == ledger.NOT_CHECKABLE, "claim_id"])
    assert missing["missing"].str.contains("published").all()
    assert not missing["missing"].str.startswith("Missing").any()
    row = missing.set_index("claim_id").loc["davidson_extraditions_2012_2013"]
    assert (row["period"], row["table"]) == ("2012, 2013", "extraditions")
    assert "Informe de Labores 2013-2014" in row["missing"]


def test_a_reading_may_test_the_stated_totals_of_another_table(results, table):
    # Isacson and Brewer's "about $2.5 billion" to Mexico's forces since 2008 is read as their "what Mexico's forces
    # got in 2010": the funding report's security assistance, obligated, FY2008-FY2020 summed ($3.50 billion, +40%);
    # the stated Mérida totals are readings in us_assistance_periods: enacted $3.1 billion (CRS, +24%); no delivered
    # total for the span exists, so nothing in data/ supports the claim
    row = by_id(results, "isacson_aid_since_2008")
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == pytest.approx(3_501_400_731)
    assert "$3.1 billion (Congressional Research Service (2020)) [stated total, data/us_assistance_periods.csv" \
        in row["explanation"]
    # a delivered total of $2.5 billion for the span would be agreement on a non-preferred stage, not plain consistency
    def change(name, frame):
        if name != "us_assistance_periods":
            return frame
        extra = frame[(frame["stage"] == "enacted") & (frame["end_fiscal_year"] == 2020)].assign(
            stage="delivered", value_usd=2_500_000_000)
        return pd.concat([frame, extra], ignore_index=True)

    delivered = by_id(ledger.evaluate(table, tables_with(change)), "isacson_aid_since_2008")
    assert delivered["verdict"] == ledger.NON_PREFERRED and delivered["data_value"] == 2_500_000_000


def test_a_reading_of_another_table_is_checked():
    readings = "table=us_assistance;program=merida|table=us_assistance_periods;colour=red"
    claim = custom_claim(readings=readings)
    problems = ledger.check_claims(claim, load)
    assert any("table 'us_assistance' is yearly" in p for p in problems)
    assert any("columns not in us_assistance_periods: ['colour']" in p for p in problems)


def test_most_numerical_claims_are_decided(results, table):
    # the bar: at least 30 of the 49 claims, and 65% of the numerical ones, have a computed verdict
    decided = results["verdict"].isin([ledger.CONSISTENT, ledger.NON_PREFERRED, ledger.DIFFERS])
    assert len(table) == 49 and len(results) == 47
    assert decided.sum() >= 30 and decided.mean() >= 0.65
