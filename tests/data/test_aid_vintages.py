"""The two vintages of the ForeignAssistance.gov country summary in the committed data: both
kept, the later preferred (mxsec.ingest.preference.VINTAGES), its last years flagged P
(mxsec.ingest.flags.PARTLY_REPORTED_AID)."""

from __future__ import annotations

from mxsec.data import load
from mxsec.ingest import flags, preference

OLD, NEW = "usaid_fae_country_summary_fy1946_2022", "fagov_country_summary_fy1946_2024"


def aid():
    us = load("us_assistance")
    return us[us["program"] == "all_foreign_aid"].set_index(["fiscal_year", "stage", "source_id"])


def test_the_later_vintage_is_a_stated_rule():
    assert (OLD, NEW) in preference.VINTAGES
    assert "among the vintages of one official dataset (``VINTAGES``), the later one" in " ".join(preference.__doc__.split())
    assert NEW in flags.PARTLY_REPORTED_AID


def test_published_obligations_are_preferred():
    rows = aid()
    for year, published in ((2021, 172_295_997), (2022, 231_980_939), (2023, 157_525_343), (2024, 1_366_210)):
        row = rows.loc[(year, "obligated", NEW)]
        assert row["value_usd"] == published and bool(row["preferred"]), year


def test_both_vintages_kept_where_the_newer_revises_the_older():
    rows = aid()
    for year, older in ((2019, 444_713_731), (2020, 270_669_340), (2021, 94_304_060), (2022, 1_777_142)):
        old, new = rows.loc[(year, "obligated", OLD)], rows.loc[(year, "obligated", NEW)]
        assert old["value_usd"] == older and not bool(old["preferred"]) and bool(new["preferred"]), year
        assert f"revises {OLD}" in new["note"] and "later vintage is preferred" in new["note"]
        assert f"revised by the later vintage {NEW}" in old["note"]
    # the older snapshot's FY2021-FY2022 stay P; the newer one reports them in full
    assert rows.loc[(2021, "obligated", OLD), "obs_status"] == "P"
    assert rows.loc[(2021, "obligated", NEW), "obs_status"] == "A"
    # where the vintages agree, the later is still preferred and no revision is noted
    same = rows.loc[(2010, "enacted", NEW)]
    assert bool(same["preferred"]) and "revises" not in same["note"]
    # allocations exist only in the older snapshot: it stays preferred there
    assert bool(rows.loc[(2019, "allocated", OLD), "preferred"])


def test_last_years_of_the_newer_vintage_are_provisional():
    rows = aid()
    for year in (2023, 2024):
        for stage in ("obligated", "disbursed"):
            assert rows.loc[(year, stage, NEW), "obs_status"] == "P", (year, stage)
    # requests and appropriated-and-planned amounts are published budget figures: not flagged
    assert rows.loc[(2023, "request", NEW), "obs_status"] == "A"
    assert rows.loc[(2023, "enacted", NEW), "obs_status"] == "A"
    assert rows.loc[(2022, "obligated", NEW), "obs_status"] == "A"
