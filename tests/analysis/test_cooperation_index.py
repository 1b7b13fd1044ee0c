"""Cooperation index (mxsec.analysis.cooperation_index), second edition.

Values checked by hand in data/:
- extraditions.csv, mx_to_us, full calendar years, preferred: 2006 63 (ONDCP), 2008 95 (VOA; the
  Embassy's 85 of 30 Dec 2008 is another source's full-year all-persons figure), 2009 107, 2010 94,
  2012 115, 2013 54 (TPPF, the literature's only figure), 2014 66, 2017 57, 2018 69, 2019 58, 2020 60,
  2021 43, 2022 78 (Mexican nationals only); no row for 2011, 2015, 2016, 2023-2025. us_to_mx: 2006 25,
  2008 32 only (dropped from the index: two observations).
- us_cpi_u.csv: 2004 188.9, 2005 195.3, 2006 201.6, 2007 207.342, 2008 215.303, 2024 313.689.
- Greenbook security assistance (funding.security_assistance), nominal: FY2004 $49,305,246 (incle
  38,280,546 + dod_counterdrug 9,713,000 + imet 1,257,000 + nadr 54,700), FY2005 $53,126,511, FY2006
  $134,608,061, FY2007 $52,696,777, FY2008 $16,278,923; no by-account obligations after FY2020. The
  resources indicator is the trailing three-year mean of the constant-dollar values: FY2006 averages
  FY2004-FY2006; FY2021 has none (FY2021 is missing, and a mean needs all its years).
- events.csv, 2006: two unilateral_action (score -4 each) and one arrest (0): mean score -8/3, balance
  (0 + 1) / (0 + 2 + 2) = 0.25. 2012: two extraditions (left out of the climate pillar), a dispute (-2)
  and a dialogue (+1): mean -0.5.
"""

import math

import numpy as np
import pandas as pd
import pytest

from mxsec.analysis import cooperation_index as ci
from mxsec.analysis import funding
from mxsec.analysis.cooperation_index import importance, scenarios
from mxsec.data import load
from mxsec.data.events import CATEGORY_SCORES
from mxsec.data.sources import LITERATURE_NOTE
from mxsec.paths import data_dir, notebooks_dir
from mxsec.render.params import ParameterError, read_parameters, validate


def _constant(nominal, cpi_year):
    return nominal * 313.689 / cpi_year / 1e6


SA_2006 = (_constant(49_305_246, 188.9) + _constant(53_126_511, 195.3) + _constant(134_608_061, 201.6)) / 3
# = (81.874 + 85.331 + 209.450) / 3 = 125.552 million 2024 dollars (the annual FY2006 value alone was 209.450)
SA_2008 = (_constant(134_608_061, 201.6) + _constant(52_696_777, 207.342) + _constant(16_278_923, 215.303)) / 3
# = (209.450 + 79.725 + 23.717) / 3 = 104.297 million 2024 dollars

SCORED = [2006, 2007, 2008, 2009, 2010, 2012, 2013, 2014, 2017, 2018, 2019, 2020]
CONSECUTIVE = [2007, 2008, 2009, 2010, 2013, 2014, 2018, 2019, 2020]  # scored years whose previous year is scored


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


@pytest.fixture(scope="module")
def default(tables):
    """The default edition's ensemble (10,000 draws: the Monte Carlo takes a fraction of a second);
    a small Sobol sample, which the band test does not use."""
    return ci.build(tables=tables, sobol_n=64)


# --------------------------------------------------------------------------- normalisation and aggregation


def test_minmax_over_fixed_bounds_onto_1_100():
    out = ci.normalise(np.array([0, 75, 150, 200, np.nan]), "minmax", 0, 150)
    assert out[:4] == pytest.approx([1.0, 50.5, 100.0, 100.0])  # 1 + 99 * 75/150 = 50.5; 200 clipped to the bound
    assert math.isnan(out[4])
    assert ci.normalise(np.array([-5.0]), "minmax", 0, 1)[0] == 1.0  # never 0


def test_zscore_distance_and_rank_normalisation():
    # mean 2, sample sd 1 -> z = -1, 0, 1 -> 50 -/+ 49/3
    assert ci.normalise(np.array([1.0, 2.0, 3.0]), "zscore", 0, 10) == pytest.approx([50 - 49 / 3, 50.0, 50 + 49 / 3])
    assert ci.normalise(np.array([4.0, 4.0]), "zscore", 0, 10) == pytest.approx([50.0, 50.0])
    # reference 10 (first value); 50 + 49 * (20 - 10) / 100 = 54.9
    out = ci.normalise(np.array([np.nan, 10.0, 20.0]), "distance", 0, 100)
    assert math.isnan(out[0]) and out[1:] == pytest.approx([50.0, 54.9])
    assert ci.normalise(np.array([5.0, 1.0, 3.0]), "rank", 0, 10) == pytest.approx([100.0, 1.0, 50.5])
    with pytest.raises(ValueError, match="normalisation"):
        ci.normalise(np.array([1.0]), "median", 0, 1)


