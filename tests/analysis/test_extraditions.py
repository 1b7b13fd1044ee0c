"""Extraditions report (mxsec.analysis.extraditions: compute, text, tables, plots).

Values checked by hand in data/extraditions.csv and data/extraditions_periods.csv:
- mx_to_us preferred, all persons: 2001 17, 2002 25, 2003 31, 2004 34, 2005 41 (AP relaying DOJ),
  2006 63 (ONDCP), 2007 83 (ONDCP), 2008 95 (VOA; the Embassy's 85 of 30 Dec is not preferred),
  2009 107 (Washington Post), 2010 94 (EFE), 2012 115 (AP citing CRS; TPPF gives the same),
  2013 54 (TPPF), 2014 66 (AP via CounterVortex), 2017 57, 2018 69, 2019 58 (NYT), 2020 60, 2021 43 (Zeta);
  1995 4 (Chicago Tribune); 2022 78 is preferred but counts Mexican nationals only (El Mañana).
  No row at all for 1996-1999, 2011, 2015, 2016, 2023-2026.
- U.S. Embassy (usembassy_mx_pr_extraditions_record_year_20081230): 2007 83, 2008 85 all persons and
  68 nationals only; us_to_mx 2006 25 and 2008 32.
- Transfers: preferred 2025 row 55 (Infobae); dated single-day rows 29 on 2025-02-27 (3 sources),
  26 on 2025-08-12 (2 sources), 37 on 2026-01-20 (3 sources).
- Stated totals: Fox 1 Dec 2000 - 30 Nov 2006, 160 (InSight Crime); Calderón first two years
  1 Dec 2006 - 30 Nov 2008, 179 (Expansión); López Obrador first 24 months 82 (Expansión);
  2019-2021, 161 (Zeta).
"""

import pandas as pd
import pytest

from mxsec.analysis import extraditions as ex
from mxsec.report import Table

EMBASSY = "usembassy_mx_pr_extraditions_record_year_20081230"
EL_MANANA = "elmanana_eluniversal_extradicion_a_la_baja_202312"


@pytest.fixture(scope="module")
def tables():
    return ex.load_tables()


@pytest.fixture(scope="module")
def default(tables):
    return ex.build(tables=tables)


def by_year(frame, column="persons"):
    return {int(y): (None if pd.isna(v) else v) for y, v in zip(frame["year"], frame[column])}


# --------------------------------------------------------------------------- source selection


def test_preferred_series_values(tables):
    series = ex.select_series(tables["extraditions"])
    values = by_year(series)
    assert values[2008] == 95  # VOA/DOJ year-end count, preferred over the Embassy's 85
    assert values[2012] == 115 and values[2013] == 54
    assert values[1995] == 4 and values[2010] == 94 and values[2014] == 66
    assert 2011 not in values and 2015 not in values
    assert series.set_index("year").at[2022, "scope"] == "nationals_only"


def test_all_computes_with_the_preferred_rows(tables):
    pd.testing.assert_frame_equal(ex.select_series(tables["extraditions"], source="all"),
                                  ex.select_series(tables["extraditions"], source="preferred"))


def test_single_source_prefers_all_persons_over_nationals(tables):
    series = ex.select_series(tables["extraditions"], source=EMBASSY).set_index("year")
    # The Embassy gives 85 (all persons) and 68 (Mexican citizens) for 2008: all persons is used.
    assert int(series.at[2008, "persons"]) == 85
    assert series.at[2008, "scope"] == "all_persons"
    assert list(series.index) == [2007, 2008]
    assert by_year(ex.select_series(tables["extraditions"], "us_to_mx", source=EMBASSY)) == {2006: 25, 2008: 32}


def test_single_source_with_only_nationals(tables):
    series = ex.select_series(tables["extraditions"], source=EL_MANANA).set_index("year")
    assert {int(y): int(v) for y, v in series["persons"].items()} == {2019: 53, 2020: 56, 2021: 37, 2022: 78}
    assert set(series["scope"]) == {"nationals_only"}


