"""Curated data: ``load(name)`` returns a validated table; ``citations(ids)`` the long-form
citation of each source a chart or table carries to the render engine (``source_line(ids)``
all of them on one line, for interactive display); ``TABLES`` the schemas."""

from mxsec.data.loader import DataValidationError, load
from mxsec.data.schemas import TABLES
from mxsec.data.sources import citations, is_literature, literature_source_ids, mark_literature, source_line

__all__ = ["DataValidationError", "TABLES", "citations", "is_literature", "literature_source_ids", "load", "mark_literature",
           "source_line"]
