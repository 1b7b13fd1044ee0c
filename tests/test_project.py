"""Project-level promises: version in one place, clean notebooks, `mxsec list --json`."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from click.testing import CliRunner

from mxsec import __version__
from mxsec.cli import cli
from mxsec.paths import notebooks_dir, project_root
from mxsec.render.params import read_parameters

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))


def test_version_matches_pyproject():
    project = tomllib.loads((project_root() / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_committed_without_outputs(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: strip outputs"
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert "".join(notebook["cells"][0]["source"]).startswith("# ")


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("_")], ids=lambda p: p.name)
def test_topic_notebooks_declare_parameters_with_help(path):
    declared = read_parameters(path)
    assert declared.parameters, f"{path.name} has no parameters cell"
    for param in declared.parameters.values():
        assert param.help, f"{path.name}: parameter {param.name} has no help text"


def test_list_json_describes_every_topic_and_parameter():
    result = CliRunner().invoke(cli, ["list", "--json"])
    assert result.exit_code == 0
    topics = json.loads(result.output)
    names = {t["topic"] for t in topics}
    assert names == {p.stem for p in NOTEBOOKS if not p.name.startswith("_")}
    for topic in topics:
        assert topic["title"] and topic["notebook"].startswith("notebooks/")
        for param in topic["parameters"]:
            assert {"name", "type", "default", "help"} <= set(param)


def test_data_missing_lists_the_ledgers_gaps_with_their_tables():
    result = CliRunner().invoke(cli, ["data", "missing"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) % 2 == 0 and len(lines) >= 2
    entry = next(i for i, line in enumerate(lines) if line.startswith("davidson_extraditions_2012_2013 "))
    assert "2012, 2013; data/manual/extraditions.csv" in lines[entry]
    assert "published in PGR's annual report" in lines[entry + 1]
    assert any("no table in data/ yet" in line for line in lines)


def test_readme_quick_start_is_the_two_commands():
    readme = (project_root() / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make \w+", quick, flags=re.M) == ["make report", "make test"]
    assert "make test" in (project_root() / ".ci" / "run").read_text()


def test_python_dash_m_runs_the_command_line():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "mxsec", "list", "--json"], capture_output=True, text=True, check=True,
                         cwd=project_root())
    assert {"violence", "funding", "overview"} <= {entry["topic"] for entry in json.loads(out.stdout)}