def test_unknown_source_and_direction_are_rejected(tables):
    with pytest.raises(ValueError, match="source"):
        ex.select_series(tables["extraditions"], source="no_such_source")
    with pytest.raises(ValueError, match="direction"):
        ex.select_series(tables["extraditions"], direction="north")
    with pytest.raises(ValueError, match="end_year"):
        ex.build(start_year=2020, end_year=2010, tables=tables)


def test_source_spread_flags_disagreement(tables):
    spread = ex.source_spread(tables["extraditions"]).set_index("year")
    assert spread.at[2008, "all_persons"] == "85, 95"
    assert spread.at[2008, "nationals_only"] == "68"
    assert bool(spread.at[2008, "disagree"])
    assert not bool(spread.at[2006, "disagree"])  # 63 from three sources, 47 nationals is another scope
    assert spread.at[2006, "n_sources"] == 4


# --------------------------------------------------------------------------- annual table and gaps


def test_annual_table_gaps_stay_gaps(default):
    annual = default.annual.set_index("year")
    assert pd.isna(annual.at[2011, "persons"]) and annual.at[2011, "status"] == "no figure"
    assert int(annual.at[2009, "persons"]) == 107
    assert ex.gap_years(default.annual) == [1996, 1997, 1998, 1999, 2011, 2015, 2016, 2023, 2024, 2025, 2026]
    assert annual.at[2000, "administration"] == "Ernesto Zedillo"
    assert annual.at[2024, "administration"] == "Andrés Manuel López Obrador"


def test_partial_year_is_shown_but_never_counted(tables):
    extra = pd.DataFrame([{"year": 2011, "direction": "mx_to_us", "mechanism": "extradition", "scope": "all_persons",
                           "year_basis": "calendar", "months": 6, "persons": 50, "obs_status": "A", "preferred": True,
                           "source_id": "test_partial", "locator": None, "note": None}])
    ext = pd.concat([tables["extraditions"], extra.astype(tables["extraditions"].dtypes.to_dict())], ignore_index=True)
    series = ex.select_series(ext)
    annual = ex.annual_table(series, 2005, 2013).set_index("year")
    assert annual.at[2011, "status"] == "partial year (6 months)"
    assert int(annual.at[2011, "reported"]) == 50
    assert pd.isna(annual.at[2011, "persons"])
    totals = ex.administration_totals(series, tables["administrations"], 2007, 2012).set_index("short")
    assert totals.at["Calderón", "missing_years"] == [2011]  # the 6-month figure does not fill 2011


def test_transfers_never_enter_extraditions(default):
    # 2025 has a preferred transfer row (55) but no extradition figure.
    assert pd.isna(default.annual.set_index("year").at[2025, "persons"])
    assert default.totals.set_index("short").at["Sheinbaum", "persons_with_data"] == 0


# --------------------------------------------------------------------------- administrations


def test_administration_totals_complete_and_average(default):
    totals = default.totals.set_index("short")
    fox = totals.loc["Fox"]
    assert fox["years"] == [2001, 2002, 2003, 2004, 2005, 2006]
    assert bool(fox["complete"])
    assert int(fox["persons"]) == 17 + 25 + 31 + 34 + 41 + 63 == 211
    assert fox["average_per_year"] == pytest.approx(211 / 6)
    assert fox["total_text"] == "211"


def test_administration_totals_incomplete_are_never_a_bare_number(default):
    calderon = default.totals.set_index("short").loc["Calderón"]
    assert not bool(calderon["complete"])
    assert pd.isna(calderon["persons"])
    assert pd.isna(calderon["average_per_year"])
    assert calderon["missing_years"] == [2011]
    assert calderon["persons_with_data"] == 83 + 95 + 107 + 94 + 115
    assert calderon["total_text"] == "incomplete (5 of 6 years)"
    assert calderon["average_text"] == "98.8 over 5 years with data"
    printed = ex.tables.administration_table(default).data.set_index("Administration")
    assert printed.at["Calderón", "Total (persons)"] == "incomplete (5 of 6 years)"
    assert printed.at["Calderón", "Missing years"] == "2011"