def test_normalise_rows_each_over_its_own_values():
    rows = np.array([[1.0, 2.0, 3.0], [3.0, np.nan, 1.0]])
    z = ci.normalise(rows, "zscore", 0, 10)
    assert z[0] == pytest.approx([50 - 49 / 3, 50.0, 50 + 49 / 3])
    assert z[1, 0] > 50 > z[1, 2] and math.isnan(z[1, 1])  # mean 2, sd sqrt(2): +-49/3/sqrt(2)
    assert ci.normalise(rows, "rank", 0, 10)[1, [0, 2]] == pytest.approx([100.0, 1.0])


def test_geometric_and_arithmetic_aggregation():
    pillars = np.array([[4.0], [16.0], [1.0]])  # three pillars, one year
    assert ci.aggregate(pillars, np.array([1, 1, 1]), "geometric")[0] == pytest.approx(4.0)  # (4*16*1)^(1/3)
    assert ci.aggregate(pillars, np.array([1, 1, 1]), "arithmetic")[0] == pytest.approx(7.0)
    assert ci.aggregate(pillars, np.array([2, 1, 1]), "geometric")[0] == pytest.approx(4.0)
    assert ci.aggregate(pillars, np.array([2, 1, 1]), "arithmetic")[0] == pytest.approx(6.25)
    gaps = np.array([[4.0, 4.0], [np.nan, 9.0], [1.0, 1.0]])
    out = ci.aggregate(gaps, np.array([1, 1, 1]), "geometric")
    assert math.isnan(out[0]) and out[1] == pytest.approx((4 * 9) ** (1 / 3))
    assert ci.aggregate(gaps, np.array([1, 0, 1]), "geometric") == pytest.approx([2.0, 2.0])


def test_winsorise_and_log_treatment():
    assert ci.winsorise(np.array([1, 2, 3, 4, 100, np.nan]))[:5] == pytest.approx([2, 2, 3, 4, 4])
    assert ci.winsorise(np.array([1.0, 50.0, 3.0])) == pytest.approx([1.0, 50.0, 3.0])  # too few values
    rows = ci.winsorise(np.array([[1, 2, 3, 4, 100.0], [5, 1, 9, 2, 3.0]]))
    assert rows == pytest.approx(np.array([[2, 2, 3, 4, 4], [5, 2, 5, 2, 3]]))
    assert ci.treat(np.array([0.0, math.e - 1]), "log") == pytest.approx([0.0, 1.0])
    assert ci.treat(np.array([-2.0]), "log", non_negative=False) == pytest.approx([-2.0])
    assert ci.treat_bounds(ci.INDICATOR_BY_NAME["extraditions_mx_us"], "log") == pytest.approx((0.0, math.log1p(150)))


def test_skew_rule_matches_pandas_and_flags_only_heavy_tails():
    heavy = pd.DataFrame({"security_assistance": [1.0] * 19 + [1000.0], "event_score": [1.0] * 19 + [-1000.0],
                          "event_balance": np.linspace(0, 1, 20)})
    table = ci.skewness_table(heavy).set_index("indicator")
    assert table.loc["security_assistance", "rule_treatment"] == "log"
    assert table.loc["event_score", "rule_treatment"] == "winsorise"  # may be negative: no log
    assert table.loc["event_balance", "rule_treatment"] == "none"
    for name in heavy:
        assert table.loc[name, "skewness"] == pytest.approx(heavy[name].skew())
        assert table.loc[name, "excess_kurtosis"] == pytest.approx(heavy[name].kurt())


def test_no_default_indicator_is_treated(result):
    assert not result.skew["flagged"].any()
    assert list(result.skew["indicator"]) == list(ci.INDICATOR_NAMES)


# --------------------------------------------------------------------------- indicators: one each, no double counting


def test_one_indicator_per_pillar_each_with_direction_and_rationale():
    assert [i.pillar for i in ci.INDICATORS] == list(ci.PILLARS)
    for i in ci.INDICATORS + ci.ALTERNATIVE_INDICATORS:
        assert i.direction == 1 and len(i.rationale) > 40 and len(i.bounds_rationale) > 40
    assert "extraditions_us_mx" not in ci.INDICATOR_NAMES and "extraditions_us_mx" in ci.DROPPED_INDICATORS
    assert ci.index_indicators("event_balance") == ("extraditions_mx_us", "security_assistance", "event_balance")
    # the score bounds are symmetric, so neutral sits mid-scale like a balance of one half
    score = ci.INDICATOR_BY_NAME["event_score"]
    assert (score.lower, score.upper) == (-8.0, 8.0)
    assert ci.normalise(np.array([0.0]), "minmax", score.lower, score.upper)[0] == pytest.approx(50.5)


def double_counted(pillar_events: pd.DataFrame) -> pd.DataFrame:
    """Events a climate pillar counts that are themselves indicator values (the checker the test applies)."""
    return pillar_events[pillar_events["category"].isin(ci.INDICATOR_EVENT_CATEGORIES)]


