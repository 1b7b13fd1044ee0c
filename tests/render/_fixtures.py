"""A throw-away project for engine tests: tiny fixture notebooks (one that passes, one that
raises, one with parameters), a one-table data folder, and MXSEC_ROOT pointing at it."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]

PARAMS = '''start_year: int = 2000  # [1990, 2030] first year
label: str = "alpha"  # {alpha, beta, @colours.name} which label
scale: float = 1.0  # [0, 10] multiplier
show_total: bool = False  # add a total line
items: list = ["a"]  # {a, b, c} items to include
'''


def write_notebook(path: Path, cells: list) -> None:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    nbformat.write(nb, path)


def light_cells(title: str = "Light report") -> list:
    return [
        new_markdown_cell(f"# {title}\n\nA tiny report that draws one chart."),
        new_code_cell(PARAMS, metadata={"tags": ["parameters"]}),
        new_code_cell("import pandas as pd\nfrom mxsec import charts, report"),
        new_markdown_cell("## Section one\n\nSome text."),
        new_code_cell(
            "df = pd.DataFrame({'year': list(range(start_year, start_year + 5)), 'value': [scale * v for v in [1, 3, 2, 5, 4]]})\n"
            "fig = charts.line_chart(df, x='year', y='value', title=f'Values ({label})')\n"
            "report.show_chart(fig, name='values', caption='Values rise', alt='A line rising from 1 to 4', data=df, source_ids=['demo_source'])"),
        new_code_cell("report.key_figures({'peak': {'value': 5 * scale, 'unit': 'count', 'period': str(start_year + 3), "
                      "'source_ids': ['demo_source'], 'note': label}}, {'peak': 'Peak'})"),
    ]




def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
