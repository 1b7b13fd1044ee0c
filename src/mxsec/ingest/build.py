"""``mxsec data refresh``: derive every curated table in ``data/`` from the raw datasets and
the hand-kept tables in ``data/manual/``, then validate and write them.

Steps, per table: collect the rows of every ``ingest_<table>_*`` function in the ingest
modules (read raw -> tidy -> validate), append the hand-kept rows of ``data/manual/<table>.csv``,
apply the table's preference rule (``mxsec.ingest.preference``), sort, validate with the
loader's schema, write. Sources are merged from each module's ``SOURCES`` and
``data/manual/sources_*.csv``. Writing is byte-for-byte reproducible: rows and columns are
sorted and numbers are formatted one way.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from mxsec.data.loader import DataValidationError, read_table
from mxsec.data.schemas import TABLES, Table
from mxsec.ingest import flags
from mxsec.ingest.preference import assign_preferred
from mxsec.paths import data_dir, raw_dir

MANUAL_SUBDIR = "manual"
NOT_INGEST_MODULES = {"build", "preference", "flags"}


def ingest_functions() -> dict[str, list[Callable[[Path], pd.DataFrame]]]:
    """Every ``ingest_<table>_<what>(raw_dir)`` function, grouped by the table it feeds."""
    import mxsec.ingest as package

    found: dict[str, list[Callable[[Path], pd.DataFrame]]] = {}
    names = sorted(TABLES, key=len, reverse=True)  # longest first: homicides_state before homicides
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name in NOT_INGEST_MODULES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"mxsec.ingest.{info.name}")
        for name, function in sorted(inspect.getmembers(module, inspect.isfunction)):
            if function.__module__ != module.__name__ or not name.startswith("ingest_"):
                continue
            table = next((t for t in names if name == f"ingest_{t}" or name.startswith(f"ingest_{t}_")), None)
            if table:
                found.setdefault(table, []).append(function)
    return found


def module_sources() -> list[dict[str, str]]:
    import mxsec.ingest as package

    rows: list[dict[str, str]] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name in NOT_INGEST_MODULES or info.name.startswith("_"):
            continue
        rows.extend(getattr(importlib.import_module(f"mxsec.ingest.{info.name}"), "SOURCES", []))
    return rows


def read_manual(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / f"{name}.csv"
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def _format(value: object) -> str:
    """One text form per value: booleans true/false, whole numbers without '.0', dates ISO."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def to_text(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in schema order, every value as its canonical text, rows sorted by primary key."""
    frame = frame.reindex(columns=table.columns)
    text = frame.apply(lambda column: column.map(_format)).astype(str)
    text = text.fillna("")
    sort_cols = list(table.primary_key)
    typed_sort = frame[sort_cols].copy()
    order = typed_sort.astype(str).apply(lambda c: c.str.zfill(20) if c.str.fullmatch(r"\d+(\.\d+)?").all() else c)
    return text.loc[order.sort_values(sort_cols, kind="mergesort").index].reset_index(drop=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)


def build_sources(manual: Path) -> pd.DataFrame:
    table = TABLES["sources"]
    frames = [pd.DataFrame(module_sources(), columns=table.columns)]
    for path in sorted(manual.glob("sources_*.csv")):
        frames.append(pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False))
    merged = pd.concat(frames, ignore_index=True).reindex(columns=table.columns).fillna("")
    merged = merged.drop_duplicates()
    clashes = merged[merged.duplicated("source_id", keep=False)]
    if len(clashes):
        raise DataValidationError(f"sources: one source_id, different details: {sorted(set(clashes['source_id']))}")
    return to_text(table, merged)