def test_no_event_of_the_climate_pillar_is_an_indicator_value(tables, ind):
    events = tables["events"]
    raw = pd.read_csv(data_dir() / "events.csv", parse_dates=["date"])
    inside = raw[raw["date"].between(pd.Timestamp(ci.EVENTS_COVERAGE[0]), pd.Timestamp(ci.EVENTS_COVERAGE[1]))]
    assert len(double_counted(ind.events)) == 0
    # the pillar counts exactly the other events, read independently from data/events.csv
    expected = inside[~inside["category"].isin(["extradition", "transfer", "aid"])]
    assert sorted(zip(ind.events["date"], ind.events["title"])) == sorted(zip(expected["date"], expected["title"]))
    # every extradition, transfer and aid event of the file is outside the pillar, and the counts say so
    left = inside[inside["category"].isin(["extradition", "transfer", "aid"])]
    assert len(left) > 0 and not set(left["title"]) & set(ind.events["title"])
    climate = ind.climate.set_index("year")
    for year in ci.covered_event_years(2006, 2025):
        assert climate.loc[year, "events"] == (expected["date"].dt.year == year).sum()
        assert climate.loc[year, "left_out"] == (left["date"].dt.year == year).sum()
    # the checker fails on a planted double count
    planted = pd.concat([ind.events, events[events["category"] == "extradition"].head(1)], ignore_index=True)
    assert len(double_counted(planted)) == 1
    # and climate_events refuses one however it is planted
    assert len(double_counted(ci.climate_events(planted.drop(columns="year")))) == 0


def test_judicial_indicator_and_source_candidates(ind):
    v = ind.values
    assert v.loc[2006, "extraditions_mx_us"] == 63 and v.loc[2008, "extraditions_mx_us"] == 95
    assert v.loc[2010, "extraditions_mx_us"] == 94 and math.isnan(v.loc[2011, "extraditions_mx_us"])
    assert ind.judicial.set_index("year").loc[2022, "mx_us_scope"] == "nationals_only"
    candidates = ind.judicial.set_index("year")["mx_us_candidates"]
    assert [value for value, _ in candidates[2008]] == [95.0, 85.0]  # preferred first; the Embassy's 85
    assert all(len(c) == 1 for y, c in candidates.items() if y != 2008 and c)
    assert candidates[2011] == ()
    # nationals-only figures are a different scope, not an alternative source
    assert [value for value, _ in candidates[2019]] == [58.0]
    assert list(ind.judicial["us_mx"].dropna()) == [25.0, 32.0]


def test_trailing_mean_needs_every_year_of_its_window():
    series = pd.Series([1.0, 2.0, np.nan, 4.0, 5.0, 6.0], index=range(2000, 2006))
    out = ci.trailing_mean(series, 3)
    assert math.isnan(out[2000]) and math.isnan(out[2001])  # window starts before the series
    assert math.isnan(out[2002]) and math.isnan(out[2003]) and math.isnan(out[2004])  # 2002 is missing: never filled
    assert out[2005] == pytest.approx(5.0)
    assert ci.trailing_mean(series, 1).equals(series)
    with pytest.raises(ValueError):
        ci.trailing_mean(series, 0)


def test_resources_use_funding_definition_and_cpi(tables, ind):
    assert funding.security_assistance(tables["us_assistance"], 2004, 2004)["value_usd"].iloc[0] == 49_305_246
    res = ind.resources.set_index("year")
    assert res.loc[2006, "obligated"] == pytest.approx(_constant(134_608_061, 201.6))  # the year's own value
    assert ind.values.loc[2006, "security_assistance"] == pytest.approx(SA_2006)
    assert ind.values.loc[2008, "security_assistance"] == pytest.approx(SA_2008)
    assert (res.loc[2006, "window_start"], res.loc[2006, "window_end"]) == (2004, 2006)
    assert res.loc[2006, "trailing_1"] == pytest.approx(res.loc[2006, "obligated"])
    assert res.loc[2006, "trailing_2"] == pytest.approx((_constant(53_126_511, 195.3) + _constant(134_608_061, 201.6)) / 2)
    # FY2020, the last Greenbook year, keeps a value; FY2021 has none (no shorter window)
    assert not math.isnan(ind.values.loc[2020, "security_assistance"])
    assert ind.resources.set_index("year").loc[2021:, [f"trailing_{w}" for w in ci.SMOOTHING_WINDOWS]].isna().all().all()


def test_climate_indicators(ind):
    c = ind.climate.set_index("year")
    assert c.loc[2006, "event_score"] == pytest.approx(-8 / 3) and c.loc[2006, "event_balance"] == pytest.approx(0.25)
    assert c.loc[2012, "event_score"] == pytest.approx(-0.5) and c.loc[2012, "left_out"] == 2
    # 2024: five conflictual events and one neutral (the president-elect's tariff vow of November 2024 left the list
    # in the double coding, data/manual/events_adjudication.csv); balance (0 + 1/2 + 1/2) / (6 + 1)
    assert (c.loc[2024, "cooperative"], c.loc[2024, "conflictual"], c.loc[2024, "neutral"]) == (0, 5, 1)
    assert c.loc[2024, "event_balance"] == pytest.approx(1 / 7)
    assert c.loc[2024, "event_score"] == pytest.approx(-2.0)


def test_climate_only_for_years_inside_the_chronology(tables):
    c = ci.climate_frame(tables["events"], 2004, 2026).set_index("year")
    assert c.loc[2004:2005, "event_score"].isna().all()  # before 1 Jan 2006
    assert math.isnan(c.loc[2026, "event_score"])  # chronology stops 31 Jan 2026: partial year
    assert c.loc[2006:2025, "event_balance"].notna().all()


