"""Cooperation index (mxsec.analysis.cooperation_index).

Values checked by hand in data/:
- extraditions.csv, mx_to_us, full calendar years, preferred: 2006 63 (ONDCP), 2008 95 (VOA; the
  Embassy's 85 of 30 Dec 2008 is another source's full-year all-persons figure), 2009 107, 2010 94,
  2012 115, 2013 54, 2014 66, 2017 57, 2018 69, 2019 58, 2020 60, 2021 43, 2022 78 (Mexican nationals
  only); no row for 2011, 2015, 2016, 2023-2025. us_to_mx: 2006 25, 2008 32 only.
- us_cpi_u.csv: 2005 195.3, 2006 201.6, 2007 207.342, 2009 214.537, 2019 255.657, 2020 258.811, 2024 313.689.
- events.csv, 2006: two unilateral_action (score -4 each) and one arrest (0) -> cooperative 0,
  conflictual 2, balance (0 + 1) / (0 + 2 + 2) = 0.25, mean score -8/3.
  2024: five dispute (-2), one suspension (-4), one arrest (0) -> balance 1 / 8 = 0.125, mean -2.0.
- Greenbook security assistance (funding.security_assistance), nominal: FY2005 $53,126,511 (incle 41,906,669
  + dod_counterdrug 9,650,000 + imet 1,243,000 + nadr 326,842), FY2006 $134,608,061, FY2007 $52,696,777
  (incle 36,878,609 + dod_counterdrug 15,508,000 + nadr 253,168 + imet 57,000), FY2019 $302,766,737,
  FY2020 $133,814,301; no by-account obligations after FY2020. The resources indicator is the centred
  three-year mean of the constant-dollar values (funding.centred_mean): FY2006 averages FY2005-FY2007;
  FY2020, the last Greenbook year, averages FY2019-FY2020 only.
"""

import math

import numpy as np
import pandas as pd
import pytest

from mxsec.analysis import cooperation_index as ci
from mxsec.analysis import funding

def _constant(nominal, cpi_year):
    return nominal * 313.689 / cpi_year / 1e6


SA_2006 = (_constant(53_126_511, 195.3) + _constant(134_608_061, 201.6) + _constant(52_696_777, 207.342)) / 3
# = (85.331 + 209.450 + 79.725) / 3 = 124.835 million 2024 dollars (the annual FY2006 value alone was 209.450)
SA_2020 = (_constant(302_766_737, 255.657) + _constant(133_814_301, 258.811)) / 2
# = (371.491 + 162.188) / 2 = 266.840 million 2024 dollars (two-year window: the Greenbook ends in FY2020)

SCORED = [2006, 2007, 2008, 2009, 2010, 2012, 2013, 2014, 2017, 2018, 2019, 2020]


@pytest.fixture(scope="module")
def tables():
    return ci.load_tables()


@pytest.fixture(scope="module")
def ind(tables):
    return ci.build_indicators(tables)


@pytest.fixture(scope="module")
def cube(ind):
    return ci.pillar_cube(ind)


@pytest.fixture(scope="module")
def result(tables):
    return ci.build(draws=2000, tables=tables, sobol_n=256)


# --------------------------------------------------------------------------- normalisation and aggregation


def test_minmax_over_fixed_bounds_onto_1_100():
    out = ci.normalise(np.array([0, 75, 150, 200, np.nan]), "minmax", 0, 150)
    assert out[:4] == pytest.approx([1.0, 50.5, 100.0, 100.0])  # 1 + 99 * 75/150 = 50.5; 200 clipped to the bound
    assert math.isnan(out[4])


def test_minmax_never_reaches_zero():
    assert ci.normalise(np.array([-5.0]), "minmax", 0, 1)[0] == 1.0


