"""Where things live. One place for every path the package uses.

The project is installed in editable mode from its checkout (``make`` does this), so the
project root is two levels above this package (``src/mxsec``). ``MXSEC_ROOT`` overrides it,
for tests that build a throw-away project.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The checkout's root folder (the one holding ``pyproject.toml``)."""
    override = os.environ.get("MXSEC_ROOT")
    return Path(override).resolve() if override else PACKAGE_DIR.parents[1]


def data_dir() -> Path:
    """Curated tables (``data/``)."""
    return project_root() / "data"


def notebooks_dir() -> Path:
    """Topic notebooks (``notebooks/``)."""
    return project_root() / "notebooks"


def reports_dir() -> Path:
    """The rendered default edition (``reports/``)."""
    return project_root() / "reports"


def previous_edition_dir(reports: Path | None = None) -> Path:
    """The previous published edition's key figures (``reports/previous/<topic>.figures.json``),
    against which each report lists its changes (``mxsec.revisions``)."""
    return (reports or reports_dir()) / "previous"


def template_dir() -> Path:
    """The nbconvert template, CSS and print stylesheet."""
    return PACKAGE_DIR / "templates"


def raw_dir() -> Path:
    """Raw public datasets the ingest reads: ``MXSEC_RAW_DIR``, else ``../shared/data/raw``."""
    override = os.environ.get("MXSEC_RAW_DIR")
    return Path(override).resolve() if override else (project_root().parent / "shared" / "data" / "raw")