def build_table(name: str, raw: Path, manual: Path, functions: Iterable[Callable[[Path], pd.DataFrame]]) -> pd.DataFrame:
    table = TABLES[name]
    frames = []
    for function in functions:
        frame = function(raw)
        extra = set(frame.columns) - set(table.columns)
        if extra:
            raise DataValidationError(f"{function.__module__}.{function.__name__}: columns not in {name}: {sorted(extra)}")
        frames.append(frame.assign(_origin="raw"))
    hand = read_manual(manual, name)
    if hand is not None:
        frames.append(hand.assign(_origin="manual"))
    if not frames:
        raise DataValidationError(f"{name}: no ingest function and no data/manual/{name}.csv")
    # one text form for every value first, so raw (typed) and hand-kept (text) rows compare equal
    merged = pd.concat([f.astype(object) for f in frames], ignore_index=True)
    merged = merged.apply(lambda column: column.map(_format)).astype(str)
    merged = flags.derive_columns(name, merged)
    if "obs_status" in table.columns:
        merged = flags.assign_status(name, merged)
    if "preferred" in table.columns:
        merged = assign_preferred(name, merged)
        merged = flags.flag_breaks(name, merged)
    return to_text(table, merged.drop(columns="_origin"))


def datapackage(as_of: str) -> dict:
    """The Frictionless Data Package descriptor of every table, from mxsec.data.schemas."""
    resources = []
    for table in TABLES.values():
        fields = []
        for f in table.fields:
            entry = {"name": f.name, "type": f.type, "description": f.description}
            if f.unit:
                entry["unit"] = f.unit
            constraints = {"required": f.required}
            if f.enum:
                constraints["enum"] = list(f.enum)
            if f.minimum is not None:
                constraints["minimum"] = f.minimum
            if f.maximum is not None:
                constraints["maximum"] = f.maximum
            if f.pattern:
                constraints["pattern"] = f.pattern
            entry["constraints"] = constraints
            fields.append(entry)
        schema = {"fields": fields, "primaryKey": list(table.primary_key)}
        if table.preferred_key:
            schema["preferredKey"] = list(table.preferred_key)
            schema["seriesKey"] = list(table.series_key)
        if table.break_columns:
            schema["breakColumns"] = list(table.break_columns)
        resource = {"name": table.name, "path": f"{table.name}.csv", "title": table.title, "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}
        if table.description:
            resource["description"] = table.description
        if table.table_source and table.table_source != "self":
            resource["sources"] = [{"source_id": s} for s in table.table_source.split(",")]
        if table.cites_rows:
            schema["foreignKeys"] = [{"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}]
        resources.append(resource)
    return {
        "name": "mxsec-us-mexico-security",
        "title": "U.S.-Mexico security cooperation: curated, sourced tables",
        "as_of": as_of,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (curation); each source's own terms in sources.csv"}],
        "resources": resources,
    }


def refresh(echo: Callable[[str], None] = print, raw: Path | None = None, out: Path | None = None) -> int:
    """Rebuild ``data/`` (or ``out``). Returns 0, or 2 when the raw folder is missing."""
    raw = raw or raw_dir()
    out = out or data_dir()
    manual = data_dir() / MANUAL_SUBDIR
    if not raw.is_dir():
        echo(f"error: raw data folder {raw} not found; set MXSEC_RAW_DIR to the folder holding the raw datasets")
        return 2
    functions = ingest_functions()
    sources = build_sources(manual)
    write_csv(sources, out / "sources.csv")
    for name in TABLES:
        if name == "sources":
            continue
        if name not in functions and not (manual / f"{name}.csv").exists():
            echo(f"skipped {name}: no ingest function and no hand-kept table yet")
            continue
        frame = build_table(name, raw, manual, functions.get(name, []))
        write_csv(frame, out / f"{name}.csv")
        echo(f"wrote {name}.csv: {len(frame)} rows")
    ids = frozenset(sources["source_id"])
    for name in TABLES:
        if (out / f"{name}.csv").exists():
            read_table(name, out, ids if TABLES[name].cites_rows else None)
    as_of = max(sources["accessed"]) if len(sources) else ""
    (out / "datapackage.json").write_text(json.dumps(datapackage(as_of), indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    from mxsec.data.dictionary import dictionary_markdown

    (out / "README.md").write_text(dictionary_markdown(out), encoding="utf-8")
    echo(f"validated every table; data as of {as_of}")
    return 0