def test_zscore_normalisation():
    # mean 2, sample sd 1 -> z = -1, 0, 1 -> 50 -/+ 49/3
    out = ci.normalise(np.array([1.0, 2.0, 3.0]), "zscore", 0, 10)
    assert out == pytest.approx([50 - 49 / 3, 50.0, 50 + 49 / 3])
    assert ci.normalise(np.array([4.0, 4.0]), "zscore", 0, 10) == pytest.approx([50.0, 50.0])


def test_distance_to_first_year():
    # reference 10 (first value); 50 + 49 * (20 - 10) / 100 = 54.9
    out = ci.normalise(np.array([np.nan, 10.0, 20.0]), "distance", 0, 100)
    assert math.isnan(out[0]) and out[1:] == pytest.approx([50.0, 54.9])


def test_rank_normalisation():
    # ranks 3, 1, 2 of three -> 1 + 99 * (rank - 1) / 2
    assert ci.normalise(np.array([5.0, 1.0, 3.0]), "rank", 0, 10) == pytest.approx([100.0, 1.0, 50.5])


def test_unknown_normalisation_raises():
    with pytest.raises(ValueError, match="normalisation"):
        ci.normalise(np.array([1.0]), "median", 0, 1)


def test_geometric_and_arithmetic_aggregation():
    pillars = np.array([[4.0], [16.0], [1.0]])  # three pillars, one year
    assert ci.aggregate(pillars, np.array([1, 1, 1]), "geometric")[0] == pytest.approx(4.0)  # (4*16*1)^(1/3)
    assert ci.aggregate(pillars, np.array([1, 1, 1]), "arithmetic")[0] == pytest.approx(7.0)
    # weights 2, 1, 1 -> 0.5, 0.25, 0.25: 4^0.5 * 16^0.25 = 4; 0.5*4 + 0.25*16 + 0.25*1 = 6.25
    assert ci.aggregate(pillars, np.array([2, 1, 1]), "geometric")[0] == pytest.approx(4.0)
    assert ci.aggregate(pillars, np.array([2, 1, 1]), "arithmetic")[0] == pytest.approx(6.25)


def test_aggregation_needs_every_weighted_pillar():
    pillars = np.array([[4.0, 4.0], [np.nan, 9.0], [1.0, 1.0]])
    out = ci.aggregate(pillars, np.array([1, 1, 1]), "geometric")
    assert math.isnan(out[0]) and out[1] == pytest.approx((4 * 9) ** (1 / 3))
    # a pillar with weight 0 is not needed: sqrt(4 * 1) = 2
    assert ci.aggregate(pillars, np.array([1, 0, 1]), "geometric") == pytest.approx([2.0, 2.0])


def test_winsorise_and_log_treatment():
    assert ci.winsorise(np.array([1, 2, 3, 4, 100, np.nan]))[:5] == pytest.approx([2, 2, 3, 4, 4])
    assert ci.winsorise(np.array([1.0, 50.0, 3.0])) == pytest.approx([1.0, 50.0, 3.0])  # too few values
    assert ci.treat(np.array([0.0, math.e - 1]), "log") == pytest.approx([0.0, 1.0])
    assert ci.treat(np.array([-2.0]), "log", non_negative=False) == pytest.approx([-2.0])
    assert ci.treat_bounds(ci.INDICATOR_BY_NAME["extraditions_mx_us"], "log") == pytest.approx((0.0, math.log1p(150)))


def test_skew_rule_flags_only_heavy_tails():
    heavy = pd.DataFrame({"security_assistance": [1.0] * 19 + [1000.0], "event_score": [1.0] * 19 + [-1000.0],
                          "event_balance": np.linspace(0, 1, 20)})
    table = ci.skewness_table(heavy).set_index("indicator")
    assert table.loc["security_assistance", "rule_treatment"] == "log"
    assert table.loc["event_score", "rule_treatment"] == "winsorise"  # may be negative: no log
    assert table.loc["event_balance", "rule_treatment"] == "none"


def test_no_default_indicator_is_treated(result):
    # |skewness| stays below 2 for all indicators 2006-2025 (e.g. security assistance 0.55 as a centred mean)
    assert not result.skew["flagged"].any()