def test_yearly_measures_by_hand():
    years = np.array([2000, 2001, 2002])
    m = ci.yearly_measures(np.array([[2000, 2000, 2001, 1999]]), np.array([[8.0, -2.0, 0.0, 5.0]]), years,
                           np.array([True, True, False]))
    assert m["event_score"][0, :2] == pytest.approx([3.0, 0.0]) and math.isnan(m["event_score"][0, 2])
    assert m["event_balance"][0, :2] == pytest.approx([2 / 4, 1 / 2])  # (1+1)/(1+1+2); no directional events
    assert m["events"][0, :2] == pytest.approx([2, 1])  # 1999 is outside the years


# --------------------------------------------------------------------------- the deterministic index and weights


def test_scored_years_and_gaps(result):
    assert result.scored_years == SCORED
    assert 2011 in result.unscored_years and 2021 in result.unscored_years
    index = result.reference.set_index("year")["index"]
    assert index.loc[SCORED].notna().all() and index.drop(SCORED).isna().all()


def test_reference_index_2006_by_hand(ind):
    judicial = 1 + 99 * 63 / 150
    resources = 1 + 99 * SA_2006 / 1000  # 1 + 99 * 125.552 / 1000 = 13.430
    climate = 1 + 99 * (-8 / 3 + 8) / 16  # event score bounds -8 to 8
    w = {"judicial": 2.0, "resources": 1.0, "climate": 1.0}
    row = ci.compute_index(ind, w).set_index("year").loc[2006]
    assert (row["judicial"], row["resources"], row["climate"]) == pytest.approx((judicial, resources, climate))
    assert row["index"] == pytest.approx(judicial ** 0.5 * resources ** 0.25 * climate ** 0.25)


def test_correlation_ratio_is_the_linear_share_of_variance():
    # an arithmetic index of orthogonal, centred pillars: r_i^2 = w_i^2 var_i / var(index), summing to 1
    x = np.array([[1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]], dtype=float) * np.array([[1.0], [2.0], [3.0]])
    w = np.array([0.5, 0.3, 0.2])
    frame = pd.DataFrame({"year": range(4), "judicial": x[0], "resources": x[1], "climate": x[2], "index": w @ x})
    ratios = ci.correlation_ratios(frame, range(4))
    expected = (w * np.array([1, 2, 3])) ** 2 / ((w * np.array([1, 2, 3])) ** 2).sum()
    assert ratios["correlation_ratio"].to_numpy() == pytest.approx(expected)
    assert ratios["share"].sum() == pytest.approx(1.0)


def test_balanced_weights_equalise_importance(result, ind):
    shares = result.importance.set_index("pillar")["share"]
    assert (shares - 1 / 3).abs().max() < importance.BALANCE_TOLERANCE
    assert sum(result.weights.values()) == pytest.approx(1.0)
    assert result.weighting == "balanced" and result.balance_iterations >= 1
    # with equal nominal weights the resources pillar dominates: the reason for the default
    equal = result.importance_equal.set_index("pillar")
    assert equal["weight"].to_numpy() == pytest.approx([1 / 3] * 3) and equal.loc["resources", "share"] > 0.5
    assert equal.loc["resources", "share"] > 2 * equal.loc["climate", "share"]
    # the same weights from a direct call
    w, _ = ci.balanced_weights(ind, SCORED)
    assert w == pytest.approx(result.weights)


def test_weights_parameter(tables):
    nominal = ci.build(weights="nominal", draws=200, tables=tables, sobol_n=8)
    assert nominal.weights == pytest.approx({p: 1 / 3 for p in ci.PILLARS}) and nominal.balance_iterations == 0
    mapping = ci.build(weights={"judicial": 2, "resources": 1, "climate": 1}, draws=200, tables=tables, sobol_n=8)
    assert mapping.weighting == "nominal" and mapping.weights["judicial"] == pytest.approx(0.5)
    chosen = ci.build(weights="nominal", nominal_weights={"judicial": 2}, draws=200, tables=tables, sobol_n=8)
    assert chosen.weights == pytest.approx(mapping.weights)
    with pytest.raises(ValueError, match="weights"):
        ci.build(weights="optimal", tables=tables)
    with pytest.raises(ValueError, match="unknown pillar"):
        ci.check_weights({"military": 1})


def test_the_notebook_offers_weights_balanced():
    params = read_parameters(notebooks_dir() / "cooperation_index.ipynb")
    assert params.defaults()["weights"] == ci.DEFAULT_WEIGHTING == "balanced"
    assert validate(params, {"weights": "nominal", "nominal_weights": '{"judicial": 2}'})["weights"] == "nominal"
    with pytest.raises(ParameterError, match="weights"):
        validate(params, {"weights": "optimal"})


def test_zero_weight_drops_the_pillar_requirement(tables):
    r = ci.build(weights={"resources": 0}, draws=200, tables=tables, sobol_n=8)
    assert 2021 in r.scored_years and 2023 not in r.scored_years  # no assistance needed; still no extradition figure


def test_contributions_sum_to_index(result):
    sums = result.contributions.groupby("year")["contribution"].sum()
    ref = result.reference.set_index("year")["index"]
    assert sums.to_numpy() == pytest.approx(ref.loc[sums.index].to_numpy())


# --------------------------------------------------------------------------- data factors


