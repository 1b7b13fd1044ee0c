"""One loader for every curated table, validating at load time with pandera.

``load(name)`` reads ``data/<name>.csv``, converts each column to its declared type, and
checks types, allowed values, ranges, unique keys, exactly one preferred row per preferred
key, and that every ``source_id`` resolves in ``sources.csv``. A bad file raises
``DataValidationError`` naming the table, the file row (1 = header), the column and what
was expected.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from mxsec.data.schemas import TABLES, Field, Table
from mxsec.paths import data_dir

_PANDAS_TYPES = {"string": "str", "integer": "Int64", "number": "float64", "boolean": "bool", "date": "datetime64[ns]"}
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}


class DataValidationError(ValueError):
    """A curated table does not match its schema. The message lists each problem."""


def _file_row(index: object) -> str:
    return f"row {int(index) + 2}" if isinstance(index, (int,)) or str(index).isdigit() else "table"


def _convert(table: Table, raw: pd.DataFrame) -> pd.DataFrame:
    """Strings to declared types; values that do not convert are reported, never dropped."""
    problems = []
    missing = [c for c in table.columns if c not in raw.columns]
    unknown = [c for c in raw.columns if c not in table.columns]
    if missing or unknown:
        raise DataValidationError(
            f"{table.name}.csv: columns differ from the schema; missing: {missing or 'none'}; unexpected: {unknown or 'none'}; "
            f"expected: {', '.join(table.columns)}")
    out = pd.DataFrame(index=raw.index)
    for f in table.fields:
        text = raw[f.name].str.strip()
        empty = text.eq("")
        if f.required:
            for index in raw.index[empty]:
                problems.append(f"{table.name}.csv {_file_row(index)}, column {f.name}: empty, but a value is required")
        if f.type == "string":
            out[f.name] = text.where(~empty, None)
            continue
        if f.type == "integer":
            values = pd.to_numeric(text.where(~empty), errors="coerce")
            bad = ~empty & (values.isna() | (values % 1 != 0))
            out[f.name] = values.astype("Int64") if not bad.any() else values
            expected = "a whole number"
        elif f.type == "number":
            values = pd.to_numeric(text.where(~empty), errors="coerce")
            bad = ~empty & values.isna()
            out[f.name] = values.astype("float64")
            expected = "a number"
        elif f.type == "boolean":
            bad = ~empty & ~text.isin(_TRUE | _FALSE)
            out[f.name] = text.isin(_TRUE)
            expected = "true or false"
        else:  # date
            values = pd.to_datetime(text.where(~empty), format="%Y-%m-%d", errors="coerce")
            bad = ~empty & values.isna()
            out[f.name] = values
            expected = "a date YYYY-MM-DD"
        for index in raw.index[bad]:
            problems.append(f"{table.name}.csv {_file_row(index)}, column {f.name}: {raw.at[index, f.name]!r} is not {expected}")
    if problems:
        raise DataValidationError("\n".join(problems[:25]) + (f"\n... and {len(problems) - 25} more" if len(problems) > 25 else ""))
    return out


def _column_checks(f: Field) -> list[pa.Check]:
    checks = []
    if f.enum:
        checks.append(pa.Check.isin(list(f.enum), error=f"one of {', '.join(f.enum)}"))
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum, error=f">= {f.minimum:g}"))
    if f.maximum is not None:
        checks.append(pa.Check.le(f.maximum, error=f"<= {f.maximum:g}"))
    if f.pattern:
        checks.append(pa.Check.str_matches(f.pattern, error=f"matching {f.pattern}"))
    return checks


def schema_for(table: Table, source_ids: frozenset[str] | None) -> pa.DataFrameSchema:
    """The pandera schema of a table (source_id membership only when source ids are given)."""
    columns = {}
    for f in table.fields:
        checks = _column_checks(f)
        if f.name == "source_id" and source_ids is not None and table.cites_rows:
            checks.append(pa.Check.isin(sorted(source_ids), error="a source_id listed in sources.csv"))
        columns[f.name] = pa.Column(_PANDAS_TYPES[f.type], checks=checks, nullable=not f.required, coerce=False)
    frame_checks = []
    if table.preferred_key:
        key = list(table.preferred_key)
        frame_checks.append(pa.Check(
            lambda df, key=key: df.groupby(key, dropna=False)["preferred"].transform("sum") == 1,
            error=f"exactly one preferred row per ({', '.join(key)})"))
    return pa.DataFrameSchema(columns, checks=frame_checks, unique=list(table.primary_key), strict=True, ordered=True)


def _describe_failures(table: Table, err: pa.errors.SchemaErrors) -> str:
    lines = []
    failures = err.failure_cases
    preferred = failures["check"].astype(str).str.startswith("exactly one preferred")
    for index in sorted(set(failures.loc[preferred, "index"].dropna().astype(int)))[:25]:
        key = ", ".join(f"{k}={err.data.at[index, k]}" for k in table.preferred_key)
        count = int(err.data.loc[(err.data[list(table.preferred_key)] == err.data.loc[index, list(table.preferred_key)]).all(axis=1), "preferred"].sum())
        lines.append(f"{table.name}.csv row {index + 2} ({key}): {count} preferred rows for this key; expected exactly one")
    cases = failures[~preferred].drop_duplicates(subset=["column", "check", "index"]).head(25)
    for case in cases.itertuples(index=False):
        where = _file_row(case.index) if case.index is not None and pd.notna(case.index) else "table"
        column = f", column {case.column}" if isinstance(case.column, str) and case.column != table.name else ""
        check = str(case.check)
        if check.startswith("field_uniqueness") or "unique" in check or "duplicate" in check.lower():
            expected = f"a unique ({', '.join(table.primary_key)})"
        elif check == "not_nullable":
            expected = "a value (empty is not allowed)"
        else:
            expected = check
        lines.append(f"{table.name}.csv {where}{column}: {case.failure_case!r} fails: expected {expected}")
    return "\n".join(lines)


def read_table(name: str, folder: Path | None = None, source_ids: frozenset[str] | None = None) -> pd.DataFrame:
    """Read and validate one table from ``folder`` (default ``data/``)."""
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    table = TABLES[name]
    path = (folder or data_dir()) / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `mxsec data refresh`")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    frame = _convert(table, raw)
    try:
        validated = schema_for(table, source_ids).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataValidationError(_describe_failures(table, err)) from None
    return validated


@lru_cache(maxsize=None)
def _source_ids(folder: str) -> frozenset[str]:
    return frozenset(read_table("sources", Path(folder))["source_id"])


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    """A validated copy of curated table ``name`` (see ``mxsec data dictionary``)."""
    base = folder or data_dir()
    frame = _load_cached(name, str(base))
    return frame.copy()


@lru_cache(maxsize=None)
def _load_cached(name: str, folder: str) -> pd.DataFrame:
    ids = _source_ids(folder) if TABLES[name].cites_rows else None
    frame = read_table(name, Path(folder), ids)
    if name == "events":
        from mxsec.data.events import add_scores

        frame = add_scores(frame)
    return frame