# --------------------------------------------------------------------------- indicators from data/


def test_judicial_indicators(ind):
    v = ind.values
    assert v.loc[2006, "extraditions_mx_us"] == 63 and v.loc[2008, "extraditions_mx_us"] == 95
    assert v.loc[2006, "extraditions_us_mx"] == 25 and v.loc[2008, "extraditions_us_mx"] == 32
    assert v["extraditions_us_mx"].notna().sum() == 2
    assert v.loc[2010, "extraditions_mx_us"] == 94 and math.isnan(v.loc[2011, "extraditions_mx_us"]) and math.isnan(v.loc[2023, "extraditions_mx_us"])
    assert ind.judicial.set_index("year").loc[2022, "mx_us_scope"] == "nationals_only"


def test_alternative_source_only_where_sources_disagree(ind):
    alt, pref = ind.alternative["extraditions_mx_us"], ind.values["extraditions_mx_us"]
    differs = alt.fillna(-1) != pref.fillna(-1)
    assert list(alt.index[differs]) == [2008]
    assert alt.loc[2008] == 85  # Embassy, 30 Dec 2008
    # 2019-2021 nationals-only figures are a different scope, not an alternative source
    assert alt.loc[2019] == 58


def test_resources_use_funding_definition_and_cpi(tables, ind):
    nominal = funding.security_assistance(tables["us_assistance"], 2006, 2006)["value_usd"].iloc[0]
    assert nominal == 134_608_061
    res = ind.resources.set_index("year")
    assert res.loc[2006, "obligated"] == pytest.approx(_constant(134_608_061, 201.6))  # the year's own value
    assert ind.values.loc[2006, "security_assistance"] == pytest.approx(SA_2006)
    assert (res.loc[2006, "window_years"], res.loc[2006, "window_start"], res.loc[2006, "window_end"]) == (3, 2005, 2007)
    assert ind.values.loc[2020, "security_assistance"] == pytest.approx(SA_2020)
    assert res.loc[2020, "window_years"] == 2 and res.loc[2019, "window_years"] == 3
    assert ind.values.loc[2021:, "security_assistance"].isna().all()
    assert (res.loc[2021:, "window_years"] == 0).all()
    # the same function as the funding report's: funding.security_trend (funding.centred_mean)
    trend = funding.security_trend(tables["us_assistance"], tables["us_cpi_u"], 2006, 2025).set_index("fiscal_year")
    assert ind.values["security_assistance"].to_numpy() == pytest.approx(
        (trend["centred_mean"] / 1e6).to_numpy(), nan_ok=True)


def test_climate_indicators(ind):
    c = ind.climate.set_index("year")
    assert c.loc[2006, "event_balance"] == pytest.approx(0.25)
    assert c.loc[2006, "event_score"] == pytest.approx(-8 / 3)
    # 2024: five conflictual events and one neutral (the president-elect's tariff vow of November 2024 left the list
    # in the double coding, data/manual/events_adjudication.csv); balance (0 + 1/2 + 1/2) / (6 + 1)
    assert (c.loc[2024, "cooperative"], c.loc[2024, "conflictual"], c.loc[2024, "neutral"]) == (0, 5, 1)
    assert c.loc[2024, "event_balance"] == pytest.approx(1 / 7)
    assert c.loc[2024, "event_score"] == pytest.approx(-2.0)


def test_climate_only_for_years_inside_the_chronology(tables):
    c = ci.climate_frame(tables["events"], 2004, 2026).set_index("year")
    assert c.loc[2004:2005, "event_balance"].isna().all()  # before 1 Jan 2006
    assert math.isnan(c.loc[2026, "event_balance"])  # chronology stops 31 Jan 2026: partial year
    assert c.loc[2006:2025, "event_balance"].notna().all()


