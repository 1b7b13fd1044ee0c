"""Execute one notebook in-process with nbclient, deterministically.

Noise removed at the source, in this one place:
- no timing metadata (``record_timing=False``), no papermill metadata;
- the injected-parameters cell gets a fixed id (nbformat would draw a random one);
- the kernel runs with ``PYTHONHASHSEED=0``, ``SOURCE_DATE_EPOCH`` fixed and the working
  directory ``notebooks/``, exactly as ``papermill --cwd notebooks`` would;
- the kernel learns the edition name from ``MXSEC_EDITION`` (used in relative links only),
  never an absolute path; it is set by a silent request before the first cell, so a kernel
  can be started before its notebook is known.

Warm kernels: a pool worker calls ``prestart()`` once its notebook has run, so the next
kernel starts, and imports the heavy libraries (``WARMUP``, run by IPython at start-up
without touching the execution count), while this worker exports HTML and PDF.
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
WARMUP = "import numpy, pandas, matplotlib, seaborn, mxsec.charts, mxsec.report, mxsec.data"

_spare: dict[str, tuple[KernelManager, str]] = {}  # cwd -> (started kernel, its socket folder)


def _start_kernel(cwd: Path) -> tuple[KernelManager, str]:
    sockets = tempfile.mkdtemp(prefix="mxsec-kernel-")  # IPC sockets: local, no TCP ports
    kernel = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=os.path.join(sockets, "kernel"),
                           connection_file=os.path.join(sockets, "connection.json"))
    kernel.start_kernel(env=dict(os.environ) | DETERMINISTIC_ENV, cwd=str(cwd),
                        extra_arguments=[f"--IPKernelApp.exec_lines={WARMUP}"])
    return kernel, sockets


def _stop_kernel(kernel: KernelManager, sockets: str) -> None:
    if kernel.has_kernel:
        kernel.shutdown_kernel(now=True)
    shutil.rmtree(sockets, ignore_errors=True)


def prestart(cwd: Path) -> None:
    """Start the next notebook's kernel now (once per process); it is shut down at exit if unused."""
    if str(cwd) not in _spare:
        _spare[str(cwd)] = _start_kernel(cwd)
        if len(_spare) == 1:
            import multiprocessing.util

            multiprocessing.util.Finalize(None, shutdown_spare, exitpriority=10)


def shutdown_spare() -> None:
    while _spare:
        _stop_kernel(*_spare.popitem()[1])


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
    kernel, sockets = _spare.pop(str(cwd), None) or _start_kernel(cwd)
    client = NotebookClient(
        nb,
        km=kernel,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,
        shutdown_kernel="immediate",
    )
    def set_edition(**_: Any) -> None:  # the client is a blocking one: it belongs to our KernelManager
        code = f"import os; os.environ['MXSEC_EDITION'] = {edition_name!r}; del os"
        client.kc.execute_interactive(code, silent=True, store_history=False, timeout=60)

    client.on_notebook_start = set_edition
    try:
        client.execute()
    except CellExecutionError as exc:
        index = _failed_cell(nb)
        raise ExecutionFailure(index, f"{exc.ename}: {exc.evalue}", nb) from None
    finally:
        _stop_kernel(kernel, sockets)  # nbclient shuts down only kernels it created itself
    nb.metadata.pop("papermill", None)
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> int:
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code_cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return len(code_cells)
