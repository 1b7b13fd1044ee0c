"""Reading a raw file: the checks every ingest module makes before it trusts a download.

Raw files are read as text (no type guessing, empty cells stay empty strings), so each module
converts exactly the columns it uses and a malformed cell fails loudly instead of turning into
NaN. Every problem is a ``ValueError`` whose message starts with the file's path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd


def read_raw_csv(path: Path, *, columns: Iterable[str] | None = None, required: Iterable[str] | None = None,
                 sep: str = ",", encoding: str = "utf-8", dtype=str) -> pd.DataFrame:
    """The delimited file at ``path``, all cells as text.

    ``columns``: the exact header expected, in order; ``required``: columns that must be present
    among others. ``dtype`` may be a mapping to read only some columns as text.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: file not found")
    raw = pd.read_csv(path, sep=sep, dtype=dtype, keep_default_na=False, encoding=encoding)
    if columns is not None and list(raw.columns) != list(columns):
        raise ValueError(f"{path}: expected columns {list(columns)}, found {list(raw.columns)}")
    missing = [c for c in (required or ()) if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    return raw


def check_patterns(path: Path, raw: pd.DataFrame, patterns: Mapping[str, str]) -> None:
    """Every cell of each named column matches its regular expression in full, e.g.
    ``{"year": r"\\d{4}", "cve_ent": r"\\d{2}"}``; the error lists up to five offending values."""
    for column, pattern in patterns.items():
        bad = raw.loc[~raw[column].str.fullmatch(pattern), column]
        if len(bad):
            raise ValueError(f"{path}: column {column} has unexpected values {sorted(set(bad))[:5]}")


def read_raw_xlsx(path: Path, sheet: str, *, columns: Iterable[str]) -> pd.DataFrame:
    """One sheet of the workbook at ``path``, all cells as text, the first row as header.

    Header cells are read with runs of whitespace made one space (``"Fiscal\\nYear"`` ->
    ``"Fiscal Year"``) and must equal ``columns``; whole-number cells become their digits
    (``2000``, not ``2000.0``), empty cells empty strings, blank rows are dropped. Needs openpyxl.
    """
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: file not found")
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in workbook.sheetnames:
            raise ValueError(f"{path}: no sheet {sheet!r} (sheets: {workbook.sheetnames})")
        rows = [[_cell_text(v) for v in row] for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ValueError(f"{path}: sheet {sheet!r} is empty")
    header = [" ".join(cell.split()) for cell in rows[0]]
    if header != list(columns):
        raise ValueError(f"{path}: sheet {sheet!r}: expected columns {list(columns)}, found {header}")
    return pd.DataFrame(rows[1:], columns=header, dtype=str)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
