"""Topic discovery: every ``notebooks/*.ipynb`` whose name does not start with ``_`` is a topic.
Used by the render engine and by the overview report, so it lives outside both.

The engine knows nothing about any topic beyond what its notebook says: the title is the
first ``# `` heading, the summary the first paragraph after it. A notebook whose metadata has ``"mxsec": {"lead": true}`` is the one the landing page puts
first. Standard library only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mxsec.paths import notebooks_dir


@dataclass(frozen=True)
class Topic:
    name: str
    notebook: Path
    title: str
    summary: str
    lead: bool = False


def _describe(path: Path) -> Topic:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    title, summary = path.stem, ""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        lines = [line.strip() for line in text.splitlines()]
        if title == path.stem and lines and lines[0].startswith("# "):
            title = lines[0][2:].strip()
            lines = lines[1:]
        paragraph = " ".join(line for line in lines if line and not line.startswith("#")).strip()
        if title != path.stem and paragraph:
            summary = paragraph
            break
    return Topic(path.stem, path, title, summary, bool(notebook.get("metadata", {}).get("mxsec", {}).get("lead")))


def discover(folder: Path | None = None) -> dict[str, Topic]:
    """All topics in ``folder`` (default ``notebooks/``), sorted by name."""
    folder = folder or notebooks_dir()
    return {p.stem: _describe(p) for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith("_")}
