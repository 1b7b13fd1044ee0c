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
    thresholds = table[table["comparison"].isin(["gte", "lte"])]
    assert (thresholds["tolerance_rel"] == 0).all()
    approx = table[table["comparison"] == "approx"]
    assert set(approx.loc[approx["unit"] != "year", "tolerance_rel"]) <= {0.005, 0.05, 0.15}
    assert (approx.loc[approx["unit"] == "year", "tolerance_rel"] == 0).all()
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
    assert len(results) == len(table)
    assert results["verdict"].isin(ledger.VERDICTS).all()
    assert results["explanation"].str.len().gt(20).all()
    assert not results["explanation"].str.contains("ambiguous").any()
    # a claim with no test table is never anything but not checkable
    untested = results["claim_id"].isin(table.loc[table["test_table"].isna(), "claim_id"])
    assert (results.loc[untested, "verdict"] == ledger.NOT_CHECKABLE).all()


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
    assert "source=sesnsp, measure=case_files" in row["explanation"]
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


def test_merida_fy2010_differs(results):
    # data/us_assistance.csv: FY2010 merida enacted, preferred 210,300,000 (crs_rl32724_20100203);
    # the paper's own $639 million row (tppf_davidson_202004) is not evidence for its claim
    row = by_id(results, "davidson_merida_peak_fy2010")
    assert row["verdict"] == ledger.DIFFERS
    assert row["data_value"] == 210_300_000
    assert row["difference_rel"] == pytest.approx(210.3 / 639 - 1)
    assert "tppf_davidson_202004" not in row["matched_source_ids"]


def test_apprehensions_2018_match_encounters(results):
    # data/border_apprehensions.csv FY2018 southwest: apprehensions 396,579 (preferred), encounters 521,090;
    # FY2019 apprehensions 851,508 (within 15% of "nearly a million")
    row = by_id(results, "davidson_apprehensions_2018_2019")
    assert row["verdict"] == ledger.NON_PREFERRED
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.NON_PREFERRED, ledger.CONSISTENT)
    assert (row["data_value"], row["data_value_2"], row["preferred_value"]) == (521090, 851508, 396579)
    assert "measure=encounters" in row["explanation"]


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


def test_honest_gaps_are_not_checkable(results):
    for claim_id in ("davidson_vetted_2012", "davidson_extraditions_1995_2000", "isacson_section_333_2019"):
        assert by_id(results, claim_id)["verdict"] == ledger.NOT_CHECKABLE, claim_id
    assert "for 1996-1999 (span 1995-2000 incomplete)" in by_id(results, "davidson_extraditions_1995_2000")["explanation"]


def test_a_change_claim_with_one_missing_figure_is_not_checkable(results):
    # Mérida FY2008 $400 million is in data/ (consistent); FY2007 has no Mérida row
    row = by_id(results, "davidson_merida_fy2007_fy2008")
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.NOT_CHECKABLE, ledger.CONSISTENT)
    assert row["verdict"] == ledger.NOT_CHECKABLE
    assert row["data_value_2"] == 400_000_000


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
    assert (row["verdict_1"], row["verdict_2"]) == (ledger.DIFFERS, ledger.NON_PREFERRED)
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
    assert "tppf_davidson_us_mexico_border_security_cooperation_paper_202004" in row["explanation"]


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
    assert len(papers) == 5 and papers[0].startswith("Stephanie Leutert")
    one = ledger.ledger_table("000_35763cfbbb763f72.txt", results=results)
    assert len(one) == int((results["paper"] == "000_35763cfbbb763f72.txt").sum())
    with pytest.raises(ValueError, match="not in the ledger"):
        ledger.ledger_table("999_nope.txt", results=results)

