"""Curated data: ``load(name)`` returns a validated table; ``source_line(ids)`` the citation
line printed under charts and tables; ``TABLES`` the schemas."""

from mxsec.data.loader import DataValidationError, load
from mxsec.data.schemas import TABLES
from mxsec.data.sources import source_line

__all__ = ["DataValidationError", "TABLES", "load", "source_line"]
