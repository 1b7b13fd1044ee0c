"""``make bench``: the engine against the naive route, measured as ratios in one run.

1. Engine overhead, on a fixture set of light notebooks in a throw-away project: the naive
   route (per notebook, sequentially: ``papermill`` CLI, ``jupyter nbconvert --to html
   --no-input`` CLI, ``weasyprint`` CLI) against ``mxsec render --force`` of the same notebooks,
   and a warm ``mxsec render`` (nothing to do).
2. The real reports: the naive route against ``mxsec render --force --out <tmp>``.
3. The violence state sweep (32 editions) against one state profile.
4. The cooperation index's Monte Carlo and Sobol analysis with the data factors against the
   choices-only run.

Every timing is a whole process, wall clock, on this machine; the printed figures are ratios.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mxsec.paths import notebooks_dir, project_root

LIGHT_NOTEBOOKS = 8
BIN = Path(sys.executable).parent


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def naive_route(notebooks: list[Path], workdir: Path, cwd: Path, env: dict[str, str]) -> float:
    """papermill CLI -> nbconvert CLI -> weasyprint CLI, one notebook after the other."""
    total = 0.0
    for notebook in notebooks:
        executed = workdir / f"{notebook.stem}.ipynb"
        html = workdir / f"{notebook.stem}.html"
        total += _timed([str(BIN / "papermill"), str(notebook), str(executed), "--cwd", str(cwd), "--no-progress-bar"], cwd, env)
        total += _timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], cwd, env)
        total += _timed([str(BIN / "weasyprint"), str(html), str(workdir / f"{notebook.stem}.pdf")], cwd, env)
    return total


def light_project(root: Path) -> list[Path]:
    """A throw-away project with LIGHT_NOTEBOOKS small chart notebooks (the engine-test fixture)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    for sub in ("notebooks", "data", "reports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy(project_root() / "data" / "sources.csv", root / "data" / "sources.csv")
    shutil.copy(project_root() / "requirements.lock", root / "requirements.lock")
    paths = []
    for i in range(LIGHT_NOTEBOOKS):
        nb = new_notebook(cells=[
            new_markdown_cell(f"# Light report {i}\n\nOne chart."),
            new_code_cell(f"start_year: int = {2000 + i}  # [1990, 2030] first year", metadata={"tags": ["parameters"]}),
            new_code_cell("import pandas as pd\nfrom mxsec import charts, report"),
            new_markdown_cell("## Chart"),
            new_code_cell("df = pd.DataFrame({'year': range(start_year, start_year + 5), 'value': [1, 3, 2, 5, 4]})\n"
                          "report.show_chart(charts.line_chart(df, x='year', y='value', title='Values'), name='values', "
                          "caption='Values', alt='A line', data=df, source_ids=[])"),
        ])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        for j, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{j:02d}"
        path = root / "notebooks" / f"light{i}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def bench_light() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        notebooks = light_project(root)
        env = dict(os.environ, MXSEC_ROOT=str(root))
        naive_dir = Path(tmp) / "naive"
        naive_dir.mkdir()
        naive = naive_route(notebooks, naive_dir, root / "notebooks", env)
        cold = _timed([str(BIN / "mxsec"), "render", "--force"], root, env)
        warm = min(_timed([str(BIN / "mxsec"), "render"], root, env) for _ in range(3))
    return {"naive": naive, "cold": cold, "warm": warm}


def bench_real() -> dict[str, float]:
    notebooks = sorted(p for p in notebooks_dir().glob("*.ipynb") if not p.name.startswith("_"))
    with tempfile.TemporaryDirectory() as tmp:
        naive_dir = Path(tmp) / "naive"
        naive_dir.mkdir()
        env = dict(os.environ)
        naive = naive_route(notebooks, naive_dir, notebooks_dir(), env)
        cold = _timed([str(BIN / "mxsec"), "render", "--force", "--out", str(Path(tmp) / "out")], project_root(), env)
    return {"naive": naive, "cold": cold, "notebooks": len(notebooks)}


def bench_sweep() -> dict[str, float] | None:
    if not (notebooks_dir() / "violence.ipynb").exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out")
        one = _timed([str(BIN / "mxsec"), "render", "violence", "-p", "state=CHH", "--force", "--out", out], project_root())
        sweep = _timed([str(BIN / "mxsec"), "render", "violence", "--sweep", "state", "--force", "--out", out], project_root())
    return {"one": one, "sweep": sweep}


INDEX_RATIO_TARGET = 10.0  # the Monte Carlo and Sobol analysis with data factors: at most 10x the choices-only run


def index_timings(tables=None, repeat: int = 3) -> dict:
    """The cooperation index's default 10,000-draw Monte Carlo and its Sobol analysis, twice: over
    the analyst's choices only (the data held at the preferred sources, recorded event list and
    dates, default smoothing window) and over the choices and the data factors together. For each
    run, seconds to build the cube of pillar scores, to draw and summarise, to run Sobol, and in
    all (the best of ``repeat`` runs); ``load`` (seconds to load the tables) and ``ratio`` (data
    run / choices-only run)."""
    from mxsec.analysis.cooperation_index import compute as ci

    started = time.perf_counter()
    tables = dict(tables) if tables is not None else ci.load_tables()
    loaded = time.perf_counter() - started
    indicators = ci.build_indicators(tables)
    years = [int(y) for y in indicators.years[ci.scored_mask(ci.pillar_cube(indicators, data=False), ci.DEFAULT_WEIGHTS)]]
    weights, _ = ci.balanced_weights(indicators, years)
    reference = ci.compute_index(indicators, weights)
    out: dict = {"load": loaded}
    for label, data, factors in (("choices", False, ci.CHOICE_FACTORS), ("data", True, ci.FACTORS)):
        best = None
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            cube = ci.pillar_cube(indicators, ci.DEFAULT_SEED, data=data)
            t1 = time.perf_counter()
            draws = ci.monte_carlo(cube, weights, ci.DEFAULT_DRAWS, ci.DEFAULT_SEED, factors=factors)
            ci.summarise(draws, reference)
            t2 = time.perf_counter()
            sobol = ci.sobol_analysis(cube, weights, reference, ci.SOBOL_N, ci.DEFAULT_SEED, factors=factors)
            t3 = time.perf_counter()
            run = {"cube": t1 - t0, "monte_carlo": t2 - t1, "sobol": t3 - t2, "total": t3 - t0, "draws": draws.draws,
                   "factors": len(factors), "sobol_runs": sobol.runs + sobol.group_runs}
            if best is None or run["total"] < best["total"]:
                best = run
        out[label] = best
    out["ratio"] = out["data"]["total"] / out["choices"]["total"]
    return out


def bench_index() -> dict:
    return index_timings()


def main() -> None:
    print("mxsec bench: ratios from one run on this machine (whole processes, wall clock)\n")
    light = bench_light()
    print(f"light fixtures ({LIGHT_NOTEBOOKS} notebooks): naive route / mxsec render --force = "
          f"{light['naive'] / light['cold']:.1f}x faster (target >= 4x)")
    print(f"warm mxsec render (nothing to do): {light['warm']:.2f} s (target < 0.3 s)")
    real = bench_real()
    print(f"real reports ({real['notebooks']} notebooks): naive route / mxsec render --force = "
          f"{real['naive'] / real['cold']:.1f}x faster (target >= 2.5x)")
    sweep = bench_sweep()
    if sweep:
        print(f"violence sweep (32 state profiles) / one state profile = {sweep['sweep'] / sweep['one']:.1f}x (target <= 16x)")
    index = bench_index()
    print(f"cooperation index, {index['data']['draws']:,}-draw Monte Carlo + Sobol: choices and data "
          f"({index['data']['factors']} factors, {index['data']['sobol_runs']:,} Sobol runs) {index['data']['total']:.2f} s / "
          f"choices only ({index['choices']['factors']} factors, {index['choices']['sobol_runs']:,} runs) "
          f"{index['choices']['total']:.2f} s = {index['ratio']:.1f}x (target <= {INDEX_RATIO_TARGET:g}x)")


if __name__ == "__main__":
    main()
