"""Headline series on the real data: one definition per period, every change of definition
flagged B, each definition still available as its own series."""

from __future__ import annotations

from mxsec.data import load
from mxsec.data.schemas import TABLES
from mxsec.data.series import HEADLINES, headline


def test_sesnsp_national_headline_breaks_once_in_2015():
    rows = headline("homicides_sesnsp", load("homicides_national")).set_index("year")
    assert rows.at[2014, "definition"] == "SESNSP case files (1997 classification)"
    assert rows.at[2015, "definition"] == "SESNSP victims (2015 methodology)"
    assert rows.index[rows["series_break"]].tolist() == [2015]
    assert rows.at[2015, "obs_status"] == "B" and rows.at[2015, "value"] == 17_884 and rows.at[2014, "value"] == 15_520
    assert rows.at[2018, "value"] == 33_742  # victims, not the double count
    # the old classification stays its own series, to 2017
    national = load("homicides_national")
    old = national[(national["method"] == "sesnsp_1997") & national["preferred"]]
    assert old["year"].max() == 2017 and int(old.loc[old["year"] == 2017, "value"].item()) == 25_339


def test_inegi_state_headline_breaks_in_2017_in_every_state():
    rows = headline("homicides_inegi_state", load("homicides_state"))
    breaks = rows[rows["series_break"]]
    assert set(breaks["year"]) == {2017} and breaks["state_code"].nunique() == 32
    assert set(breaks["obs_status"]) == {"B"}
    chihuahua = rows[rows["state_code"] == "08"].set_index("year")
    assert chihuahua.at[2016, "basis"] == "registration" and chihuahua.at[2017, "basis"] == "occurrence"


def test_extraditions_headline_flags_the_nationals_only_year():
    rows = headline("extraditions_mx_us", load("extraditions")).set_index("year")
    assert rows.at[2022, "scope"] == "nationals_only" and rows.at[2022, "persons"] == 78
    assert rows.at[2022, "obs_status"] == "B" and bool(rows.at[2022, "series_break"])
    assert rows.at[2012, "persons"] == 115 and rows.at[2012, "scope"] == "all_persons"
    assert rows.index.is_unique


def test_every_headline_draws_one_row_per_period():
    for spec in HEADLINES.values():
        rows = headline(spec.name, load(spec.table))
        assert not rows.duplicated([*spec.by, *TABLES[spec.table].period]).any(), spec.name
        assert len(rows) > 0, spec.name
