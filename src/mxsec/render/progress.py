"""Progress lines and the closing summary table of ``mxsec render`` (rich)."""

from __future__ import annotations

from typing import Any, Callable

from rich.console import Console
from rich.table import Table


class Reporter:
    """One line per edition as it finishes, then a table: edition, status, seconds, outputs."""

    def __init__(self, total: int, echo: Callable[..., Any]) -> None:
        self.total = total
        self.finished = 0
        self.console = Console(stderr=True, highlight=False)

    def start(self, names: list[str], workers: int) -> None:
        self.console.print(f"rendering {len(names)} edition(s) with {min(workers, len(names))} worker(s): {', '.join(names)}")

    def done(self, result: Any) -> None:
        self.finished += 1
        mark = "[green]ok[/green]" if result.status == "rendered" else "[red]FAILED[/red]"
        line = f"[{self.finished}/{self.total}] {mark} {result.name} ({result.seconds:.1f} s)"
        if result.error:
            line += f"\n    {result.error}"
        self.console.print(line)

    def summary(self, results: list[Any], seconds: float) -> None:
        table = Table(title=f"mxsec render: {len(results)} edition(s) in {seconds:.1f} s")
        for column in ("edition", "status", "seconds", "outputs"):
            table.add_column(column)
        for result in sorted(results, key=lambda r: r.name):
            table.add_row(result.name, result.status, f"{result.seconds:.1f}", str(len(result.outputs)))
        self.console.print(table)
