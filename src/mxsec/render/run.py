"""``mxsec render``: from command-line words to rendered editions.

Validation happens here, before any kernel starts; nothing is written on bad input.
Exit codes: 0 success, 1 a render failed (or ``--check`` found a stale report), 2 bad input.
"""

from __future__ import annotations

import difflib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mxsec.paths import reports_dir
from mxsec.render import cache
from mxsec.render.editions import DEFAULT_FORMATS, FORMATS, Edition, make_edition
from mxsec.render.params import ParameterError, ParameterSet, effective_overrides, read_parameters, validate
from mxsec.topics import Topic, discover

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class InputError(ValueError):
    """Bad command-line input (exit code 2)."""


@dataclass
class Options:
    topics: list[str]
    params: list[str]
    formats: tuple[str, ...] = DEFAULT_FORMATS
    jobs: int = 0
    force: bool = False
    show_code: bool = False
    out: Path | None = None
    sweep: str | None = None
    check: bool = False


def parse_assignments(words: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` words to a dict; a word without ``=`` is bad input."""
    out: dict[str, str] = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name.strip():
            raise InputError(f"-p expects NAME=VALUE, got {word!r}")
        out[name.strip()] = value
    return out


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(sorted({f.strip().lower() for f in text.split(",") if f.strip()}))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(f"--format {text!r}: allowed formats are {', '.join(FORMATS)} (comma separated)")
    return formats


def select_topics(available: dict[str, Topic], requested: list[str]) -> list[Topic]:
    if not requested:
        return list(available.values())
    chosen = []
    for name in requested:
        if name not in available:
            hint = difflib.get_close_matches(name, list(available), n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise InputError(f"unknown topic '{name}'{suggestion}; topics: {', '.join(available)}")
        chosen.append(available[name])
    return chosen


def plan_editions(topics: list[Topic], options: Options) -> list[tuple[Topic, Edition, ParameterSet, dict[str, Any]]]:
    """Validate every parameter and return (topic, edition, declarations, typed overrides)."""
    raw = parse_assignments(options.params)
    if options.sweep and len(topics) != 1:
        raise InputError("--sweep needs exactly one topic, e.g. mxsec render violence --sweep state")
    planned = []
    for topic in topics:
        declared = read_parameters(topic.notebook, topic.name)
        typed = effective_overrides(declared, validate(declared, raw))
        if options.sweep:
            if options.sweep not in declared.parameters:
                validate(declared, {options.sweep: ""})  # raises "unknown parameter", with a close match
            param = declared.parameters[options.sweep]
            values = [v for v in param.allowed() if v != param.default]
            if not values:
                raise InputError(f"{topic.name}: parameter '{options.sweep}' has no allowed set to sweep over")
            for value in values:
                overrides = effective_overrides(declared, typed | validate(declared, {options.sweep: value}))
                planned.append((topic, make_edition(topic.name, overrides, options.formats, options.show_code), declared, overrides))
        else:
            planned.append((topic, make_edition(topic.name, typed, options.formats, options.show_code), declared, typed))
    return planned


def _print(message: str = "", err: bool = False) -> None:
    print(message, file=sys.stderr if err else sys.stdout)


def render(options: Options, echo=_print) -> int:
    """Run ``mxsec render``; returns the exit code."""
    reports = (options.out or reports_dir()).resolve()
    try:
        available = discover()
        topics = select_topics(available, options.topics)
        planned = plan_editions(topics, options)
    except (InputError, ParameterError) as exc:
        echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT

    from mxsec.render.engine import Job  # stdlib-only module; cheap

    hasher = cache.InputHasher()
    manifests: dict[Path, dict[str, Any]] = {}
    jobs: list[Job] = []
    stale: list[str] = []
    for topic, edition, declared, overrides in planned:
        inputs_hash = hasher.edition_hash(topic.notebook, edition.params(), edition.formats, edition.show_code)
        folder = edition.base_dir(reports)
        manifest = manifests.setdefault(folder, cache.read_manifest(folder))
        fresh = cache.is_fresh(manifest["editions"].get(edition.name), inputs_hash, folder)
        if not fresh:
            stale.append(edition.name)
        if options.force or not fresh:
            jobs.append(Job(topic, edition, inputs_hash, hasher.data_hash, declared.defaults() | overrides, reports))

    if options.check:
        for name in stale:
            echo(f"stale: {name} (inputs or outputs differ from reports/manifest.json; run `mxsec render {name.split('--')[0]}`)", err=True)
        if not stale:
            echo(f"all {len(planned)} report(s) up to date")
        return EXIT_FAILED if stale else EXIT_OK

    if not jobs:
        echo(f"nothing to do: {len(planned)} report(s) up to date (use --force to re-render)")
        return EXIT_OK

    from mxsec.render import index, progress
    from mxsec.render.engine import run_jobs, update_manifest

    workers = options.jobs or os.cpu_count() or 1
    started = time.perf_counter()
    reporter = progress.Reporter(len(jobs), echo)
    reporter.start([job.edition.name for job in jobs], workers)
    from mxsec.render.export import install_fonts

    install_fonts(reports)
    results = run_jobs(jobs, workers, reporter.done)
    update_manifest(reports, results, jobs)
    index.write_landing(reports)
    if options.sweep:
        index.write_sweep_index(reports, topics[0], options.sweep, [edition for _, edition, _, _ in planned], results)
    reporter.summary(results, time.perf_counter() - started)
    failed = [r for r in results if r.status == "failed"]
    return EXIT_FAILED if failed else EXIT_OK
