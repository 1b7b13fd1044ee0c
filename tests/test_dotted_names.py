"""Every ``mxsec.analysis.<module>.<name>`` that the data documentation, the data package, the
notebooks or the committed reports cite resolves to a real object, so a reader who looks a
definition up finds it (the package split must keep these names)."""

from __future__ import annotations

import importlib
import re

import pytest

from mxsec.paths import project_root

DOTTED = re.compile(r"\bmxsec\.analysis(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
CITING = ["data/README.md", "data/datapackage.json", "src/mxsec/data/schemas.py", "notebooks/*.ipynb",
          "reports/*.html", "reports/*.ipynb"]


def cited_names() -> list[str]:
    names = set()
    for pattern in CITING:
        for path in project_root().glob(pattern):
            names.update(DOTTED.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def resolve(dotted: str) -> object:
    """The object a dotted name refers to: the longest importable module prefix, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute)
        return obj
    raise ModuleNotFoundError(dotted)


def test_the_documents_cite_analysis_names():
    names = cited_names()
    assert "mxsec.analysis.funding.security_assistance" in names
    assert "mxsec.analysis.claims.evaluate" in names


@pytest.mark.parametrize("dotted", cited_names())
def test_cited_name_resolves(dotted):
    assert resolve(dotted) is not None


def test_an_unknown_name_does_not_resolve():
    with pytest.raises(AttributeError):
        resolve("mxsec.analysis.funding.no_such_function")
