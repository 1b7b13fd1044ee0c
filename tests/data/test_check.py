"""``mxsec data check``: the coverage table shows the gaps of annual tables and of stated spans."""

import pandas as pd

from mxsec.data import check
from mxsec.data.check import coverage, run_check
from mxsec.data.schemas import TABLES


def test_annual_table_gaps_count_from_the_promised_first_year():
    frame = pd.DataFrame({"year": [1995, 2000, 2002], "source_id": ["a", "a", "b"]})
    row = coverage("extraditions", frame)  # the reports promise 1995 onwards
    assert row["years"] == "1995-2002"
    assert row["missing_years"] == "1996, 1997, 1998, 1999, 2001"
    assert row["rows"] == 3 and row["sources"] == 2


def test_stated_spans_cover_every_year_inside_them():
    frame = pd.DataFrame({"start_fiscal_year": [2008, 2015], "end_fiscal_year": [2010, 2016], "source_id": ["a", "b"]})
    row = coverage("us_assistance_periods", frame)
    assert row["years"] == "2008-2016"
    assert row["missing_years"] == "2011, 2012, 2013, 2014"
    dated = pd.DataFrame({"period_start": pd.to_datetime(["2000-12-01", "2003-01-01"]),
                          "period_end": pd.to_datetime(["2001-06-30", "2003-03-31"]), "source_id": ["a", "a"]})
    assert coverage("extraditions_periods", dated)["missing_years"] == "2002"


def test_check_of_the_committed_data_prints_the_real_gaps():
    lines = []
    assert run_check(lines.append) == 0
    table = "\n".join(lines)
    extraditions = next(line for line in table.splitlines() if line.strip().startswith("extraditions "))
    assert "1996, 1997, 1998, 1999, 2011, 2015, 2016, 2023, 2024" in extraditions
    assert f"all {len(TABLES)} tables valid; series integrity: no break without a flag" in table


# --- series integrity: small fixtures, one per rule -------------------------------------------

def _border(rows):
    columns = ["fiscal_year", "region", "measure", "agency", "authority", "value", "obs_status", "preferred", "source_id"]
    return pd.DataFrame(rows, columns=columns)


def test_a_break_column_that_changes_without_a_b_flag_fails():
    frame = _border([(2019, "southwest", "encounters", "usbp_ofo", "title_8", 977509, "A", True, "s"),
                     (2020, "southwest", "encounters", "usbp_ofo", "title_8_and_42", 458088, "A", True, "s")])
    problems = check.break_problems("border_apprehensions", frame)
    assert problems == ["border_apprehensions (fiscal_year=2020, region=southwest, measure=encounters, agency=usbp_ofo): "
                        "authority changes from ('title_8',) to ('title_8_and_42',) without a break flag (obs_status B)"]
    frame.loc[1, "obs_status"] = "B"
    assert check.break_problems("border_apprehensions", frame) == []


def test_a_full_period_value_stated_before_the_period_ended_fails_without_its_coverage():
    sources = pd.DataFrame({"source_id": ["early", "late"], "published": ["2008-12-30", "2009-11"]})
    frame = pd.DataFrame({"year": [2008, 2008], "direction": ["mx_to_us"] * 2, "mechanism": ["extradition"] * 2,
                          "scope": ["all_persons", "nationals_only"], "year_basis": ["calendar"] * 2, "months": [12, 12],
                          "persons": [85, 68], "obs_status": ["A", "A"], "preferred": [True, True],
                          "source_id": ["early", "late"]})
    problems = check.early_problems("extraditions", frame, sources)
    assert len(problems) == 1 and problems[0].startswith("extraditions (year=2008, source_id=early)")
    frame.loc[0, "obs_status"] = "P"  # provisional: said so
    assert check.early_problems("extraditions", frame, sources) == []
    frame.loc[0, ["obs_status", "months"]] = ["A", 11]  # or the months it covers
    assert check.early_problems("extraditions", frame, sources) == []


def test_monthly_checks_read_calendar_months():
    # a month's count stated before the month ended is early; a break between months needs its B flag
    sources = pd.DataFrame({"source_id": ["s"], "published": ["2025-01-16"]})
    frame = pd.DataFrame({"fiscal_year": [2023, 2023, 2025, 2025], "month": ["2023-05", "2023-06", "2024-12", "2025-01"],
                          "region": ["southwest"] * 4, "measure": ["encounters"] * 4, "agency": ["usbp"] * 4,
                          "authority": ["title_8_and_42", "title_8", "title_8", "title_8"],
                          "value": [171380, 99540, 10, 10], "obs_status": ["A"] * 4, "preferred": [True] * 4,
                          "source_id": ["s"] * 4})
    early = check.early_problems("border_encounters_monthly", frame, sources)
    assert len(early) == 1 and early[0].startswith("border_encounters_monthly (month=2025-01, source_id=s)")
    assert check.break_problems("border_encounters_monthly", frame) == [
        "border_encounters_monthly (month=2023-06, region=southwest, measure=encounters, agency=usbp): authority "
        "changes from ('title_8_and_42',) to ('title_8',) without a break flag (obs_status B)"]
    frame.loc[1, "obs_status"] = "B"
    assert check.break_problems("border_encounters_monthly", frame) == []


def test_a_zero_standing_for_a_missing_figure_fails():
    frame = pd.DataFrame({
        "year": [2007, 2007, 2015, 2016, 2017], "state_code": ["29", "29", "01", "01", "01"],
        "source": ["inegi", "sesnsp", "sesnsp", "sesnsp", "sesnsp"],
        "crime": ["intentional_homicide", "intentional_homicide", "feminicide", "feminicide", "feminicide"],
        "value": [36, 0, 0, 3, 0], "preferred": [True] * 5, "source_id": ["i", "old", "v", "v", "v"]})
    problems = check.zero_problems(frame)
    assert problems == [
        "homicides_state (year=2007, state_code=29, source_id=old): 0 intentional homicides where INEGI records 36 "
        "deaths: a missing figure stored as 0",
        "homicides_state (year=2015, state_code=01, source_id=v): feminicide 0 before the state's first reported "
        "feminicide: missing, not zero"]  # the 2017 zero follows a report: kept


def test_the_committed_data_passes_every_integrity_rule():
    from mxsec.data import TABLES, load

    assert check.integrity_problems({name: load(name) for name in TABLES}) == []
