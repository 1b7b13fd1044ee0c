"""``mxsec data check``: the coverage table shows the gaps of annual tables and of stated spans."""

import pandas as pd

from mxsec.data.check import coverage, run_check


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
    assert "all 18 tables valid" in table