def test_source_scenarios_draw_every_other_figure(ind):
    rows, picks = ci.source_scenarios(ind, 1)
    col = list(ind.years).index(2008)
    assert rows.shape == (2, len(ind.years)) and sorted(rows[:, col]) == [85.0, 95.0]
    assert rows[0, col] == 95.0  # row 0 is the preferred data
    np.testing.assert_array_equal(np.delete(rows[0], col), np.delete(rows[1], col))
    assert picks[1][2008] == (85.0, "usembassy_mx_pr_extraditions_record_year_20081230")


def test_timing_moves_only_boundary_events_by_one_year(ind):
    moved = ci.timing_scenarios(ind.events, ind.years, seed=3, n=50)
    recorded = ind.events["year"].to_numpy()
    months = ind.events["date"].dt.month.to_numpy()
    assert moved.shape == (51, len(ind.events)) and np.array_equal(moved[0], recorded)
    shift = moved - recorded
    assert (shift[:, (months != 1) & (months != 12)] == 0).all()
    assert set(np.unique(shift[:, months == 1])) == {-1, 0} and set(np.unique(shift[:, months == 12])) == {0, 1}
    keep = set(recorded) & set(range(2006, 2026))
    assert all(keep <= set(row) for row in moved)  # no scenario empties a year that has events
    assert 0.3 < (shift[1:, months == 12] == 1).mean() < 0.7  # each moves with probability 1/2


def test_timing_redraws_a_scenario_that_would_empty_a_year():
    events = pd.DataFrame({"date": pd.to_datetime(["2010-01-05", "2011-06-01"]), "year": [2010, 2011]})
    moved = ci.timing_scenarios(events, np.array([2009, 2010, 2011]), seed=0, n=20)
    assert (moved[:, 0] == 2010).all()  # moving the only 2010 event would empty 2010


def test_bootstrap_keeps_each_years_count_and_draws_within_the_year():
    years = np.array([2001, 2000, 2001, 2001])
    scores = np.array([1.0, 5.0, 2.0, 3.0])
    u = np.random.default_rng(0).random((200, 4))
    ys, sc = scenarios.bootstrap_rows(years, scores, u)
    assert (ys == np.array([2000, 2001, 2001, 2001])).all()
    assert (sc[:, 0] == 5.0).all()  # the only 2000 event
    assert set(np.unique(sc[:, 1:])) == {1.0, 2.0, 3.0}
    assert list(sc[0]) == [5.0, 1.0, 2.0, 3.0]  # replicate 0 is the list itself


def test_climate_scenarios_start_from_the_recorded_list(ind):
    c = ci.climate_scenarios(ind, seed=5, timing=4, replicates=8)
    assert c.shape == (2, 5, 9, len(ind.years))
    assert np.allclose(c[0, 0, 0], ind.values["event_score"].to_numpy(), equal_nan=True)
    assert np.allclose(c[1, 0, 0], ind.values["event_balance"].to_numpy(), equal_nan=True)
    col = list(ind.years).index(2014)  # three neutral arrests: every resample of them scores 0
    assert np.allclose(c[0, 0, :, col], 0.0)
    # but the dialogue of 6 January 2015 may belong to 2014 (+1 among three arrests: 0.25)
    assert set(np.round(c[0, :, 0, col], 6)) == {0.0, 0.25}
    col = list(ind.years).index(2012)
    assert set(np.round(c[0, 0, 1:, col], 6)) <= {-2.0, -0.5, 1.0}  # two events: both one, or one of each


def test_cube_options_and_shapes(cube, ind):
    assert cube.options["smoothing"] == ("1 year", "2 years", "3 years", "4 years")
    assert cube.judicial.shape == (3, 4, 2, len(ind.years)) and cube.resources.shape == (3, 4, 4, len(ind.years))
    assert cube.climate.shape == (3, 4, 2, ci.TIMING_SCENARIOS + 1, ci.EVENT_REPLICATES + 1, len(ind.years))
    assert list(cube.drawn["event_sample"]) == list(range(1, ci.EVENT_REPLICATES + 1))  # random replicates only
    assert cube.held == {"normalisation": 0, "aggregation": 0, "treatment": 0, "climate_measure": 0, "source": 0,
                         "smoothing": 2, "event_timing": 0, "event_sample": 0}
    assert list(ind.years[ci.scored_mask(cube, None)]) == SCORED


def test_vectorised_draws_match_the_deterministic_index(ind, cube):
    options = ci.Options("rank", "arithmetic", "log", "event_balance", window=1)
    w = {"judicial": 2.0, "resources": 1.0, "climate": 3.0}
    expected = ci.compute_index(ind, w, options)["index"].to_numpy()
    picks = {"normalisation": [3], "aggregation": [1], "treatment": [1], "climate_measure": [1], "smoothing": [0]}
    got = ci.evaluate(cube, np.array([[2.0, 1.0, 3.0]]), {k: np.array(v) for k, v in picks.items()})[0]
    assert np.allclose(got, expected, equal_nan=True)
    held = ci.evaluate(cube, np.array([[1.0, 1.0, 1.0]]), {})[0]  # every factor held: the default specification
    assert np.allclose(held, ci.compute_index(ind)["index"].to_numpy(), equal_nan=True)