def test_removing_one_year_turns_a_total_into_incomplete(tables):
    """A total is not computed from years with missing data without saying so."""
    series = ex.select_series(tables["extraditions"])
    series = series[series["year"] != 2003]
    fox = ex.administration_totals(series, tables["administrations"]).set_index("short").loc["Fox"]
    assert not bool(fox["complete"])
    assert pd.isna(fox["persons"])
    assert fox["persons_with_data"] == 211 - 31
    assert fox["missing_years"] == [2003]
    assert fox["total_text"] == "incomplete (5 of 6 years)"
    assert "180" not in fox["total_text"]


def test_nationals_only_years_are_flagged(default):
    amlo = default.totals.set_index("short").loc["López Obrador"]
    assert amlo["nationals_only_years"] == [2022]
    assert amlo["missing_years"] == [2023, 2024]
    # two scopes are never added: 2022 counts Mexican nationals only (78) and stays out of the sum
    assert amlo["persons_with_data"] == 58 + 60 + 43 and amlo["years_with_data"] == 3
    assert amlo["total_text"] == "incomplete (3 of 6 years); 2022 counts nationals only, not added"
    assert amlo["average_text"] == "53.7 over 3 years with data"


def test_window_keeps_whole_terms(tables):
    r = ex.build(start_year=2015, end_year=2026, tables=tables)
    totals = r.totals.set_index("short")
    assert list(totals.index) == ["Peña Nieto", "López Obrador", "Sheinbaum"]
    assert totals.at["Peña Nieto", "years"] == [2013, 2014, 2015, 2016, 2017, 2018]
    assert totals.at["Peña Nieto", "persons_with_data"] == 54 + 66 + 57 + 69


def test_first_two_years(default):
    first = default.first_years.set_index("administration")
    assert first.at["Calderón", "years"] == [2007, 2008]
    assert int(first.at["Calderón", "persons"]) == 83 + 95
    assert int(first.at["Calderón", "stated"]) == 179
    assert int(first.at["López Obrador", "persons"]) == 58 + 60
    assert int(first.at["López Obrador", "stated"]) == 82
    # 2013 (TPPF) + 2014 (AP) agree with Expansión's stated 120 for Peña Nieto's first two years
    assert int(first.at["Peña Nieto", "persons"]) == 54 + 66 == int(first.at["Peña Nieto", "stated"]) == 120
    assert first.at["Sheinbaum", "years"] == [2025, 2026]


def test_stated_comparison(default):
    st = default.stated.set_index(["period_start", "source_id"])
    fox = st.loc[(pd.Timestamp("2000-12-01"), "insightcrime_extraditions_calderon_20111212")]
    assert int(fox["computed"]) == 211 and int(fox["difference"]) == 160 - 211
    zeta = st.loc[(pd.Timestamp("2019-01-01"), "zeta_amlo_menos_extradiciones_van_161_202203")]
    assert int(zeta["computed"]) == 161 and int(zeta["difference"]) == 0 and bool(zeta["same_source"])
    nationals = st.loc[(pd.Timestamp("2001-01-01"), EL_MANANA)]
    assert pd.isna(nationals["computed"]) and nationals["comparison"] == "not comparable: nationals only"
    cut = st.loc[(pd.Timestamp("2006-12-01"), "insightcrime_extraditions_calderon_20111212")]
    assert cut["comparison"] == "not comparable: span cuts 2011"
    whole = st.loc[(pd.Timestamp("2000-01-01"), "expansion_amlo_menos_extradiciones_20210208")]
    assert whole["comparison"] == "incomplete (18 of 21 years)" and whole["administration"] == "several"


# --------------------------------------------------------------------------- transfers


def test_transfer_events_and_annual(default, tables):
    events = default.transfer_events.set_index("date")
    assert int(events.at[pd.Timestamp("2025-02-27"), "persons"]) == 29
    assert events.at[pd.Timestamp("2025-02-27"), "n_sources"] == 3
    assert int(events.at[pd.Timestamp("2025-08-12"), "persons"]) == 26
    annual = default.transfers.set_index("year")
    assert int(annual.at[2025, "persons"]) == 55 and not bool(annual.at[2025, "partial"])
    assert int(annual.at[2026, "persons"]) == 37 and bool(annual.at[2026, "partial"])
    assert annual.at[2026, "basis"] == "sum of dated transfers to 20 Jan 2026"


