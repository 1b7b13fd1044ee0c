"""State Department budget tables for Mexico by account, FY2008-FY2017 (CSIS transcription).

Source: U.S. Department of State, Congressional Budget Justification (CBJ) for Foreign
Operations / Foreign Assistance, country-by-account tables, one PDF per sheet (URLs in
``SHEET_DOCUMENT``, as linked at the foot of each sheet; the FY08 sheet has no link). Public
domain figures (U.S. Government work). Transcribed by CSIS: GitHub
``CSISdefense/ForeignAssistance``, ``FA_CSVs/`` (one CSV per fiscal year and the workbook
``STATE budget by country.xlsx``), commit 4d83c8eb. Read from the Mexico rows in long form,
``state_cbj_mexico_by_account_fy2008_2017.csv`` in the raw folder.

Units: the source is in thousands of current U.S. dollars; ``value_usd`` is that times 1,000.
A ``-`` cell means none: no row is written for it (no zero is filled in).

What the sources say about status (request, estimate, actual)
--------------------------------------------------------------
Inspected: the workbook (10 sheets, no comments, no notes, no legend; one defined name,
``Table_3a`` on FY13), the ten per-year CSVs (header row, country rows and, except FY2008,
a last line with the PDF link) and the long file. The only status label anywhere is the
sheet-name suffix ``(r)`` on ``FY16 (r)`` and ``FY17 (r)``; the long file's
``status_per_csis_sheet_name`` column reads it as "request" and says "not stated" for every
other year.

* FY2016 and FY2017 -> stage ``request`` (``ingest_us_assistance_state_cbj``). ``(r)`` is not
  spelled out, but the documents the sheets link to corroborate it: FY16 links to
  state.gov document 238223 and FY17 to 252735, the CBJs *for* FY2016 and FY2017 (public
  GitHub posts citing 252735 call it the "Congressional Budget Justification for Foreign
  Assistance for FY2017"; the same two documents supply the FY14 and FY15 sheets, their
  two-years-back columns). A CBJ for fiscal year N goes to Congress before year N starts,
  so its year-N column can only be the request. The Mexico totals also agree with
  ForeignAssistance.gov's "President's Budget Requests" to within $5,000 (142,160 vs
  142,163.3 and 134,664 vs 134,668.8 thousand).
* FY2008-FY2015 -> no stage (``ingest_us_assistance_cbj_unlabelled``). Their sheets carry
  no label. From the linked documents they are most likely CBJ "actual" columns (FY09 from
  document 138174, FY10 and FY12 from 158269, FY11 from 185016, FY13 from 224071, FY14
  from 238223, FY15 from 252735; a third-party scrape of the same PDFs, GitHub
  ``brockfanning/brockfanning.github.io``, labels those tables "2013/2014/2015 actual" and
  the FY16/FY17 ones "2016/2017 request"), except FY12, which shares 158269 with FY10 and
  is then probably the FY2012 request. "Actual" is neither ``enacted`` nor ``allocated``
  exactly (the Mexico totals match ForeignAssistance.gov's appropriated or allocated
  figures in some years only), so these rows are kept apart with their sheet label and no
  stage. FY2008-FY2009 exclude the Mérida supplementals. No DoD accounts in any year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.rawfile import read_raw_csv

FILE_NAME = "state_cbj_mexico_by_account_fy2008_2017.csv"
FIRST_FISCAL_YEAR = 2008
LAST_FISCAL_YEAR = 2017
THOUSAND = 1000.0
NONE_CELL = "-"

COL_YEAR = "fiscal_year"
COL_SHEET = "workbook_sheet"
COL_STATUS = "status_per_csis_sheet_name"
COL_ACCOUNT = "account_as_in_source"
COL_AMOUNT = "amount_usd_thousands"
COL_CELL = "raw_cell"
RAW_COLUMNS = [COL_YEAR, COL_SHEET, COL_STATUS, COL_ACCOUNT, COL_AMOUNT, COL_CELL, "source_file"]

# Sheets whose name carries a status label, and the stage it supports (see module docstring).
SHEET_STAGE: dict[str, str] = {
    "FY16 (r)": "request",
    "FY17 (r)": "request",
}
LABELLED_STATUS = "request"  # the long file's reading of "(r)"

# Account column headings as written in the CBJ tables (they vary by year) -> program code.
# Totals get codes of their own: they cover State- and USAID-managed foreign-assistance
# accounts only, so they are not 'all_foreign_aid' (all agencies).
TOTAL_PROGRAM = "cbj_all_accounts"
ACCOUNT_PROGRAM: dict[str, str] = {
    "Total": TOTAL_PROGRAM,
    "All Accounts": TOTAL_PROGRAM,
    "Total without GHCS-State": "cbj_total_without_ghcs_state",
    "DA": "da",
    "ESF": "esf",
    "INCLE": "incle",
    "NADR": "nadr",
    "IMET": "imet",
    "FMF": "fmf",
    "PKO": "pko",
    "AEECA": "aeeca",
    "MRA": "mra",
    "IO&P": "io_p",
    "IDA": "ida",
    "DF": "democracy_fund",
    "FFP": "ffp",
    "PL 480": "pl480",
    "P.L. 480": "pl480",
    "AID Admin": "usaid_admin",
    "GHCS- USAID": "ghcs_usaid",
    "GHCS-USAID": "ghcs_usaid",
    "GHCS- STATE": "ghcs_state",
    "GHCS-State": "ghcs_state",
    "GHP- USAID": "ghp_usaid",
    "GHP-USAID": "ghp_usaid",
    "GHP USAID": "ghp_usaid",
    "GHP- STATE": "ghp_state",
    "GHP-STATE": "ghp_state",
    "GHP STATE": "ghp_state",
    "Other*": "cbj_other",
    "Other**": "cbj_other",
}
SUBTOTAL_PROGRAMS = {TOTAL_PROGRAM, "cbj_total_without_ghcs_state"}
# Every program code this module can emit (for the curated table's allowed values).
PROGRAM_CODES: tuple[str, ...] = tuple(sorted(set(ACCOUNT_PROGRAM.values())))

_DOC = "http://www.state.gov/documents/organization/{}.pdf"
SOURCE_CBJ_FY2016 = "state_cbj_fy2016_doc238223_2015"
SOURCE_CBJ_FY2017 = "state_cbj_fy2017_doc252735_2016"
# Sheet -> (source_id, PDF linked at the foot of the sheet).
SHEET_DOCUMENT: dict[str, tuple[str, str]] = {
    "FY08": ("state_cbj_table_fy2008_unlinked", ""),
    "FY09": ("state_doc_138174", _DOC.format(138174)),
    "FY10": ("state_doc_158269", _DOC.format(158269)),
    "FY11": ("state_doc_185016", _DOC.format(185016)),
    "FY12": ("state_doc_158269", _DOC.format(158269)),
    "FY13": ("state_doc_224071", _DOC.format(224071)),
    "FY14": (SOURCE_CBJ_FY2016, _DOC.format(238223)),
    "FY15": (SOURCE_CBJ_FY2017, _DOC.format(252735)),
    "FY16 (r)": (SOURCE_CBJ_FY2016, _DOC.format(238223)),
    "FY17 (r)": (SOURCE_CBJ_FY2017, _DOC.format(252735)),
}

OUTPUT_COLUMNS = TABLES["us_assistance"].ingest_columns
UNLABELLED_COLUMNS = ["fiscal_year", "account", "value_usd", "label_as_in_source", "source_id", "note"]

_COMPILATION = (
    "Transcribed by CSIS: GitHub CSISdefense/ForeignAssistance, FA_CSVs/, commit 4d83c8eb "
    "(workbook sheet {sheet}); $ thousands."
)


def _source(source_id: str, title: str, url: str, published: str, sheets: str, extra: str = "") -> dict:
    return {
        "source_id": source_id,
        "publisher": "U.S. Department of State",
        "title": title,
        "url": url,
        "archive_url": "",
        "published": published,
        "accessed": "2026-11-23",
        "licence": "public domain (U.S. Government work)",
        "note": (_COMPILATION.format(sheet=sheets) + " " + extra).strip(),
    }


SOURCES = [
    _source(
        SOURCE_CBJ_FY2016,
        "Congressional Budget Justification, Foreign Assistance, Fiscal Year 2016: "
        "assistance by country and account",
        _DOC.format(238223),
        "2015",
        "FY16 (r) and FY14",
        "Identified as the FY2016 CBJ from its FY2016 request and FY2014 actual tables.",
    ),
    _source(
        SOURCE_CBJ_FY2017,
        "Congressional Budget Justification, Foreign Assistance, Fiscal Year 2017: "
        "assistance by country and account",
        _DOC.format(252735),
        "2016",
        "FY17 (r) and FY15",
    ),
    _source(
        "state_doc_138174",
        "State Department foreign-assistance budget document 138174: assistance by country "
        "and account (table used for FY2009)",
        _DOC.format(138174),
        "",
        "FY09",
        "Status of the FY2009 column not stated in the compilation.",
    ),
    _source(
        "state_doc_158269",
        "State Department foreign-assistance budget document 158269: assistance by country "
        "and account (tables used for FY2010 and FY2012)",
        _DOC.format(158269),
        "",
        "FY10 and FY12",
        "Status of the FY2010 and FY2012 columns not stated in the compilation.",
    ),
    _source(
        "state_doc_185016",
        "State Department foreign-assistance budget document 185016: assistance by country "
        "and account (table used for FY2011)",
        _DOC.format(185016),
        "",
        "FY11",
        "Status of the FY2011 column not stated in the compilation.",
    ),
    _source(
        "state_doc_224071",
        "State Department foreign-assistance budget document 224071: assistance by country "
        "and account (table used for FY2013)",
        _DOC.format(224071),
        "",
        "FY13",
        "Status of the FY2013 column not stated in the compilation.",
    ),
    _source(
        "state_cbj_table_fy2008_unlinked",
        "State Department CBJ country-by-account table for FY2008 (document not identified "
        "by the compilation)",
        "",
        "",
        "FY08",
        "The FY08 sheet gives no document link; status not stated. Excludes the Mérida "
        "supplemental.",
    ),
]


def read_cbj_mexico(raw_dir: Path) -> pd.DataFrame:
    """The long Mexico CBJ file, checked, '-' cells dropped; values in dollars.

    A ValueError names the file and the problem.
    """
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, columns=RAW_COLUMNS)
    if not raw[COL_YEAR].str.fullmatch(r"\d{4}").all():
        raise ValueError(f"{path}: non-integer {COL_YEAR} values")
    raw[COL_YEAR] = raw[COL_YEAR].astype(int)
    years = set(raw[COL_YEAR])
    expected_years = set(range(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR + 1))
    if not years <= expected_years:
        raise ValueError(f"{path}: fiscal years outside {FIRST_FISCAL_YEAR}-{LAST_FISCAL_YEAR}: {sorted(years - expected_years)}")
    unknown_sheets = sorted(set(raw[COL_SHEET]) - set(SHEET_DOCUMENT))
    if unknown_sheets:
        raise ValueError(f"{path}: unknown workbook sheets {unknown_sheets}")
    if raw.groupby(COL_YEAR)[COL_SHEET].nunique().max() > 1:
        raise ValueError(f"{path}: a fiscal year comes from more than one sheet")
    labelled = raw[COL_SHEET].isin(list(SHEET_STAGE))
    if (raw.loc[labelled, COL_STATUS] != LABELLED_STATUS).any() or (raw.loc[~labelled, COL_STATUS] == LABELLED_STATUS).any():
        raise ValueError(f"{path}: {COL_STATUS} disagrees with the sheet labels {sorted(SHEET_STAGE)}")
    unknown_accounts = sorted(set(raw[COL_ACCOUNT]) - set(ACCOUNT_PROGRAM))
    if unknown_accounts:
        raise ValueError(f"{path}: account headings without a program code: {unknown_accounts}")

    is_none = raw[COL_CELL] == NONE_CELL
    if (raw.loc[is_none, COL_AMOUNT] != "").any():
        raise ValueError(f"{path}: '-' cells with an amount")
    values = raw[~is_none].copy()
    from_cell = pd.to_numeric(values[COL_CELL].str.replace(",", "", regex=False), errors="coerce")
    amount = pd.to_numeric(values[COL_AMOUNT], errors="coerce")
    if amount.isna().any() or not (from_cell == amount).all():
        bad = values.loc[amount.isna() | (from_cell != amount), [COL_YEAR, COL_ACCOUNT, COL_CELL]]
        raise ValueError(f"{path}: amounts that do not match their raw cells: {bad.to_dict('records')[:3]}")
    values["program"] = values[COL_ACCOUNT].map(ACCOUNT_PROGRAM)
    values["thousands"] = amount
    if values.duplicated([COL_YEAR, "program"]).any():
        raise ValueError(f"{path}: more than one value per fiscal year and account")

    # The source's accounts add up to its total every year (checked, not assumed).
    is_subtotal = values["program"].isin(SUBTOTAL_PROGRAMS)
    parts = values[~is_subtotal].groupby(COL_YEAR)["thousands"].sum()
    totals = values[values["program"] == TOTAL_PROGRAM].set_index(COL_YEAR)["thousands"]
    if set(totals.index) != set(values[COL_YEAR]):
        raise ValueError(f"{path}: a fiscal year without a total row")
    off = parts.reindex(totals.index, fill_value=0) != totals
    if off.any():
        raise ValueError(f"{path}: accounts do not sum to the total in fiscal years {sorted(totals.index[off])}")

    values["value_usd"] = values["thousands"] * THOUSAND
    return values


def _row_note(values: pd.DataFrame) -> pd.Series:
    return 'CBJ column "' + values[COL_ACCOUNT] + '", sheet "' + values[COL_SHEET] + '"'


def ingest_us_assistance_state_cbj(raw_dir: Path) -> pd.DataFrame:
    """CBJ rows whose status the source labels: FY2016 and FY2017 requests, in dollars."""
    values = read_cbj_mexico(raw_dir)
    values = values[values[COL_SHEET].isin(list(SHEET_STAGE))]
    out = pd.DataFrame(
        {
            "fiscal_year": values[COL_YEAR].astype(int),
            "program": values["program"],
            "stage": values[COL_SHEET].map(SHEET_STAGE),
            "value_usd": values["value_usd"].astype(float),
            "preferred": False,
            "source_id": values[COL_SHEET].map(lambda s: SHEET_DOCUMENT[s][0]),
            "note": _row_note(values) + ": request",
        }
    )
    return out[OUTPUT_COLUMNS].sort_values(["fiscal_year", "program"]).reset_index(drop=True)


def ingest_us_assistance_cbj_unlabelled(raw_dir: Path) -> pd.DataFrame:
    """CBJ rows whose status the source does not state (FY2008-FY2015), in dollars.

    ``account`` uses the same program codes as ``us_assistance``; ``label_as_in_source`` is
    the workbook sheet name, the only label the source gives.
    """
    values = read_cbj_mexico(raw_dir)
    values = values[~values[COL_SHEET].isin(list(SHEET_STAGE))]
    out = pd.DataFrame(
        {
            "fiscal_year": values[COL_YEAR].astype(int),
            "account": values["program"],
            "value_usd": values["value_usd"].astype(float),
            "label_as_in_source": values[COL_SHEET],
            "source_id": values[COL_SHEET].map(lambda s: SHEET_DOCUMENT[s][0]),
            "note": _row_note(values) + "; status not stated",
        }
    )
    return out[UNLABELLED_COLUMNS].sort_values(["fiscal_year", "account"]).reset_index(drop=True)
