"""CPI-U annual averages (U.S. city average, all items, not seasonally adjusted), 1990 on.

Source: U.S. Bureau of Labor Statistics, Consumer Price Index for All Urban Consumers
(CPI-U), series CUUR0000SA0, period M13 (annual average); official page
https://data.bls.gov/timeseries/CUUR0000SA0 (flat file
https://download.bls.gov/pub/time.series/cu/). Public domain (U.S. Government work).
Read offline from the SQLite database ``cpi.db`` shipped with the PyPI package ``cpi``
(a project dependency), which holds the BLS series as published.

Units: index, 1982-84 = 100.

The database is opened read-only and directly: importing ``cpi`` itself would warn that its
data are stale and, were the database missing, download it. Nothing here touches the
network; the warning filter below is a guard in case anything in the lookup warns.

Years: 1990 to the latest year for which BLS published an M13 annual average. The 2025
annual average in the package database averages 11 months: the series holds no October
2025 index.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import warnings
from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES

SOURCE_ID = "bls_cpi_u_cuur0000sa0"
SERIES_ID = "CUUR0000SA0"
ANNUAL_PERIOD = "M13"
FIRST_YEAR = 1990
PACKAGE = "cpi"
DB_NAME = "cpi.db"

OUTPUT_COLUMNS = TABLES["us_cpi_u"].ingest_columns

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "U.S. Bureau of Labor Statistics (BLS)",
        "title": "Consumer Price Index for All Urban Consumers (CPI-U), U.S. city average, all "
        "items, not seasonally adjusted (series CUUR0000SA0), annual averages",
        "url": "https://data.bls.gov/timeseries/CUUR0000SA0",
        "archive_url": "",
        "published": "",
        "accessed": "2026-11-23",
        "licence": "public domain (U.S. Government work)",
        "note": "Read offline from cpi.db in the PyPI package cpi (2.1.0 when written), which "
        "copies the BLS series; period M13 (annual average); 1982-84=100. The 2025 annual "
        "average covers 11 months (no October 2025 index in the series).",
    }
]


def cpi_db_path() -> Path:
    """Where the ``cpi`` package keeps its database, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"package {PACKAGE!r} not installed: cannot read CPI-U")
    path = Path(list(spec.submodule_search_locations)[0]) / DB_NAME
    if not path.is_file():
        raise ValueError(f"{path}: CPI database not found (the {PACKAGE!r} package ships it)")
    return path


def ingest_us_cpi_u(raw_dir: Path | None = None) -> pd.DataFrame:
    """CPI-U annual averages from 1990 to the latest published year.

    ``raw_dir`` is accepted for a uniform ingest signature and not used: the data come with
    the ``cpi`` package.
    """
    path = cpi_db_path()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            series = connection.execute("SELECT id FROM series WHERE id = ?", (SERIES_ID,)).fetchall()
            rows = connection.execute(
                "SELECT year, value FROM indexes WHERE series = ? AND period = ? AND year >= ?",
                (SERIES_ID, ANNUAL_PERIOD, FIRST_YEAR),
            ).fetchall()
        except sqlite3.Error as error:
            raise ValueError(f"{path}: cannot read series {SERIES_ID}: {error}") from error
        finally:
            connection.close()
    if len(series) != 1:
        raise ValueError(f"{path}: series {SERIES_ID} not found")
    out = pd.DataFrame(rows, columns=["year", "cpi_u_annual_average"])
    if out.empty or out["year"].duplicated().any():
        raise ValueError(f"{path}: expected one {ANNUAL_PERIOD} value per year for {SERIES_ID}")
    years = sorted(out["year"])
    gaps = sorted(set(range(FIRST_YEAR, years[-1] + 1)) - set(years))
    if gaps:
        raise ValueError(f"{path}: no {ANNUAL_PERIOD} value for {SERIES_ID} in years {gaps}")
    out = out.astype({"year": int, "cpi_u_annual_average": float}).assign(source_id=SOURCE_ID)
    return out[OUTPUT_COLUMNS].sort_values("year").reset_index(drop=True)