def test_year_without_events_is_neutral_balance_and_no_score(tables):
    events = tables["events"][tables["events"]["date"].dt.year != 2014]
    c = ci.climate_frame(events, 2013, 2015).set_index("year")
    assert c.loc[2014, "event_balance"] == 0.5 and math.isnan(c.loc[2014, "event_score"])


# --------------------------------------------------------------------------- the deterministic index


def test_scored_years_and_gaps(result):
    assert result.scored_years == SCORED
    assert 2011 in result.unscored_years  # no extradition figure
    assert 2021 in result.unscored_years  # no Greenbook obligations
    index = result.reference.set_index("year")["index"]
    assert index.loc[SCORED].notna().all() and index.drop(SCORED).isna().all()


def test_reference_index_2006_by_hand(result):
    judicial = (1 + 99 * 63 / 150 + 1 + 99 * 25 / 50) / 2
    resources = 1 + 99 * SA_2006 / 1000  # the centred mean FY2005-FY2007: 1 + 99 * 124.835 / 1000 = 13.359
    climate = (1 + 99 * 0.25 + 1 + 99 * (-8 / 3 + 4) / 12) / 2  # event score bounds -4 to 8
    row = result.reference.set_index("year").loc[2006]
    assert (row["judicial"], row["resources"], row["climate"]) == pytest.approx((judicial, resources, climate))
    assert row["index"] == pytest.approx((judicial * resources * climate) ** (1 / 3))


def test_weights_change_the_deterministic_index(ind):
    default = ci.compute_index(ind).set_index("year")["index"]
    judicial = ci.compute_index(ind, {"judicial": 2, "resources": 1, "climate": 1}).set_index("year")["index"]
    # geometric, weights 2, 1, 1 -> 0.5, 0.25, 0.25 of the 2008 pillars
    pillars = ci.compute_index(ind).set_index("year").loc[2008]
    expected = pillars["judicial"] ** 0.5 * pillars["resources"] ** 0.25 * pillars["climate"] ** 0.25
    assert judicial.loc[2008] == pytest.approx(expected)
    assert abs(judicial.loc[2008] - default.loc[2008]) > 3  # 52.85 against 49.57


def test_zero_weight_drops_the_pillar_requirement(ind):
    index = ci.compute_index(ind, {"resources": 0}).set_index("year")["index"]
    assert not math.isnan(index.loc[2021])  # judicial and climate, no assistance
    assert math.isnan(index.loc[2023])  # still no extradition figure


def test_bad_weights_raise():
    with pytest.raises(ValueError, match="unknown pillar"):
        ci.check_weights({"military": 1})
    with pytest.raises(ValueError):
        ci.check_weights({"judicial": 0, "resources": 0, "climate": 0})
    assert ci.check_weights({"judicial": 2}) == {"judicial": 2.0, "resources": 1.0, "climate": 1.0}


def test_leave_out_never_empties_a_pillar(ind):
    assert ci.leave_out_options(ind.values) == ("none", "extraditions_us_mx", "event_balance", "event_score")


def test_contributions_sum_to_index(result):
    sums = result.contributions.groupby("year")["contribution"].sum()
    ref = result.reference.set_index("year")["index"]
    assert sums.to_numpy() == pytest.approx(ref.loc[sums.index].to_numpy())


# --------------------------------------------------------------------------- Monte Carlo


def test_vectorised_draws_match_the_deterministic_index(ind, cube):
    options = ci.Options("rank", "arithmetic", "log", "alternative", "event_score")
    expected = ci.compute_index(ind, {"judicial": 2, "resources": 1, "climate": 3}, options)["index"].to_numpy()
    picks = {f: np.array([cube.options[f].index(getattr(options, f))]) for f in ci.DISCRETE_FACTORS}
    got = ci.evaluate(cube, np.array([[2.0, 1.0, 3.0]]), picks)[0]
    assert np.allclose(got, expected, equal_nan=True)