# --------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_is_reproducible_and_varies_every_factor(cube):
    a = ci.monte_carlo(cube, draws=1000, seed=7)
    b = ci.monte_carlo(cube, draws=1000, seed=7)
    c = ci.monte_carlo(cube, draws=1000, seed=8)
    assert np.array_equal(a.values, b.values) and not np.array_equal(a.values, c.values)
    assert a.values.shape == a.levels.shape == (1000, len(SCORED)) and list(a.years) == SCORED
    assert set(a.picks) == set(ci.DISCRETE_FACTORS)
    for factor, picks in a.picks.items():
        assert set(picks) == set(cube.drawn[factor]), factor


def test_choices_only_holds_the_data(cube):
    mc = ci.monte_carlo(cube, draws=500, seed=2, factors=ci.CHOICE_FACTORS)
    assert set(mc.picks) == set(ci.CHOICE_FACTORS) - set(ci.CONTINUOUS_FACTORS)
    data_held = ci.evaluate(cube, mc.weights, {k: v for k, v in mc.picks.items()})[:, ci.scored_mask(cube, None)]
    assert np.allclose(mc.values, data_held)
    with pytest.raises(ValueError, match="factors"):
        ci.monte_carlo(cube, draws=10, factors=["leave_out"])


def test_weights_stay_within_the_spread(cube):
    mc = ci.monte_carlo(cube, {"judicial": 2, "resources": 1, "climate": 1}, draws=2000, seed=1)
    assert np.allclose(mc.weights.sum(axis=1), 1)
    ratio = mc.weights[:, 0] / mc.weights[:, 1]  # judicial / resources around 2
    low, high = 2 * (1 - ci.WEIGHT_SPREAD) / (1 + ci.WEIGHT_SPREAD), 2 * (1 + ci.WEIGHT_SPREAD) / (1 - ci.WEIGHT_SPREAD)
    assert ratio.min() >= low - 1e-9 and ratio.max() <= high + 1e-9
    assert ratio.min() < 0.8 and ratio.max() > 4  # +-50%: wider than the first edition's +-25%


def test_levels_stay_on_one_scale(cube):
    mc = ci.monte_carlo(cube, draws=2000, seed=4)
    mask = ci.scored_mask(cube, None)
    on_scale = (mc.picks["normalisation"] == 0) & (mc.picks["treatment"] == 0)
    assert np.allclose(mc.levels[on_scale], mc.values[on_scale])
    zscore = mc.picks["normalisation"] == ci.NORMALISATIONS.index("zscore")
    picks = {k: v[zscore] for k, v in mc.picks.items() if k not in ci.LEVEL_SCALE}
    assert np.allclose(mc.levels[zscore], ci.evaluate(cube, mc.weights[zscore], picks)[:, mask])
    assert not np.allclose(mc.levels[zscore], mc.values[zscore])


def test_prob_increase_is_paired_and_only_between_consecutive_years():
    mc = ci.MonteCarlo(np.array([2000, 2001, 2003]), np.array([[1.0, 2.0, 9.0], [3.0, 0.0, 9.0], [2.0, 1.5, 9.0]]),
                       np.array([[1.0, 2.0, 9.0], [3.0, 0.0, 9.0], [2.0, 1.5, 9.0]]), np.ones((3, 3)) / 3, {}, 0)
    s = ci.summarise(mc, pd.DataFrame({"year": [2000, 2001, 2003], "index": [1.0, 2.0, 3.0]}))
    assert s.loc[1, "prob_increase"] == pytest.approx(1 / 3)  # medians fall (2 -> 1.5), the index rises in one draw
    assert s.loc[1, "change"] == "not robust" and int(s.loc[1, "compared_with"]) == 2000
    assert math.isnan(s.loc[2, "prob_increase"]) and pd.isna(s.loc[2, "compared_with"]) and s.loc[2, "change"] == ""


def test_changes_are_between_consecutive_scored_years(result):
    s = result.summary.set_index("year")
    assert list(s.index[s["prob_increase"].notna()]) == CONSECUTIVE
    assert ci.compute.not_compared_years(result) == [2012, 2017]
    assert (s["compared_with"].dropna().astype(int) == s.index[s["compared_with"].notna()] - 1).all()
    ok = s.dropna(subset=["prob_increase"])
    assert (ok.loc[ok["change"] == "robust rise", "prob_increase"] >= 0.9).all()
    assert (ok.loc[ok["change"] == "robust fall", "prob_increase"] <= 0.1 + 1e-12).all()


def test_rank_summary_shapes(result):
    s = result.summary
    assert (s["rank_p05"] <= s["rank_median"]).all() and (s["rank_median"] <= s["rank_p95"]).all()
    assert s["rank_p05"].min() >= 1 and s["rank_p95"].max() <= len(SCORED)
    assert (s["p05"] <= s["p25"]).all() and (s["p25"] <= s["median"]).all() and (s["p75"] <= s["p95"]).all()


def test_default_specification_lies_inside_the_ensemble_in_every_year(default):
    # no exceptions: if this fails, the default specification is wrong, not the test
    s = default.summary
    assert default.draws == ci.DEFAULT_DRAWS and default.scored_years == SCORED
    assert ((s["reference"] >= s["p05"]) & (s["reference"] <= s["p95"])).all(), s[["year", "reference", "p05", "p95"]]
    assert ((s["reference_rank"] >= s["rank_p05"]) & (s["reference_rank"] <= s["rank_p95"])).all()
    assert ci.compute.levels_outside(default).empty and ci.compute.ranks_outside(default).empty


