"""Calendar years and administrations (mxsec.analysis.periods).

Term dates are those of data/administrations.csv (checked by hand): Mexican terms start on
1 December (Zedillo 1994-12-01 ... Peña Nieto 2012-12-01, López Obrador 2018-12-01) until the
2024 change to 1 October (López Obrador ends 2024-09-30, Sheinbaum starts 2024-10-01, open).
"""

import pandas as pd
import pytest

from mxsec.analysis import periods
from mxsec.data import load


@pytest.fixture(scope="module")
def administrations():
    return load("administrations")


def synthetic(*terms):
    """A small administrations table: (name, start, end) with end None for an open term."""
    return pd.DataFrame({
        "country": "MX", "name": [t[0] for t in terms], "party": "X",
        "start": pd.to_datetime([t[1] for t in terms]),
        "end": pd.to_datetime([t[2] for t in terms]),
    })


@pytest.mark.parametrize("year, name", [
    (1995, "Ernesto Zedillo"),
    (2000, "Ernesto Zedillo"),  # Fox from 1 Dec 2000: one month against eleven
    (2001, "Vicente Fox"),
    (2006, "Vicente Fox"),
    (2007, "Felipe Calderón"),
    (2012, "Felipe Calderón"),
    (2013, "Enrique Peña Nieto"),
    (2018, "Enrique Peña Nieto"),
    (2019, "Andrés Manuel López Obrador"),
    (2024, "Andrés Manuel López Obrador"),  # 1 Oct change: 274 days against 92
    (2025, "Claudia Sheinbaum"),
])
def test_majority_of_year_rule_mexico(administrations, year, name):
    assert periods.administration_for_year(year, administrations) == name


def test_year_before_first_term_in_table_has_no_administration(administrations):
    # Salinas (first MX term in the table) starts 1988-12-01: 1988 belonged to a president not in the table.
    assert periods.administration_for_year(1988, administrations) is None
    assert periods.administration_for_year(1989, administrations) == "Carlos Salinas de Gortari"


def test_united_states_inauguration_year_goes_to_incoming(administrations):
    assert periods.administration_for_year(2009, administrations, country="US") == "Barack Obama"
    assert periods.administration_for_year(2017, administrations, country="US") == "Donald Trump"
    assert periods.administration_for_year(2021, administrations, country="US") == "Joe Biden"


def test_mid_year_change_goes_to_whoever_holds_most_days():
    table = synthetic(("Old", "2015-01-01", "2021-05-31"), ("New", "2021-06-01", None))
    # 2021: Old has 151 days, New 214.
    assert periods.administration_for_year(2021, table) == "New"
    table = synthetic(("Old", "2015-01-01", "2021-08-31"), ("New", "2021-09-01", None))
    assert periods.administration_for_year(2021, table) == "Old"


def test_exact_tie_goes_to_outgoing_administration():
    # 2020 is a leap year: 1 Jan - 1 Jul = 183 days, 2 Jul - 31 Dec = 183 days.
    table = synthetic(("Outgoing", "2014-01-01", "2020-07-01"), ("Incoming", "2020-07-02", None))
    assert periods.days_covered("2014-01-01", "2020-07-01", 2020) == 183
    assert periods.days_covered("2020-07-02", None, 2020) == 183
    assert periods.administration_for_year(2020, table) == "Outgoing"


def test_assign_administrations_series(administrations):
    assigned = periods.assign_administrations([2000, 2012, 2018, 2024], administrations)
    assert list(assigned) == ["Ernesto Zedillo", "Felipe Calderón", "Enrique Peña Nieto", "Andrés Manuel López Obrador"]
    assert list(assigned.index) == [2000, 2012, 2018, 2024]


def test_administration_years(administrations):
    terms = periods.administration_years(administrations, through_year=2026).set_index("name")
    assert terms.at["Felipe Calderón", "years"] == [2007, 2008, 2009, 2010, 2011, 2012]
    # The shortened 2018-2024 term still holds six calendar years under the majority rule.
    assert terms.at["Andrés Manuel López Obrador", "years"] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert terms.at["Claudia Sheinbaum", "years"] == [2025, 2026]
    assert terms.at["Ernesto Zedillo", "n_years"] == 6
    # Every calendar year from 1989 to 2026 belongs to exactly one term.
    all_years = [y for ys in terms["years"] for y in ys]
    assert sorted(all_years) == list(range(1989, 2027))


