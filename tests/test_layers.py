"""The layer rules of ``src/mxsec/analysis/`` (ARCHITECTURE.md), read from the imports with ``ast``.

Every report is a package ``analysis/<topic>/`` with the same layers, lowest first:
``compute`` (selection and arithmetic), ``text`` (sentences), ``tables`` and ``plots`` (display),
``__init__`` (the notebook's face). A layer never imports a higher one; nothing in
``analysis/`` imports the render engine; drawing happens in ``plots`` only; another topic is
reached through its ``compute``; ``tables`` and ``plots`` import ``mxsec.report`` for the
``Table`` and ``Chart`` types. ``ALLOWED`` is empty: every topic is split.
"""

from __future__ import annotations

import ast
from pathlib import Path

from mxsec.paths import PACKAGE_DIR

SHARED = {"__init__", "periods", "claims", "common"}  # shared computation modules in analysis/
LAYERS = ("compute", "text", "tables", "plots")  # lowest first
DRAWING = ("matplotlib", "seaborn", "mxsec.charts", "mxsec.report")
MAX_LINES = 800

# (module, rule) pairs allowed to break a rule: none. An entry must name a violation that
# occurs, so the list cannot go stale.
ALLOWED: set[tuple[str, str]] = set()


def _imports(path: Path, package: str) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved against
    ``package``, the dotted package the file is in), at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import compute` names pkg.compute
    return names


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path) -> set[tuple[str, str]]:
    """(module path relative to ``root``, broken rule) for the package at ``root`` (src/mxsec)."""
    found: set[tuple[str, str]] = set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if sum(1 for _ in path.open(encoding="utf-8")) > MAX_LINES:
            found.add((rel, f"over {MAX_LINES} lines"))
        parts = path.relative_to(root).with_suffix("").parts
        if parts[0] != "analysis":
            continue
        package = ".".join(("mxsec",) + parts[:-1])
        imports = _imports(path, package)
        if any(_under(name, "mxsec.render") for name in imports):
            found.add((rel, "imports mxsec.render"))
        if len(parts) == 2:  # analysis/<module>.py
            if parts[1] not in SHARED:
                found.add((rel, "topic module not split by layer"))
            elif any(_under(name, d) for name in imports for d in DRAWING):
                found.add((rel, "shared computation imports drawing"))
            continue
        topic, layer = parts[1], parts[-1]
        if layer == "__init__":
            continue  # the notebook's face: it may gather every layer
        if layer not in LAYERS:
            layer = "compute"  # a topic's extra computation file (the index's indicators) follows compute's rules
        higher = LAYERS[LAYERS.index(layer) + 1:]
        for name in imports:
            if not _under(name, "mxsec.analysis"):
                continue
            bits = name.split(".")
            if len(bits) < 3 or bits[2] in SHARED:
                continue
            other, sub = bits[2], bits[3] if len(bits) > 3 else None
            if other == topic and sub in higher:
                found.add((rel, f"imports the higher layer {sub}"))
            elif other != topic and sub != "compute":
                found.add((rel, f"imports {other} other than through its compute"))
        drawing = [d for d in DRAWING if not (layer == "tables" and d == "mxsec.report")]  # tables build report.Table
        if layer in ("compute", "text", "tables") and any(_under(n, d) for n in imports for d in drawing):
            found.add((rel, "draws outside plots"))
    return found


def test_layer_rules_hold_but_for_the_listed_violations():
    found = violations(PACKAGE_DIR)
    assert found - ALLOWED == set(), "layer violations"
    assert ALLOWED - found == set(), "fixed: remove these from ALLOWED"


def _plant(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_planted_violation_of_each_rule_is_found(tmp_path):
    root = _plant(tmp_path / "mxsec", {
        "analysis/__init__.py": "",
        "analysis/periods.py": "import matplotlib.pyplot as plt\n",
        "analysis/flat.py": "x = 1\n",
        "analysis/alpha/__init__.py": "from .compute import build\n",
        "analysis/alpha/compute.py": "from . import plots\nfrom mxsec.render import topics\n"
                                     "from mxsec.analysis.beta import text\nfrom mxsec.analysis.beta.compute import f\n",
        "analysis/alpha/text.py": "def f():\n    from mxsec.analysis.alpha.tables import t\n    from mxsec import charts\n",
        "analysis/alpha/plots.py": "from mxsec import charts\nfrom .compute import build\n" + "x = 1\n" * MAX_LINES,
        "analysis/beta/compute.py": "from mxsec.analysis import periods, claims\n",
        "analysis/beta/indicators.py": "import seaborn\nfrom .text import x\n",
        "analysis/beta/tables.py": "from mxsec.report import Table\nfrom .compute import f\n",
    })
    assert violations(root) == {
        ("analysis/periods.py", "shared computation imports drawing"),
        ("analysis/flat.py", "topic module not split by layer"),
        ("analysis/alpha/compute.py", "imports the higher layer plots"),
        ("analysis/alpha/compute.py", "imports mxsec.render"),
        ("analysis/alpha/compute.py", "imports beta other than through its compute"),
        ("analysis/alpha/text.py", "imports the higher layer tables"),
        ("analysis/alpha/text.py", "draws outside plots"),
        ("analysis/alpha/plots.py", f"over {MAX_LINES} lines"),
        ("analysis/beta/indicators.py", "imports the higher layer text"),
        ("analysis/beta/indicators.py", "draws outside plots"),
    }