def test_monte_carlo_is_reproducible(cube):
    a = ci.monte_carlo(cube, draws=1000, seed=7)
    b = ci.monte_carlo(cube, draws=1000, seed=7)
    c = ci.monte_carlo(cube, draws=1000, seed=8)
    assert np.array_equal(a.values, b.values)
    assert not np.array_equal(a.values, c.values)
    assert a.values.shape == (1000, len(SCORED)) and list(a.years) == SCORED


def test_weights_stay_within_25_percent(cube):
    mc = ci.monte_carlo(cube, {"judicial": 2, "resources": 1, "climate": 1}, draws=1000, seed=1)
    assert np.allclose(mc.weights.sum(axis=1), 1)
    ratio = mc.weights[:, 0] / mc.weights[:, 1]  # judicial / resources around 2
    assert ratio.min() >= 2 * 0.75 / 1.25 - 1e-9 and ratio.max() <= 2 * 1.25 / 0.75 + 1e-9


def test_median_inside_bands(result):
    s = result.summary
    assert (s["p05"] <= s["p25"]).all() and (s["p25"] <= s["median"]).all()
    assert (s["median"] <= s["p75"]).all() and (s["p75"] <= s["p95"]).all()


def test_prob_increase_is_paired_within_draws():
    # medians fall (2 -> 1.5) but the index rises in one of three draws
    mc = ci.MonteCarlo(np.array([2000, 2001]), np.array([[1.0, 2.0], [3.0, 0.0], [2.0, 1.5]]),
                       np.ones((3, 3)) / 3, {}, 0)
    reference = pd.DataFrame({"year": [2000, 2001], "index": [1.0, 2.0]})
    s = ci.summarise(mc, reference)
    assert s.loc[1, "prob_increase"] == pytest.approx(1 / 3)
    assert s.loc[1, "change"] == "not robust" and s.loc[0, "change"] == ""
    assert int(s.loc[1, "compared_with"]) == 2000


def test_robust_changes_follow_the_threshold(result):
    s = result.summary.dropna(subset=["prob_increase"])
    assert (s.loc[s["change"] == "robust rise", "prob_increase"] >= 0.9).all()
    assert (s.loc[s["change"] == "robust fall", "prob_increase"] <= 0.1 + 1e-12).all()
    assert s.loc[s["change"] == "not robust", "prob_increase"].between(0.1, 0.9).all()


def test_restricting_choices(cube):
    mc = ci.monte_carlo(cube, draws=1000, seed=3, choices={"normalisation": ["minmax"], "aggregation": ["geometric"]})
    assert set(mc.picks["normalisation"]) == {0} and set(mc.picks["aggregation"]) == {0}
    with pytest.raises(ValueError, match="choices"):
        ci.monte_carlo(cube, draws=10, choices={"normalisation": ["median"]})


# --------------------------------------------------------------------------- Sobol


def test_sobol_indices_in_unit_interval(result):
    table = result.sobol.table
    assert (table["S1_raw"] >= -0.05).all() and (table["ST_raw"] >= -0.05).all()
    assert table["S1"].between(0, 1).all() and table["ST"].between(0, 1).all()
    assert (table["ST"] >= table["S1"] - 0.1).all()


def test_sobol_choice_never_varied_has_zero_total(tables, ind, cube):
    reference = ci.compute_index(ind)
    sobol = ci.sobol_analysis(cube, None, reference, n=256, seed=1, choices={"source": ["preferred"]})
    st = sobol.table.set_index("choice")["ST"]
    assert st["source"] == pytest.approx(0, abs=1e-9)
    assert st["normalisation"] > 0.1


def test_sobol_source_inert_where_sources_agree(tables):
    # 2012-2020: no year with two different full-year figures, so the source choice changes nothing
    r = ci.build(start_year=2012, end_year=2020, draws=1000, tables=tables, sobol_n=256)
    assert r.sobol.table.set_index("choice").loc["source", "ST"] < 0.01


def test_sobol_needs_power_of_two(ind, cube):
    with pytest.raises(ValueError, match="power of two"):
        ci.sobol_analysis(cube, None, ci.compute_index(ind), n=1000)


