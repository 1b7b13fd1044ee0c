"""Tests for mxsec.analysis.violence (compute, text, plots) against values read by hand from data/*.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mxsec import charts
from mxsec.analysis import violence
from mxsec.data import load


@pytest.fixture(scope="module")
def tables():
    return {name: load(name) for name in ("homicides_national", "homicides_state", "homicides_monthly", "population",
                                          "states", "administrations")}


@pytest.fixture(scope="module")
def default_views():
    return violence.build()


def _views(tables, **params):
    return violence.build_from(tables, **params)


def test_state_year_rate_by_hand(tables):
    # data/homicides_state.csv: 2022,08,inegi,intentional_homicide,victims,occurrence,final,12,2065,...
    # data/population.csv: 2022,08,3898274  ->  2065 / 3,898,274 x 100,000 = 52.97216...
    panel = violence.state_panel(tables["homicides_state"], tables["population"], tables["states"], series="inegi")
    row = panel[(panel["abbreviation"] == "CHH") & (panel["year"] == 2022)]
    assert len(row) == 1
    assert row["series"].iloc[0] == violence.INEGI_OCC
    assert int(row["value"].iloc[0]) == 2065
    assert row["population"].iloc[0] == 3898274
    assert row["rate_per_100k"].iloc[0] == pytest.approx(52.97216152584451)


def test_national_rate_uses_same_year_population(tables):
    # homicides_national.csv: 2024 INEGI registration final 33550; population.csv 2024,00 = 132274416
    nat = violence.national_series(tables["homicides_national"], tables["population"], series="inegi")
    row = nat[nat["year"] == 2024].iloc[0]
    assert row["series"] == violence.INEGI_FINAL
    assert row["population"] == 132274416
    assert row["rate_per_100k"] == pytest.approx(33550 / 132274416 * 100_000)  # 25.36


def test_feminicide_is_added_only_when_asked(tables):
    # 2024 SESNSP victims: intentional homicide 30046 + feminicide 852 (same source) = 30898
    with_fem = violence.select_rows(tables["homicides_national"], series="sesnsp", include_feminicide=True)
    without = violence.select_rows(tables["homicides_national"], series="sesnsp", include_feminicide=False)
    victims = (with_fem["series"] == violence.SESNSP_VICTIMS) & (with_fem["year"] == 2024)
    assert with_fem.loc[victims, "value"].item() == 30898
    assert without.loc[(without["series"] == violence.SESNSP_VICTIMS) & (without["year"] == 2024), "value"].item() == 30046
    # the old methodology has no feminicide rows: nothing is added in 1997
    assert with_fem.loc[with_fem["year"] == 1997, "feminicide"].item() == 0


def test_partial_years_never_get_an_annual_rate(tables):
    rows = violence.select_rows(tables["homicides_national"], series="both")
    partial = violence.partial_years(rows)
    # 2025 is January-June only (months = 6) for both systems
    assert set(partial["year"]) == {2025}
    assert set(partial["months"]) == {6}
    nat = violence.national_series(tables["homicides_national"], tables["population"], series="both", end_year=2030)
    assert nat["year"].max() == 2024
    rated = violence.add_rates(partial, tables["population"])
    assert rated["rate_per_100k"].isna().all()


def test_source_selection(tables):
    national = tables["homicides_national"]
    preferred = violence.select_rows(national, series="sesnsp", source="preferred")
    # preferred is chosen within each series: old-methodology case files run to 2017, victims and
    # current case files start in 2015; each stays its own series, never one line
    assert preferred.loc[preferred["year"] == 2014, "series"].item() == violence.SESNSP_OLD
    assert set(preferred.loc[preferred["year"] == 2015, "series"]) == {violence.SESNSP_OLD, violence.SESNSP_VICTIMS,
                                                                       violence.SESNSP_FILES}
    assert preferred.loc[preferred["series"] == violence.SESNSP_OLD, "year"].max() == 2017
    everything = violence.select_rows(national, series="inegi", source="all")
    assert {violence.INEGI_FINAL, violence.INEGI_PRELIM, violence.INEGI_OCC} <= set(everything["series"])
    one = violence.select_rows(national, series="both", source="inegi_edr_homicidios_ocurrencia_2000_2022")
    assert set(one["series"]) == {violence.INEGI_OCC}
    assert (one["year"].min(), one["year"].max()) == (2000, 2022)
    # a national-only source falls back to all state rows, with a note
    use, note = violence.state_source("proceso_inegi_edr_2024_20251110", tables["homicides_state"])
    assert use == "all" and "no state-level rows" in violence.text.note(note)


def test_state_series_stay_on_one_basis(tables):
    # the preferred flag of homicides_state switches from registration to occurrence in 2017;
    # the state panel must use occurrence in every year
    panel = violence.state_panel(tables["homicides_state"], tables["population"], tables["states"], series="inegi",
                                 source="preferred")
    assert set(panel["series"]) == {violence.INEGI_OCC}
    assert (panel["year"].min(), panel["year"].max()) == (2000, 2022)


def test_administration_rate_is_deaths_over_person_years(tables, default_views):
    # INEGI registration final 2019-2024: 36661 + 36773 + 35700 + 33287 + 32252 + 33550 = 208223 deaths;
    # population.csv state 00, 2019-2024: 127215666 + 128209170 + 128982939 + 129960600 + 131135337 + 132274416
    # = 777778128 person-years -> 26.7715 per 100,000
    admin = default_views.admin
    row = admin[(admin["administration"] == "López Obrador") & (admin["series"] == violence.INEGI_FINAL)].iloc[0]
    assert row["homicides"] == 208223
    assert row["person_years"] == 777778128
    assert row["rate_per_100k"] == pytest.approx(26.771516516597135)
    assert row["avg_annual_homicides"] == pytest.approx(208223 / 6)
    assert row["years_assigned"] == "2019–2024"
    # Salinas's first year (1989) is not in the data: 5 of 6 years
    salinas = admin[(admin["administration"] == "Salinas") & (admin["series"] == violence.INEGI_FINAL)].iloc[0]
    assert salinas["coverage"] == "5 of 6 years"
    # Sheinbaum (from October 2024): 2025 has six months only, so no rate
    sheinbaum = admin[admin["administration"] == "Sheinbaum"]
    assert sheinbaum["rate_per_100k"].isna().all()


def test_year_over_year_leaves_gaps_empty():
    annual = pd.DataFrame({"year": [2000, 2001, 2003], "series": "x", "value": [10, 12, 9],
                           "rate_per_100k": [1.0, 1.5, 0.9]})
    yoy = violence.year_over_year(annual).set_index("year")
    assert yoy.loc[2001, "change_rate_pct"] == pytest.approx(50.0)
    assert np.isnan(yoy.loc[2003, "change_rate_pct"])  # 2002 missing


def test_concentration_top5_share_and_gini(tables):
    panel = violence.state_panel(tables["homicides_state"], tables["population"], tables["states"], series="inegi")
    conc = violence.concentration(panel).set_index(["year", "series"])
    # 2022 occurrence: GUA 3943 + MEX 3208 + BCN 2626 + MIC 2239 + CHH 2065 = 14081 of 31048 (homicides_state.csv)
    row = conc.loc[(2022, violence.INEGI_OCC)]
    assert row["homicides_top5"] == 14081
    assert row["homicides_all_states"] == 31048
    assert row["top5_share_pct"] == pytest.approx(14081 / 31048 * 100)
    # Gini: equal rates give 0; the formula matches a direct double sum
    rng = np.random.default_rng(0)
    pop = rng.integers(500_000, 5_000_000, 32).astype(float)
    fake = pd.DataFrame({"year": 2000, "series": "s", "state_code": [f"{i:02d}" for i in range(1, 33)],
                         "population": pop, "value": pop / 100_000 * 20})
    fake["rate_per_100k"] = fake["value"] / fake["population"] * 100_000
    assert violence.concentration(fake)["gini"].iloc[0] == pytest.approx(0.0, abs=1e-12)
    fake["value"] = rng.integers(0, 3000, 32)
    fake["rate_per_100k"] = fake["value"] / fake["population"] * 100_000
    r, p = fake["rate_per_100k"].to_numpy(), pop
    direct = (p[:, None] * p[None, :] * np.abs(r[:, None] - r[None, :])).sum() / (
        2 * p.sum() ** 2 * (fake["value"].sum() / p.sum() * 100_000))
    assert violence.concentration(fake)["gini"].iloc[0] == pytest.approx(direct)


def test_monthly_deaths_per_day(tables):
    # homicides_monthly.csv: 2020,2,00,2791,29 -> 96.24 deaths a day
    rows = violence.monthly_series(tables["homicides_monthly"], "00")
    feb = rows[(rows["year"] == 2020) & (rows["month"] == 2)].iloc[0]
    assert feb["deaths_per_day"] == pytest.approx(2791 / 29)
    season = violence.seasonality(rows)
    assert len(season) == 12 and season["index"].between(80, 120).all()
    # the 12-month moving average of December 2020: the year's deaths over its 366 days
    dec = rows[(rows["year"] == 2020) & (rows["month"] == 12)].iloc[0]
    year = rows[rows["year"] == 2020]
    assert year["days_in_month"].sum() == 366
    assert dec["moving_average_12m"] == pytest.approx(year["value"].sum() / 366)
    assert rows["moving_average_12m"].iloc[:11].isna().all()


def test_map_year_falls_back_with_a_note(tables):
    v = _views(tables, series="inegi", map_year=2024)
    assert v.map_year == 2022  # INEGI occurrence by state ends in 2022
    assert any("2024" in note for note in violence.text.notes(v))
    v = _views(tables, series="sesnsp")
    assert v.map_year == 2024 and v.map_series == violence.SESNSP_VICTIMS


def test_key_figures_default_edition(default_views):
    figures = violence.key_figures(default_views)
    required = ["peak_year", "peak_homicides", "latest_year", "latest_homicides", "latest_rate_per_100k",
                "rate_by_administration", "top5_share_latest", "highest_rate_state_latest"]
    for name in required:
        assert set(figures[name]) >= {"value", "unit", "period", "source_ids", "note"}
        assert figures[name]["source_ids"]
    # INEGI registration final, full years: peak 36,773 in 2020; latest 2024, 33,550 (homicides_national.csv)
    assert figures["peak_year"]["value"] == 2020
    assert figures["peak_homicides"]["value"] == 36773
    assert figures["latest_year"]["value"] == 2024
    assert figures["latest_homicides"]["value"] == 33550
    assert figures["latest_rate_per_100k"]["value"] == 25.4
    # 2018 36,685, 2019 36,661 and 2020 36,773 are within 1% of each other: a plateau, not a peak
    assert figures["peak_plateau_years"]["value"] == [2018, 2019, 2020]
    assert figures["peak_plateau_years"]["period"] == "2018–2020"
    assert figures["peak_plateau_lowest_homicides"]["value"] == 36661
    findings = violence.text.findings(default_views)
    assert "reached a plateau in 2018–2020, from 36,661 to 36,773" in findings and "peaked" not in findings
    assert violence.text.key_figure_labels(default_views)["peak_homicides"].endswith("of the 2018–2020 plateau")
    # the state series ends earlier than the national one, and says so
    assert figures["top5_share_latest"]["period"] == "2022"
    assert figures["highest_rate_state_latest"]["value"] == "Colima"
    assert "occurrence" in figures["highest_rate_state_latest"]["note"]
    assert "Sheinbaum" not in figures["rate_by_administration"]["value"]


@pytest.mark.parametrize("abbreviation", ["CHH", "CMX", "BCN", "NLE", "YUC", "COL"])
def test_state_profiles(tables, abbreviation):
    v = _views(tables, state=abbreviation)
    figures = violence.key_figures(v)
    assert 1 <= figures["rank_latest"]["value"] <= 32
    assert figures["latest_year"]["value"] == 2022
    assert abbreviation in violence.text.intro(v)
    assert v.geography in violence.text.findings(v)
    trend = violence.plots.trend_chart(v)
    assert trend.name == "trend"
    assert trend.figure is not None and set(trend.data["geography"]) == {v.geography, "Mexico"}


def test_unknown_state_and_options_raise(tables):
    with pytest.raises(ValueError):
        _views(tables, state="XXX")
    with pytest.raises(ValueError):
        _views(tables, series="police")


def test_window_without_state_data_shows_gaps(tables):
    v = _views(tables, series="sesnsp", start_year=1990, end_year=2010)
    assert v.panel.empty and v.map.empty
    assert violence.plots.tile_map_chart(v).figure is None
    assert violence.plots.small_multiples_chart(v).figure is None
    assert violence.plots.monthly_chart(v).figure is not None  # INEGI monthly 2000-2010


def test_every_series_has_its_colour():
    assert set(charts.VIOLENCE_SERIES_COLOURS) == set(violence.LABEL_ORDER)


# --- Series integrity: definitions, breaks and observation status (data/ obs_status, method) ---

CHARTS = ("trend_chart", "gap_chart", "yoy_chart", "tile_map_chart", "rank_chart", "small_multiples_chart",
          "border_chart", "concentration_chart", "rank_history_chart", "monthly_chart", "seasonality_chart")
EDITIONS = ({}, {"state": "CHH"}, {"state": "TLA", "source": "all"}, {"series": "sesnsp", "measure": "count"})


def test_administrations_use_the_old_sesnsp_series_through_2017(default_views):
    # homicides_national.csv, SESNSP case files, 1997 classification (sesnsp_old_methodology_national_1997_2017):
    # 2013 18106 + 2014 15520 + 2015 16909 + 2016 20547 + 2017 25339 = 96421 case files; population.csv 00,
    # 2013-2017: 119597654 + 121048604 + 122368490 + 123587407 + 124777172 = 611379327 -> 15.771 per 100,000.
    # Change: 2017 rate 25339 / 124777172 against 2012 rate 21459 / 118060514 -> +11.72% (stopping at 2014 gave
    # 14.0 and -29.5%, a reversed trend)
    admin = default_views.admin.set_index(["administration", "series"])
    old = admin.loc[("Peña Nieto", violence.SESNSP_OLD)]
    assert old["definition"] == "case files, 1997 classification"
    assert old["years_with_data"] == "2013–2017" and old["coverage"] == "5 of 6 years"
    assert old["homicides"] == 96421
    assert old["person_years"] == 611379327
    assert old["rate_per_100k"] == pytest.approx(96421 / 611379327 * 100_000)
    assert old["change_pct"] == pytest.approx((25339 / 124777172) / (21459 / 118060514) * 100 - 100)
    assert old["change_pct"] > 0
    # the 2015 methodology covers 2015-2018 of the same term: its own row, never averaged with the old series
    new = admin.loc[("Peña Nieto", violence.SESNSP_VICTIMS)]
    assert new["definition"] == "victims, 2015 methodology"
    assert new["years_with_data"] == "2015–2018"
    assert np.isnan(new["change_pct"])  # no 2012 figure in the 2015 methodology
    table = violence.tables.admin_table(default_views).data
    row = table[(table["Administration"] == "Peña Nieto") & (table["Series"] == violence.SESNSP_OLD)].iloc[0]
    assert (row["Definition"], row["Years with data"], row["Rate per 100,000"], row["Change in rate (%)"]) == (
        "case files, 1997 classification", "2013–2017", 15.8, 11.7)
    # every series the terms use is one definition
    methods = default_views.annual.groupby("series")[["method", "basis"]].nunique()
    assert (methods == 1).all().all()


def test_no_chart_line_has_two_definitions(tables):
    for params in EDITIONS:
        v = _views(tables, **params)
        for name in CHARTS:
            chart = getattr(violence.plots, name)(v)
            if chart.figure is None:
                continue
            data = chart.data
            assert "obs_status" in data, chart.name
            assert data["obs_status"].isin(["A", "B", "E", "F", "P"]).all(), chart.name
            if "series" in data:
                assert set(data["series"]) <= set(violence.compute.DEFINITIONS), chart.name
                keys = ["series"] + [c for c in ("geography", "group", "abbreviation") if c in data]
                for column in ("method", "basis"):
                    if column in data:
                        assert (data.groupby(keys)[column].nunique() <= 1).all(), (chart.name, column)
        # the frames the lines are drawn from: one method and basis per series label
        for frame in (v.national_all, v.panel_all, v.annual):
            assert (frame.groupby("series")[["method", "basis"]].nunique() <= 1).all().all()
    # a line mixing two definitions is refused
    mixed = pd.DataFrame({"year": [2016, 2017], "series": "x", "method": "death_records",
                          "basis": ["registration", "occurrence"], "value": [1, 2], "rate_per_100k": [1.0, 2.0]})
    with pytest.raises(ValueError, match="two definitions"):
        violence.year_over_year(mixed)


def test_state_inegi_2017_is_a_break(default_views):
    # data/'s INEGI state headline: registration to 2016, occurrence from 2017 (homicides_state.csv, Chihuahua:
    # 2016 registration 1795, 2017 occurrence 2197); 2017 is flagged B in every state, count and rate
    head = default_views.state_headline
    chh = head[head["state_code"] == "08"].set_index("year")
    assert (chh.loc[2016, "series"], chh.loc[2016, "value"], chh.loc[2016, "obs_status"]) == (violence.INEGI_FINAL, 1795, "A")
    assert (chh.loc[2017, "series"], chh.loc[2017, "value"], chh.loc[2017, "obs_status"]) == (violence.INEGI_OCC, 2197, "B")
    assert chh.loc[2017, "value_status"] == "B"
    flagged = head[head["obs_status"] == "B"]
    assert set(flagged["year"]) == {2017} and flagged["state_code"].nunique() == 32
    assert violence.flags.break_years(head) == [2017]
    # drawn as one line per state, the line breaks before 2017 (an empty point at 2016.5)
    drawn = violence.plots._gapped(head[head["state_code"] == "08"], ["state_code"], "year", ["rate_per_100k"])
    blank = drawn[drawn["year"] == 2016.5]
    assert len(blank) == 1 and blank["rate_per_100k"].isna().all()
    # the report's state series do not join the two: occurrence 2000-2022, 2017 not a break, and said so
    panel = default_views.panel[default_views.panel["system"] == "inegi"]
    assert set(panel["basis"]) == {"occurrence"} and not panel["obs_status"].eq("B").any()
    assert any("2017 is a break in series (flag B)" in item for item in violence.text.data_gaps(default_views))
    # a change into a B year is never computed
    joined = head[head["state_code"] == "08"].drop(columns=["method", "basis"]).assign(series="joined")
    yoy = violence.year_over_year(joined)
    assert np.isnan(yoy.set_index("year").loc[2017, "change_rate_pct"])


def test_rates_from_2021_carry_f(default_views):
    # population.csv: 2020 00 128209170 A, 2021 00 128982939 F (CONAPO projection)
    nat = default_views.national[default_views.national["series"] == violence.INEGI_FINAL].set_index("year")
    assert nat.loc[2020, "obs_status"] == "A" and nat.loc[2021, "population_status"] == "F"
    assert (nat.loc[2021:2024, "obs_status"] == "F").all()
    assert (nat.loc[2021:2024, "value_status"] == "A").all()  # the counts are not projections
    assert (nat.loc[:2020, "obs_status"] == "A").all()
    figures = violence.key_figures(default_views)
    assert (figures["latest_rate_per_100k"]["value"], figures["latest_rate_per_100k"]["obs_status"]) == (25.4, "F")
    assert figures["latest_homicides"]["obs_status"] == "A"
    assert figures["peak_rate_per_100k"]["obs_status"] == "A"  # 2020
    assert figures["highest_state_rate_latest"]["obs_status"] == "F"  # 2022
    admin = default_views.admin.set_index(["administration", "series"])
    assert admin.loc[("López Obrador", violence.INEGI_FINAL), "obs_status"] == "F"
    assert admin.loc[("Peña Nieto", violence.INEGI_FINAL), "obs_status"] == "A"
    trend = violence.plots.trend_chart(default_views).data
    assert (trend.loc[trend["year"] >= 2021, "obs_status"] == "F").all()
    assert (trend.loc[trend["year"] <= 2020, "obs_status"] == "A").all()
    leaders = violence.tables.leaders_table(default_views).data.set_index("Year")
    assert leaders.loc[2022, f"{violence.INEGI_OCC}: flag"] == "F"
    assert "Rates from 2021 on use CONAPO projections (flag F)." in violence.text.methodology(default_views)


def test_partial_2025_is_never_ranked_or_compared(tables, default_views):
    partial = default_views.partial
    assert set(partial["year"]) == {2025} and set(partial["value_status"]) == {"P"}
    assert partial.set_index("series").loc[violence.INEGI_PRELIM, "value"] == 14488
    for frame in (default_views.national, default_views.annual, default_views.yoy, default_views.panel,
                  default_views.ranks, default_views.border, default_views.concentration, default_views.trend):
        assert 2025 not in set(frame["year"])
    assert default_views.map_year != 2025
    assert (default_views.admin["last_year"].dropna() <= 2024).all()
    assert default_views.admin.loc[default_views.admin["administration"] == "Sheinbaum", "rate_per_100k"].isna().all()
    figures = violence.key_figures(default_views)
    assert (figures["partial_year_inegi"]["value"], figures["partial_year_inegi"]["obs_status"]) == (14488, "P")
    assert figures["latest_year"]["value"] == 2024
    for name in CHARTS:
        chart = getattr(violence.plots, name)(default_views)
        if chart.figure is not None and "year" in chart.data:
            assert 2025 not in set(chart.data["year"]), chart.name
    v = _views(tables, state="CHH")
    assert 2025 not in set(v.panel["year"]) and 2025 not in set(v.ranks["year"])
    assert set(v.partial["year"]) == {2025} and set(v.partial["obs_status"]) == {"P"}


def test_missing_is_not_zero(tables, default_views):
    # homicides_state.csv: Tlaxcala (29) SESNSP old case files 2006 158, 2007 no row (the file's zero dropped)
    rows = violence.select_rows(tables["homicides_state"], series="sesnsp", source="all")
    tla = rows[(rows["state_code"] == "29") & (rows["series"] == violence.SESNSP_OLD)].set_index("year")
    assert tla.loc[2006, "value"] == 158
    assert 2007 not in tla.index
    # the 2007 old-methodology state sum (31 states) against the national figure: 11767 against 10253, +14.8%
    check = violence.compute.old_state_sum_check(default_views.panel_all, default_views.national_all)
    assert (check["states"], check["total"], check["national"]) == (31, 11767, 10253)
    assert check["pct"] == pytest.approx(11767 / 10253 * 100 - 100)
    assert "is 14.8% above the national old-methodology figure (11,767 against 10,253)" in violence.text.methodology(
        default_views)
    # Aguascalientes first reports feminicide victims in 2018: before, nothing is added (missing, not zero)
    victims = rows[(rows["state_code"] == "01") & (rows["series"] == violence.SESNSP_VICTIMS)].set_index("year")
    assert victims.loc[2017, "feminicide_source_id"] == "" and victims.loc[2017, "value"] == victims.loc[2017, "homicides"]
    assert victims.loc[2018, "feminicide"] > 0