def test_the_band_checkers_catch_a_planted_outlier(result):
    planted = result.summary.copy()
    planted.loc[3, "reference"] = planted.loc[3, "p05"] - 1
    planted.loc[5, "reference_rank"] = planted.loc[5, "rank_p95"] + 1
    fake = type("R", (), {"summary": planted})()
    assert list(ci.compute.levels_outside(fake)["year"]) == [SCORED[3]]
    assert list(ci.compute.ranks_outside(fake)["year"]) == [SCORED[5]]


def test_rank_groups_are_plateaus(result):
    p = ci.outrank_probabilities(result.mc)
    assert np.allclose(np.diag(p), 0) and ((p + p.T).to_numpy() <= 1 + 1e-12).all()
    for y in result.top_group:
        assert (p[y] < ci.ROBUST_PROBABILITY).all()
    for y in set(SCORED) - set(result.top_group):
        assert (p[y] >= ci.ROBUST_PROBABILITY).any()
    assert not set(result.top_group) & set(result.bottom_group)
    assert len(result.top_group) > 1  # near-ties: no single first year


# --------------------------------------------------------------------------- Sobol


def test_sobol_covers_choices_and_data(result):
    table = result.sobol.table
    assert list(table["choice"]) == list(ci.FACTORS)
    assert dict(zip(table["choice"], table["kind"])) == {f: ("data" if f in ci.DATA_FACTORS else "choice") for f in ci.FACTORS}
    assert (table["S1_raw"] >= -ci.SOBOL_NOISE).all() and (table["ST_raw"] >= -ci.SOBOL_NOISE).all()
    assert table["S1"].between(0, 1).all() and table["ST"].between(0, 1).all()
    assert (table["ST"] >= table["S1"] - 0.1).all()
    groups = result.sobol.groups.set_index("group")
    assert list(groups.index) == ["choice", "data"] and groups["ST"].between(0, 1).all()
    assert result.sobol.runs == 256 * (len(ci.FACTORS) + 2) and result.sobol.group_runs == 256 * 4
    st = table.set_index("choice")["ST"]
    assert st["event_sample"] > st["source"]  # thin events move ranks; one disputed extradition year barely does


def test_sobol_factor_held_is_left_out(ind, cube):
    reference = ci.compute_index(ind)
    sobol = ci.sobol_analysis(cube, None, reference, n=64, seed=1, factors=ci.CHOICE_FACTORS)
    assert list(sobol.table["choice"]) == list(ci.CHOICE_FACTORS) and sobol.groups.empty
    assert sobol.table.set_index("choice").loc["normalisation", "ST"] > 0.05


def test_sobol_needs_power_of_two(ind, cube):
    with pytest.raises(ValueError, match="power of two"):
        ci.sobol_analysis(cube, None, ci.compute_index(ind), n=1000)


# --------------------------------------------------------------------------- report pieces


def test_key_figures(result):
    kf = ci.key_figures(result)
    assert kf["years"]["value"] == SCORED
    for name in ("median", "p05", "p95", "reference", "rank_median", "rank_p05", "rank_p95"):
        assert len(kf[name]["value"]) == len(SCORED), name
    assert set(kf["prob_increase"]["value"]) == set(CONSECUTIVE)
    assert set(kf["effective_importance"]["value"]) == set(ci.PILLARS)
    assert set(kf["effective_importance"]["value"]["resources"]) == {"weight", "correlation_ratio", "share",
                                                                      "share_equal_weights"}
    assert set(kf["sobol_total"]["value"]) == set(kf["sobol_first"]["value"]) == set(ci.FACTORS)
    assert "event_sample, event_timing" in kf["sobol_total"]["note"]
    assert set(kf["sobol_groups"]["value"]) == {"choice", "data"}
    assert set(kf["top_years"]["value"]) <= set(SCORED) and set(kf["low_years"]["value"]) <= set(SCORED)
    assert kf["draws"]["value"] == 2000
    assert {p: v["weight"] for p, v in kf["effective_importance"]["value"].items()} == pytest.approx(result.weights)
    assert "one scale" in kf["median"]["note"]
    # the literature rule: the 2013 extradition count (TPPF) is kept and marked
    assert LITERATURE_NOTE in kf["median"]["note"] and "tppf_davidson" in kf["median"]["note"]
    labels = ci.text.key_figure_labels(result)
    assert set(labels) <= set(kf)
    for gone in ("top_year", "low_year", "top_choice"):
        assert gone not in kf


def test_administration_comparison_needs_half_the_years(result):
    admin = result.by_administration.set_index("administration")
    assert admin.loc["Calderón", "years"] == "2007–2010, 2012" and admin.loc["Calderón", "n_scored"] == 5
    assert bool(admin.loc["Calderón", "compared"]) and bool(admin.loc["Peña Nieto", "compared"])
    assert not admin.loc["Fox", "compared"] and (admin.loc["Fox", "n_scored"], admin.loc["Fox", "n_years"]) == (1, 6)
    assert not admin.loc["López Obrador", "compared"] and admin.loc["López Obrador", "n_scored"] == 2
    assert result.administration_pairs[["earlier", "later"]].values.tolist() == [["Calderón", "Peña Nieto"]]


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


