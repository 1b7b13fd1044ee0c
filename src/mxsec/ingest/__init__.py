"""Ingest: one module per raw source, each deriving rows of the curated tables.

A module defines ``SOURCES`` (its citations) and functions ``ingest_<table>_<what>(raw_dir)``
that read a raw file, tidy it, check it, and return rows with exactly the table's columns.
``mxsec.ingest.build`` finds them by name, adds the hand-kept rows of ``data/manual/``, applies
the preference rules and writes ``data/``. The raw folder is ``MXSEC_RAW_DIR`` (default
``../shared/data/raw``); see ``mxsec.paths.raw_dir``.
"""

from mxsec.paths import raw_dir

__all__ = ["raw_dir"]