def test_transfer_disagreement_is_not_summed(tables):
    extra = pd.DataFrame([{"period_start": pd.Timestamp("2026-01-20"), "period_end": pd.Timestamp("2026-01-20"),
                           "direction": "mx_to_us", "mechanism": "transfer", "scope": "all_persons", "persons": 36, "obs_status": "A",
                           "source_id": "test_other", "locator": None, "note": None}])
    per = pd.concat([tables["extraditions_periods"], extra.astype(tables["extraditions_periods"].dtypes.to_dict())],
                    ignore_index=True)
    events = ex.transfer_events(per).set_index("date")
    assert not bool(events.at[pd.Timestamp("2026-01-20"), "agree"])
    assert pd.isna(events.at[pd.Timestamp("2026-01-20"), "persons"])
    annual = ex.transfer_annual(tables["extraditions"], per).set_index("year")
    assert pd.isna(annual.at[2026, "persons"])


def test_stated_transfer_totals_match_dated_transfers(default):
    stated = default.transfer_stated.set_index("stated")
    assert stated.at[92, "check"] == "equals the dated transfers"  # 29 + 26 + 37
    assert "mixes extraditions and transfers" in stated.at[75, "check"]


# --------------------------------------------------------------------------- key figures


def test_key_figures_default(default):
    kf = ex.key_figures(default)
    for name, entry in kf.items():
        scoped = ({"scope", "obs_status"} if name in ("peak_persons", "latest_persons")
                  else {"obs_status"} if name in ("peak_year", "latest_year") else set())
        assert set(entry) == {"value", "unit", "period", "source_ids", "note"} | scoped
    assert kf["peak_year"]["value"] == 2012 and kf["peak_persons"]["value"] == 115
    assert kf["peak_persons"]["scope"] == "all_persons" and kf["latest_persons"]["scope"] == "nationals_only"
    # 2022, the latest full year, is the headline's break: it counts Mexican nationals only
    assert kf["peak_persons"]["obs_status"] == "A" and kf["latest_persons"]["obs_status"] == "B"
    assert "among the 20 years with a full-year figure counting all persons" in kf["peak_year"]["note"]
    assert kf["latest_year"]["value"] == 2022 and kf["latest_persons"]["value"] == 78
    assert "nationals only" in kf["latest_persons"]["note"]
    assert kf["transfers_2025_persons"]["value"] == 55
    assert kf["transfers_2025_persons"]["source_ids"] == ["infobae_sheinbaum_descarta_mas_envios_20251208"]
    assert "preferred 2025 transfer row" in kf["transfers_2025_persons"]["note"]
    admin = kf["total_by_administration"]["value"]
    assert admin["Fox"] == {"persons": 211, "persons_with_data": 211, "years_with_data": 6, "years_in_span": 6,
                            "complete": True, "first_year": 2001, "last_year": 2006, "missing_years": [],
                            "nationals_only_years": [], "average_per_year": 35.17}
    assert admin["Calderón"]["persons"] is None and admin["Calderón"]["complete"] is False
    assert admin["Calderón"]["years_with_data"] == 5 and admin["Calderón"]["years_in_span"] == 6
    assert kf["first_two_full_years_by_administration"]["value"]["Calderón"]["persons"] == 178


def test_key_figures_defaults_reproduce_default_edition(default):
    assert ex.key_figures() == ex.key_figures(default)


def test_transfers_2025_falls_back_to_dated_transfers(tables):
    ext = tables["extraditions"]
    ext = ext[~((ext["mechanism"] == "transfer") & (ext["year"] == 2025))]
    r = ex.build(tables=dict(tables, extraditions=ext))
    kf = ex.key_figures(r)["transfers_2025_persons"]
    assert kf["value"] == 29 + 26
    assert kf["note"].startswith("No annual 2025 transfer row")


