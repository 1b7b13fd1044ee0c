"""Curated data: ``load(name)`` returns a validated table; ``source_line(ids)`` the citation
line printed under charts and tables; ``TABLES`` the schemas."""

from mxsec.data.loader import DataValidationError, load
from mxsec.data.schemas import TABLES
from mxsec.data.sources import is_literature, literature_source_ids, mark_literature, source_line

__all__ = ["DataValidationError", "TABLES", "is_literature", "literature_source_ids", "load", "mark_literature",
           "source_line"]
