"""The ``mxsec`` command: argument parsing only; the work is done in mxsec.render and mxsec.data.

Exit codes: 0 success, 1 a render or check failed, 2 bad input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mxsec")
def cli() -> None:
    """Render and check the U.S.-Mexico security cooperation reports."""


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_topics(as_json: bool) -> None:
    """Every topic with its title, notebook and parameters."""
    from mxsec.paths import project_root
    from mxsec.render.params import read_parameters
    from mxsec.topics import discover

    topics = []
    for topic in discover().values():
        params = read_parameters(topic.notebook, topic.name)
        topics.append({
            "topic": topic.name,
            "title": topic.title,
            "summary": topic.summary,
            "notebook": topic.notebook.relative_to(project_root()).as_posix(),
            "parameters": [p.describe() for p in params.parameters.values()],
        })
    if as_json:
        click.echo(json.dumps(topics, indent=2, ensure_ascii=False))
        return
    for topic in topics:
        click.echo(f"{topic['topic']}: {topic['title']} ({topic['notebook']})")
        for p in topic["parameters"]:
            allowed = p.get("allowed")
            limits = f" allowed: {', '.join(map(str, allowed[:12]))}{' ...' if len(allowed) > 12 else ''}" if allowed else ""
            limits += f" range: {p['range'][0]}..{p['range'][1]}" if "range" in p else ""
            click.echo(f"  {p['name']} ({p['type']}) = {p['default']!r}{limits}  {p['help']}")


@cli.command("render")
@click.argument("topics", nargs=-1)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Set a notebook parameter (repeatable).")
@click.option("--format", "formats", default="html,pdf", show_default=True, help="Output formats, comma separated.")
@click.option("--jobs", "-j", default=0, type=click.IntRange(min=0), help="Parallel notebooks (default: number of cores).")
@click.option("--force", is_flag=True, help="Re-render even when inputs are unchanged.")
@click.option("--show-code", is_flag=True, help="Fold the code cells into the HTML.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write reports here instead of reports/.")
@click.option("--sweep", metavar="PARAM", help="One edition per allowed value of PARAM, in parallel, with an index page.")
@click.option("--check", is_flag=True, help="Exit 1, naming the report, when a committed default report is stale.")
def render_command(topics, params, formats, jobs, force, show_code, out, sweep, check) -> None:
    """Render TOPICS (default: all) to HTML and PDF."""
    from mxsec.render.run import EXIT_BAD_INPUT, InputError, Options, parse_formats, render

    try:
        chosen_formats = parse_formats(formats)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    options = Options(list(topics), list(params), chosen_formats, jobs, force, show_code, out, sweep, check)
    sys.exit(render(options, echo=click.echo))


@cli.group("data")
def data_group() -> None:
    """Check, rebuild and document the curated data."""


@data_group.command("check")
def data_check() -> None:
    """Validate every table and print a coverage table."""
    from mxsec.data.check import run_check

    sys.exit(run_check(click.echo))


@data_group.command("refresh")
def data_refresh() -> None:
    """Rebuild data/ from the raw files (MXSEC_RAW_DIR) and data/manual/."""
    from mxsec.ingest.build import refresh

    sys.exit(refresh(click.echo))


@data_group.command("dictionary")
def data_dictionary() -> None:
    """Print the data dictionary (also written to data/README.md by refresh)."""
    from mxsec.data.dictionary import dictionary_markdown

    click.echo(dictionary_markdown())


@data_group.command("missing")
def data_missing() -> None:
    """List the figures the claims ledger lacks, with where each is published."""
    from mxsec.analysis.claims import missing_figures
    from mxsec.paths import data_dir

    for row in missing_figures().itertuples():
        manual = data_dir() / "manual" / f"{row.table}.csv"
        table = (f"data/manual/{row.table}.csv" if manual.exists() else f"data/{row.table}.csv") if row.table \
            else "no table in data/ yet"
        click.echo(f"{row.claim_id} ({row.paper}, {row.period}; {table}):\n  {row.missing}")


def main() -> None:
    cli()