def test_open_term_closes_at_through_year(administrations):
    terms = periods.administration_years(administrations, through_year=2025).set_index("name")
    assert terms.at["Claudia Sheinbaum", "years"] == [2025]
    terms = periods.administration_years(administrations, through_year=2024).set_index("name")
    assert terms.at["Claudia Sheinbaum", "years"] == []
    assert pd.isna(terms.at["Claudia Sheinbaum", "first_year"])


def test_first_full_years():
    assert periods.first_full_years("2006-12-01", "2012-11-30") == [2007, 2008]
    assert periods.first_full_years("2018-12-01", "2024-09-30") == [2019, 2020]
    assert periods.first_full_years("2024-10-01", None) == [2025, 2026]
    # A term starting on 1 January counts its first year.
    assert periods.first_full_years("2021-01-01", "2026-12-31", n=3) == [2021, 2022, 2023]


def test_full_calendar_years_needs_through_year_for_open_span():
    with pytest.raises(ValueError):
        periods.full_calendar_years("2024-10-01", None)
    assert periods.full_calendar_years("2024-10-01", None, through_year=2026) == [2025, 2026]


def test_span_years():
    # A December-November term window covers the later calendar years; its December is an offset.
    assert periods.span_years("2000-12-01", "2006-11-30") == {"covered": [2001, 2002, 2003, 2004, 2005, 2006],
                                                               "offset": [2000], "partial": []}
    # To 5 Aug 2011 cuts 2011 (217 days).
    assert periods.span_years("2006-12-01", "2011-08-05")["partial"] == [2011]
    assert periods.span_years("2015-01-01", "2015-04-30") == {"covered": [], "offset": [], "partial": [2015]}
    # Leap year: 1 Jan - 30 Nov 2008 is 335 days, still "covered".
    assert periods.span_years("2006-12-01", "2008-11-30")["covered"] == [2007, 2008]


def test_administration_for_span(administrations):
    assert periods.administration_for_span("2000-12-01", "2006-11-30", administrations) == "Vicente Fox"
    assert periods.administration_for_span("2001-01-01", "2006-12-31", administrations) == "Vicente Fox"
    # 2000-2020 spans four terms, none for most of it.
    assert periods.administration_for_span("2000-01-01", "2020-12-31", administrations) is None
    assert periods.administration_for_span("2025-02-27", "2025-02-27", administrations) == "Claudia Sheinbaum"


def test_format_year_ranges():
    assert periods.format_year_ranges([1995, 1996, 1997, 1998, 1999, 2010, 2011, 2014, 2023]) == "1995–1999, 2010–2011, 2014, 2023"
    assert periods.format_year_ranges([]) == ""
    assert periods.format_year_ranges([2022, 2022]) == "2022"
    assert periods.format_year_ranges([2013, 2011, 2014, 2015], prefix="FY") == "FY2011, FY2013–FY2015"


def test_short_names_come_from_the_table(administrations):
    assert periods.short_name("Enrique Peña Nieto", administrations) == "Peña Nieto"
    assert periods.short_name("Andrés Manuel López Obrador", administrations) == "López Obrador"
    assert periods.short_name("George W. Bush", administrations) == "G. W. Bush"
    assert periods.short_name("George H. W. Bush", administrations) == "G. H. W. Bush"
    with pytest.raises(KeyError, match="no administration named 'Nobody'"):
        periods.short_name("Nobody", administrations)
    terms = periods.administration_years(administrations, "MX", through_year=2025)
    assert terms.set_index("name").loc["Felipe Calderón", "short_name"] == "Calderón"

def test_decimal_year():
    assert periods.decimal_year("2006-12-01") == pytest.approx(2006 + 334 / 365)
    assert periods.decimal_year("2024-01-01") == 2024.0
    assert periods.decimal_year("2024-07-01") == pytest.approx(2024 + 182 / 366)