def test_report_text_says_what_the_data_show(result):
    findings = ci.text.findings(result)
    assert "fiscal year N (October N−1 to September N) with calendar year N" in findings
    assert "no single year ranks first" in findings and "plateau" in findings
    assert "year-to-year" not in findings.lower()
    assert "Fox" in findings and "too few scored years" in findings
    assert "cannot judge the view that cooperation froze under López Obrador" in findings
    assert "lies inside the 90% band" in findings
    face = ci.text.face_validity(result)
    assert "face validity" in face and "validation" not in face.lower()
    methodology = ci.text.methodology(result)
    assert "not a validation target" in methodology and "trailing" in methodology
    assert "extradition, transfer, aid" in methodology
    # the lowest resources value among scored years is 2008's trailing mean (FY2006-FY2008: 104.3 million)
    assert ("in 2008 U.S. security assistance obligated, as a trailing mean of FY2006\u2013FY2008, was $104.3 million "
            "(2024 dollars), the lowest of the scored years") in face
    assert ci.text.data_gaps(result) and "Extraditions, U.S. → Mexico**: no longer in the index" in ci.text.bounds(result)


def test_charts_build(result):
    charts = {"index-fan": ci.plots.fan_chart, "pillars": ci.plots.pillars_chart,
              "pillar-contributions": ci.plots.contribution_chart, "year-ranks": ci.plots.rank_chart,
              "coverage": ci.plots.coverage_chart, "sobol": ci.plots.sobol_chart}
    for name, chart in charts.items():
        c = chart(result)
        assert c.name == name and c.figure is not None
        assert len(c.data) and c.caption and c.alt and c.source_ids
    assert len(ci.plots.sobol_chart(result).data) == len(ci.FACTORS)


def test_tables_build(result):
    for table in (ci.tables.summary_table, ci.tables.indicator_table, ci.tables.values_table, ci.tables.importance_table,
                  ci.tables.correlations_table, ci.tables.sobol_table, ci.tables.administration_table,
                  ci.tables.validation_table):
        t = table(result)
        assert len(t.data) and t.caption and t.source_ids
    assert list(ci.tables.summary_table(result).data["Year"]) == [str(y) for y in SCORED]
    assert list(ci.tables.importance_table(result).data["Pillar"]) == ["Judicial", "Resources", "Political climate"]
    sobol = ci.tables.sobol_table(result).data
    assert len(sobol) == len(ci.FACTORS) + 2 and list(sobol["Factor"].tail(2)) == ["All choices together",
                                                                                      "All data together"]
    values = ci.tables.values_table(result)
    assert values.data.set_index("Year").loc["2008", "Other source (persons)"] == "85"
    assert "usembassy_mx_pr_extraditions_record_year_20081230" in values.source_ids


def test_bench_compares_data_factors_with_choices_only(tables):
    from mxsec.bench import INDEX_RATIO_TARGET, index_timings

    timings = index_timings(tables)
    assert set(timings) == {"load", "choices", "data", "ratio"}
    for run in ("choices", "data"):
        assert timings[run]["draws"] == ci.DEFAULT_DRAWS
        assert timings[run]["total"] >= timings[run]["monte_carlo"] + timings[run]["sobol"] > 0
    assert timings["data"]["factors"] == len(ci.FACTORS) and timings["choices"]["factors"] == len(ci.CHOICE_FACTORS)
    assert timings["ratio"] == pytest.approx(timings["data"]["total"] / timings["choices"]["total"])
    assert timings["ratio"] <= INDEX_RATIO_TARGET


def test_choices_against_data_is_a_tie_within_the_intervals(result):
    import copy

    close = copy.copy(result)
    close.sobol = copy.copy(result.sobol)
    close.sobol.groups = result.sobol.groups.assign(ST=[0.50, 0.55], ST_conf=[0.05, 0.05])
    assert "about equally" in ci.text.drivers(close)
    apart = copy.copy(close)
    apart.sobol = copy.copy(close.sobol)
    apart.sobol.groups = close.sobol.groups.assign(ST=[0.30, 0.60])
    assert ci.text.drivers(apart).startswith("The data move the ranking of years more than the analyst's choices")


def test_the_double_coding_is_reported(result, tables):
    # the events' two codings (data/manual/events_coding_1.csv, _2.csv): 94 events, 12 disagreements, kappa 0.854 on
    # the category and 0.900 on the direction; 6 resolved to the second coding, 2 kept, 4 events removed
    kappa = ci.key_figures(result)["kappa"]["value"]
    assert (kappa["events"], kappa["disagreements"]) == (94, 12)
    assert round(kappa["category"], 3) == 0.854 and round(kappa["direction"], 3) == 0.900
    assert kappa["category_low"] < kappa["category"] < kappa["category_high"]
    assert (result.coding.changed, result.coding.kept, result.coding.removed) == (6, 2, 4)
    table = ci.tables.coding_table(result).data
    assert table["Cohen's kappa"].tolist() == ["0.85", "0.90"] and table["Events"].tolist() == [94, 94]
    assert "12 disagreements" in ci.text.coding(result) and "4 events left the list" in ci.text.coding(result)
    without = {k: v for k, v in tables.items() if k not in ci.CODING_FILES}
    assert ci.double_coding(without) is None