# --------------------------------------------------------------------------- report pieces


def test_key_figures(result):
    kf = ci.key_figures(result)
    for name in ("years", "median", "p05", "p25", "p75", "p95", "prob_increase", "robust_changes", "draws", "sobol_total"):
        assert {"value", "unit", "period", "source_ids", "note"} <= set(kf[name])
    assert kf["years"]["value"] == SCORED
    assert len(kf["median"]["value"]) == len(SCORED) == len(kf["p95"]["value"])
    assert set(kf["prob_increase"]["value"]) == set(SCORED[1:])
    assert set(kf["robust_changes"]["value"]) <= set(SCORED)
    assert kf["draws"]["value"] == 2000
    assert set(kf["sobol_total"]["value"]) == set(ci.FACTORS)
    assert "ondcp_source_countries_mexico_2008" in kf["median"]["source_ids"]
    labels = ci.text.key_figure_labels(result)
    assert set(labels) <= set(kf) and labels["top_choice"] == "choice that moves ranks most"


def test_administration_comparison(result):
    admin = result.by_administration.set_index("administration")
    assert admin.loc["Calderón", "years"] == "2007–2010, 2012"  # 2006 belongs to Fox (majority of the year)
    assert admin.loc["López Obrador", "years"] == "2019–2020"
    assert result.administration_pairs["prob_earlier_higher"].between(0, 1).all()


def test_homicide_comparison(result):
    frame = result.homicides["frame"].set_index("year")
    assert frame.loc[2018, "homicides"] == 36685  # INEGI 2018 final, preferred
    assert result.homicides["n_level"] == len(SCORED)


def test_build_rejects_bad_parameters(tables):
    with pytest.raises(ValueError, match="normalisation"):
        ci.build(normalisation="median", tables=tables)
    with pytest.raises(ValueError, match="aggregation"):
        ci.build(aggregation="harmonic", tables=tables)
    with pytest.raises(ValueError, match="end_year"):
        ci.build(start_year=2020, end_year=2010, tables=tables)


def test_charts_and_prose_build(result):
    charts = {"index-fan": ci.plots.fan_chart, "pillars": ci.plots.pillars_chart,
              "pillar-contributions": ci.plots.contribution_chart, "year-ranks": ci.plots.rank_chart,
              "coverage": ci.plots.coverage_chart, "sobol": ci.plots.sobol_chart}
    for name, chart in charts.items():
        c = chart(result)
        assert c.name == name and c.figure is not None
        assert len(c.data) and c.caption and c.alt and c.source_ids
    # the lowest resources value among scored years is now 2007's centred mean (FY2006-FY2008:
    # (209.450 + 79.725 + 23.716) / 3 = 104.3 million 2024 dollars); the annual FY2008 low (23.7M) is not used
    validation = ci.text.validation(result)
    assert ("in 2007 U.S. security assistance obligated, as a centred mean of FY2006\u2013FY2008, was $104.3 million "
            "(2024 dollars), the lowest of the scored years") in validation
    assert ci.text.data_gaps(result) and ci.text.methodology(result)


def test_tables_build(result):
    for table in (ci.tables.summary_table, ci.tables.indicator_table, ci.tables.values_table, ci.tables.correlations_table,
                  ci.tables.sobol_table, ci.tables.administration_table, ci.tables.validation_table):
        t = table(result)
        assert len(t.data) and t.caption and t.source_ids
    assert list(ci.tables.summary_table(result).data["Year"]) == [str(y) for y in SCORED]
    assert ci.tables.validation_table(result).data.set_index("Year").loc["2018", "Homicides (INEGI)"] == 36685


def test_bench_times_each_step_of_the_index(tables):
    from mxsec.bench import index_timings

    timings = index_timings(tables)
    assert set(timings) == {"load", "monte_carlo", "sobol", "total"}
    assert timings["total"] >= timings["monte_carlo"] + timings["sobol"] > 0