def test_us_to_mx_edition(tables):
    r = ex.build(direction="us_to_mx", tables=tables)
    assert by_year(r.annual[r.annual["persons"].notna()]) == {2006: 25, 2008: 32}
    kf = ex.key_figures(r)
    assert kf["peak_persons"]["value"] == 32 and kf["transfers_2025_persons"]["value"] is None
    assert len(r.transfers) == 0 and len(r.transfer_events) == 0
    assert "none recorded" in "\n".join(ex.text.data_gaps(r))


def test_single_source_edition_key_figures(tables):
    r = ex.build(source=EMBASSY, tables=tables)
    kf = ex.key_figures(r)
    assert kf["peak_persons"]["value"] == 85 and kf["peak_year"]["value"] == 2008
    assert kf["total_by_administration"]["value"]["Calderón"]["persons_with_data"] == 83 + 85


# --------------------------------------------------------------------------- prose and charts


def test_findings_and_gaps_use_computed_values(default):
    text = ex.text.findings(default)
    assert "21 of the 32 calendar years" in text
    assert "from 115 in 2012 to 54 in 2013" in text
    assert "Fox (211 persons in 2001–2006, 35.2 a year)" in text
    assert "Calderón 5 of 6 years" in text
    gaps = "\n".join(ex.text.data_gaps(default))
    assert "1996–1999, 2011, 2015–2016, 2023–2026" in gaps
    assert "Calderón: missing 2011" in gaps


def test_largest_fall_ignores_scope_changes(default):
    fall = ex.largest_fall(default.annual)
    assert (fall["from_year"], fall["to_year"], fall["drop"]) == (2012, 2013, 61)
    assert fall["change_pct"] == pytest.approx(100 * (54 - 115) / 115)


def test_annual_chart_breaks_the_line_at_gaps(default):
    chart = ex.plots.annual_chart(default)
    fig, data = chart.figure, chart.data
    assert chart.name == "extraditions-annual" and "Full-year figures exist for 21 of 32 years" in chart.caption
    line = data[data["layer"] == "selected series (line)"]
    assert set(line["year"]) == {1995, 2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2012,
                                 2013, 2014, 2017, 2018, 2019, 2020, 2021, 2022}
    ax = fig.axes[0]
    # Two lines (all persons, nationals only); NaN left in the all-persons line at 2011 and 2015.
    all_persons = ax.lines[0].get_ydata()
    years = list(ax.lines[0].get_xdata())
    assert pd.isna(all_persons[years.index(2011)]) and pd.isna(all_persons[years.index(2015)])
    assert pd.isna(all_persons[years.index(2022)])  # 2022 counts nationals only: not joined to 2021
    dots = data[data["layer"] == "source value"]
    assert len(dots) == len(default.rows)


def test_include_transfers_adds_a_separate_layer(tables):
    r = ex.build(start_year=2015, include_transfers=True, tables=tables)
    data = ex.plots.annual_chart(r).data
    stacked = data[data["layer"] == "transfers (stacked, not extraditions)"]
    assert by_year(stacked) == {2025: 55, 2026: 37}
    line = data[data["layer"] == "selected series (line)"]
    assert 2025 not in set(line["year"])


def test_prose_numbers_come_from_compute(default):
    assert ex.coverage(default.annual) == {"years": 32, "full": 21, "gaps": 11}
    check = ex.stated_check(default.stated)
    assert {k: check[k] for k in ("stated", "comparable", "checked", "unchecked", "agree", "same")} == {
        "stated": 25, "comparable": 11, "checked": 5, "unchecked": 20, "agree": 3, "same": 1}
    assert (check["worst"]["stated"], int(check["worst"]["computed"])) == (160, 211)  # Fox's term, InSight Crime
    assert ex.event_counts(default.events) == {"extradition": 9, "transfer": 4}
    assert ex.changeover_years(default)[:3] == [(2000, "Zedillo"), (2006, "Fox"), (2012, "Calderón")]
    assert "(−53.0%)" in ex.text.findings(default)
    assert "Of the 25 totals that sources state for a span, 5 can be checked" in ex.text.findings(default)
    assert "3 agree within 2 persons (1 of them from the source that also gives the annual figures)" in ex.text.findings(default)
    assert "2000 → Zedillo, 2006 → Fox" in ex.text.assignment(default)


