"""Every chart a report notebook draws, drawn as the notebook draws it.

``notebook_charts(topic)`` reads ``notebooks/<topic>.ipynb``, runs its parameters cell (then any
``overrides``) and its setup cells (the cells that assign or import: the bundle), and evaluates the
argument of every ``report.show(...)`` that calls the topic's ``plots`` layer, keeping each
``report.Chart`` with a figure. The charts are the ones the render engine shows, from the same
calls, without executing the rest of the notebook.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from mxsec import report
from mxsec.paths import notebooks_dir
from mxsec.render.params import parameters_cell_source


def notebook_charts(topic: str, overrides: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[report.Chart]]:
    """(the notebook's namespace after its setup cells, the Charts it shows) for ``topic``."""
    notebook = json.loads((notebooks_dir() / f"{topic}.ipynb").read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"display": lambda *args, **kwargs: None}
    exec(parameters_cell_source(notebook), namespace)
    namespace.update(overrides or {})
    charts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        source = "".join(cell["source"])
        tree = ast.parse(source)
        if any(isinstance(node, (ast.Assign, ast.Import, ast.ImportFrom)) for node in tree.body):
            exec(source, namespace)
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and ast.unparse(node.func) == "report.show" and node.args
                    and ".plots." in ast.unparse(node.args[0])):
                item = eval(ast.unparse(node.args[0]), namespace)
                if isinstance(item, report.Chart) and item.figure is not None:
                    charts.append(item)
    return namespace, charts
