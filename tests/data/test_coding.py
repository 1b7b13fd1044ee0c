"""The double coding of the events list (mxsec.data.coding): files, kappa, resolution in the data."""

import pandas as pd
import pytest

from mxsec.data import coding, load


@pytest.fixture(scope="module")
def files():
    return {name: coding.read(name) for name in (coding.SHEET_FILE, coding.FIRST_CODING_FILE,
                                                 coding.SECOND_CODING_FILE, coding.ADJUDICATION_FILE)}


@pytest.fixture(scope="module")
def result(files):
    return coding.agreement(files[coding.FIRST_CODING_FILE], files[coding.SECOND_CODING_FILE], files[coding.SHEET_FILE])


def test_the_sheet_shows_no_coding_and_matches_the_events(files):
    sheet = files[coding.SHEET_FILE]
    assert sheet.columns.tolist() == list(coding.SHEET_COLUMNS) and len(sheet) == 94 and sheet["event_id"].is_unique
    # the events still in the list are shown as they are in events.csv (the sheet is the list as it was coded)
    now = coding.coding_sheet(load("events"), load("sources")).astype(str)
    kept = sheet[sheet["event_id"].isin(now["event_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept[["event_id", "date", "title", "source"]],
                                  now[["event_id", "date", "title", "source"]].reset_index(drop=True))


def test_kappa_of_the_double_coding(result):
    # 94 events, 82 coded alike (12 disagreements): category kappa 0.854 (95% 0.778-0.931); direction 0.900
    kappas, differ = result
    category, direction = kappas
    assert (category.n, len(differ)) == (94, 12)
    assert round(category.agreement, 4) == round(82 / 94, 4)
    assert round(category.kappa, 3) == 0.854 and round(category.low, 3) == 0.778
    assert round(direction.kappa, 3) == 0.900


def test_every_disagreement_is_resolved_in_the_data(files, result):
    _, differ = result
    problems = coding.check_resolved(load("events"), files[coding.ADJUDICATION_FILE], differ,
                                     files[coding.FIRST_CODING_FILE])
    assert problems == []
    excluded = files[coding.ADJUDICATION_FILE].query("resolved == 'excluded'")
    assert len(excluded) == 4 and len(load("events")) == 94 - 4


def test_an_unresolved_disagreement_is_caught(files, result):
    _, differ = result
    events = load("events")
    adjudication = files[coding.ADJUDICATION_FILE]
    planted = events.copy()
    planted.loc[planted["title"].str.startswith("Mexico announces all U.S. law-enforcement"), "category"] = "dispute"
    problems = coding.check_resolved(planted, adjudication, differ, files[coding.FIRST_CODING_FILE])
    assert problems == ["2013-04-29-6e56fe: events.csv has 'dispute', the coding 'suspension'"]
    assert coding.check_resolved(events, adjudication.iloc[1:], differ, files[coding.FIRST_CODING_FILE])[0] == \
        "the adjudication does not list exactly the disagreements"
    extra = pd.concat([events, events.iloc[[0]].assign(title="A new event nobody coded")], ignore_index=True)
    assert "events not yet coded twice" in coding.check_resolved(extra, adjudication, differ,
                                                                 files[coding.FIRST_CODING_FILE])[0]


def test_event_ids_are_stable():
    assert coding.event_id("2006-05-15", "Bush announces deployment of up to 6,000 National Guard troops to the "
                                         "southern border") == "2006-05-15-17f618"


def test_kappa_of_a_textbook_table():
    # 2x2 table [[20, 5], [10, 15]]: observed agreement 0.70, chance agreement 0.50, kappa 0.40
    first = pd.Series(["a"] * 25 + ["b"] * 25, index=range(50))
    second = pd.Series(["a"] * 20 + ["b"] * 5 + ["a"] * 10 + ["b"] * 15, index=range(50))
    k = coding.kappa(first, second, "x")
    assert (k.n, round(k.agreement, 6), round(k.kappa, 6)) == (50, 0.7, 0.4)
    assert k.low < 0.4 < k.high
    assert coding.kappa(first, first, "x").kappa == pytest.approx(1.0)


def test_a_bad_coding_is_refused(files):
    sheet = files[coding.SHEET_FILE]
    good = pd.DataFrame({"event_id": sheet["event_id"], "include": "yes", "category": "dialogue",
                         "date_supported": "yes", "comment": ""})
    assert coding.check_coding(good, sheet) == []
    bad = good.copy()
    bad.loc[0, "category"] = "friendly"
    bad.loc[1, ["include", "category"]] = ["no", "dispute"]
    bad.loc[2, "date_supported"] = "maybe"
    problems = coding.check_coding(bad.iloc[:-1], sheet)
    assert len(problems) == 4
    assert "missing: " + sheet["event_id"].iloc[-1] in problems[0]
    assert "'friendly' is not a codebook category" in problems[1]


def test_directions_follow_the_scale():
    cats = pd.Series(["agreement", "arrest", "dispute", coding.EXCLUDED])
    assert coding.directions(cats).tolist() == ["cooperative", "neutral", "conflictual", coding.EXCLUDED]