def test_charts_and_tables_carry_their_names_captions_and_sources(default):
    charts = [ex.plots.annual_chart(default), ex.plots.timeline_chart(default), ex.plots.homicides_chart(default),
              ex.plots.assistance_chart(default)]
    assert [c.name for c in charts] == ["extraditions-annual", "extraditions-timeline", "extraditions-homicides",
                                        "extraditions-assistance"]
    assert all(c.figure is not None and c.caption and c.alt and c.source_ids for c in charts)
    assert charts[1].caption.startswith("9 extradition and 4 transfer events in 1995–2026")
    # the annual chart's CSV carries each value's flag: 2022 (nationals only) is the headline's break
    line = charts[0].data[charts[0].data["layer"] == "selected series (line)"].set_index("year")
    assert line.at[2022, "obs_status"] == "B" and line.at[2012, "obs_status"] == "A"
    assert charts[2].caption.startswith("Extraditions and INEGI homicide figures: 21 years have both.")
    assert EL_MANANA in charts[0].source_ids  # the 2022 nationals-only figure is plotted and cited
    tables = [*ex.tables.source_tables(default), ex.tables.administration_table(default),
              ex.tables.first_years_table(default), ex.tables.stated_checked_table(default),
              ex.tables.stated_other_table(default), ex.tables.transfers_table(default)]
    assert all(t.data is not None and len(t.data) and t.caption and t.source_ids for t in tables)
    assert ex.tables.stated_checked_table(default).caption.endswith("(5 of 11 can be summed; the rest miss a year)")
    transfers = ex.tables.transfers_table(default).data.set_index("Date")
    assert transfers.at["27 Feb 2025", "Persons"] == "29" and transfers.at["27 Feb 2025", "Sources agreeing"] == "3 of 3"


def test_an_empty_selection_gives_the_sentence_instead(tables):
    r = ex.build(start_year=1996, end_year=1999, tables=tables)
    assert ex.tables.transfers_table(r).data is None
    assert ex.tables.transfers_table(r).caption == "No dated transfer in the window."
    assert ex.tables.stated_other_table(r) == Table.missing(
        "extraditions-stated-other", "No stated total of this kind in the window.")
    assert ex.tables.stated_checked_table(r).data is None
    timeline = ex.plots.timeline_chart(r)
    assert timeline.figure is None and timeline.caption == "No extradition or transfer event in the window."
    assert ex.text.data_gaps(r)[0].startswith("**Extraditions from Mexico to the United States: no full-year figure** "
                                              "for 1996–1999 (4 of 4 years in 1996–1999)")


def test_key_figure_labels_say_nationals_only_and_direction(default, tables):
    assert ex.text.key_figure_labels(default)["latest_persons"] == "Latest full-year figure, nationals only"
    assert ex.text.key_figure_labels(default)["peak_persons"] == "Highest annual extraditions"
    r = ex.build(direction="us_to_mx", tables=tables)
    assert ex.text.key_figure_labels(r)["peak_persons"] == "Highest annual extraditions to Mexico"


def test_a_peak_is_ranked_within_one_scope():
    annual = pd.DataFrame({"year": [2020, 2021, 2022], "persons": [60, 50, 90],
                           "scope": ["all_persons", "all_persons", "nationals_only"]})
    # 90 counts nationals only: it is not ranked against the all-persons years
    assert ex.compute.peak_scope(annual) == "all_persons"
    assert ex.compute.peak_row(annual)["year"] == 2020
    assert ex.compute.peak_row(annual.iloc[0:0]) is None


def test_relation_charts_carry_the_flags_of_both_series(default):
    rel = default.relation.set_index("year")
    assert rel.at[2022, "extraditions_obs_status"] == "B" and rel.at[2022, "extraditions_scope"] == "nationals_only"
    assert rel.at[2018, "homicides_obs_status"] == "A" and rel.at[2018, "homicides"] == 36_685
    assert pd.isna(rel.at[2011, "extraditions_obs_status"])  # no full-year figure: no flag either
    data = ex.plots.homicides_chart(default).data
    assert {"extraditions_obs_status", "homicides_obs_status"} <= set(data.columns)
