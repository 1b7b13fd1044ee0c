"""Execute one notebook in-process with nbclient, deterministically.

Noise removed at the source, in this one place:
- no timing metadata (``record_timing=False``), no papermill metadata;
- the injected-parameters cell gets a fixed id (nbformat would draw a random one);
- the kernel runs with ``PYTHONHASHSEED=0``, ``SOURCE_DATE_EPOCH`` fixed and the working
  directory ``notebooks/``, exactly as ``papermill --cwd notebooks`` would;
- the kernel learns the edition name from ``MXSEC_EDITION`` (used in relative links only),
  never an absolute path.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SOURCE_DATE_EPOCH = "1704067200"  # 2024-01-01T00:00:00Z: fixed, so outputs carry no clock
KERNEL_NAME = "python3"
CELL_TIMEOUT_SECONDS = 900
INJECTED_CELL_ID = "injected-parameters"

DETERMINISTIC_ENV = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


@dataclass
class ExecutionFailure(Exception):
    """A cell raised: which cell (1-based, counting code cells) and what it raised."""

    cell_index: int
    error: str
    notebook: Any = None

    def __str__(self) -> str:
        return f"cell {self.cell_index} raised {self.error}"


def inject_parameters(nb: nbformat.NotebookNode, overrides: dict[str, Any]) -> nbformat.NotebookNode:
    """Insert the override assignments after the ``parameters`` cell (papermill's convention)."""
    if not overrides:
        return nb
    lines = ["# Parameters injected by mxsec render"] + [f"{k} = {v!r}" for k, v in sorted(overrides.items())]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    cell["id"] = INJECTED_CELL_ID
    position = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), 0)
    nb.cells.insert(position, cell)
    return nb


def execute(notebook_path: Path, overrides: dict[str, Any], edition_name: str, cwd: Path) -> nbformat.NotebookNode:
    """Run the notebook top to bottom; return the executed notebook or raise ExecutionFailure."""
    nb = inject_parameters(nbformat.read(notebook_path, as_version=4), overrides)
    env = dict(os.environ) | DETERMINISTIC_ENV | {"MXSEC_EDITION": edition_name}
    sockets = tempfile.mkdtemp(prefix="mxsec-kernel-")  # IPC sockets: local, no TCP ports
    kernel = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=os.path.join(sockets, "kernel"),
                           connection_file=os.path.join(sockets, "connection.json"))
    client = NotebookClient(
        nb,
        km=kernel,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,
        shutdown_kernel="immediate",
    )
    try:
        client.execute(env=env, cwd=str(cwd))
    except CellExecutionError as exc:
        index = _failed_cell(nb)
        raise ExecutionFailure(index, f"{exc.ename}: {exc.evalue}", nb) from None
    finally:
        # nbclient shuts down only kernels it created itself; this one is ours
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
    nb.metadata.pop("papermill", None)
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> int:
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code_cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return len(code_cells)
