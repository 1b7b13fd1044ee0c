"""The double coding of the events list (mxsec.data.coding)."""

import pandas as pd
import pytest

from mxsec.data import load
from mxsec.data import coding
from mxsec.paths import data_dir


@pytest.fixture(scope="module")
def sheet():
    return coding.coding_sheet(load("events"), load("sources"))


def test_the_committed_sheet_is_the_events_list_without_its_coding(sheet):
    committed = pd.read_csv(data_dir() / "manual" / coding.SHEET_FILE, dtype=str, keep_default_na=False)
    assert committed.columns.tolist() == list(coding.SHEET_COLUMNS)
    pd.testing.assert_frame_equal(committed, sheet.astype(str), check_dtype=False)
    assert len(sheet) == len(load("events")) and sheet["event_id"].is_unique
    assert not {"category", "score", "direction", "cameo_code"} & set(committed.columns)


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


def test_a_bad_coding_is_refused(sheet):
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
