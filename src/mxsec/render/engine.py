"""The render engine: plan editions, skip fresh ones, execute the rest in a process pool,
export, write atomically, and keep the manifest.

It knows notebooks, parameters and outputs, nothing about any topic. Heavy imports
(nbclient, nbconvert, WeasyPrint) happen only once there is something to render, so a warm
run that finds every edition fresh stays fast.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mxsec import __version__
from mxsec.paths import data_dir, notebooks_dir, project_root, reports_dir
from mxsec.render import cache
from mxsec.render.editions import EDITIONS_SUBDIR, Edition, canonical_json
from mxsec.topics import Topic

FAILED_SUBDIR = "_failed"


@dataclass
class Job:
    topic: Topic
    edition: Edition
    inputs_hash: str
    data_hash: str
    parameters: dict[str, Any]  # every parameter's value for this edition (defaults + overrides)
    reports: Path


@dataclass
class Result:
    name: str
    status: str  # rendered | fresh | failed
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    manifest_entry: dict[str, Any] | None = None
    key_figures: dict[str, Any] = field(default_factory=dict)


def data_as_of() -> str:
    """The data's as-of date, as recorded by the ingest in ``data/datapackage.json``."""
    path = data_dir() / "datapackage.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8")).get("as_of", "unknown")
    return "unknown"


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project_root(), capture_output=True,
                              text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _rerun_command(edition: Edition) -> str:
    parts = ["mxsec render", edition.topic]
    for key, value in edition.overrides:
        text = canonical_json(value) if isinstance(value, (list, dict)) else str(value).lower() if isinstance(value, bool) else str(value)
        parts.append(f"-p {key}='{text}'" if isinstance(value, (list, dict)) else f"-p {key}={text}")
    if edition.show_code:
        parts.append("--show-code")
    if edition.formats != ("html", "pdf"):
        parts.append("--format " + ",".join(edition.formats))
    return " ".join(parts)


def _write_atomic(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(payload)
    tmp.replace(path)


def _replace_dir(target: Path, files: dict[str, bytes]) -> list[Path]:
    """Swap a whole folder of artefacts in with two renames; never leaves it half written."""
    staging = target.with_name(f".{target.name}.new{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name, payload in sorted(files.items()):
        (staging / name).write_bytes(payload)
    old = target.with_name(f".{target.name}.old{os.getpid()}")
    if target.exists():
        target.replace(old)
    staging.replace(target)
    if old.exists():
        shutil.rmtree(old)
    return [target / name for name in sorted(files)]


@dataclass
class Prepared:
    """An executed edition, exported in memory, waiting for its PDF and its writes."""

    files: dict[str, bytes]  # output kind -> bytes (ipynb, figures, html, params)
    assets: dict[str, bytes]  # chart file name -> bytes (PNG, CSV)
    html: str
    key_figures: dict[str, Any]
    seconds: float


def prepare(job: Job, warm_next: bool = False) -> Prepared | Result:
    """Execute the notebook and export everything but the PDF, in memory; a failure is a Result.

    ``warm_next``: start the next kernel as soon as this notebook has run (pool workers)."""
    from mxsec.render import execute, export

    started = time.perf_counter()
    edition = job.edition
    try:
        nb = execute.execute(job.topic.notebook, edition.params(), edition.name, notebooks_dir())
        if warm_next:
            execute.prestart(notebooks_dir())
    except execute.ExecutionFailure as failure:
        failed = job.reports / FAILED_SUBDIR / f"{edition.name}.ipynb"
        if failure.notebook is not None:
            _write_atomic(failed, export.notebook_bytes(failure.notebook))
        return Result(edition.name, "failed", time.perf_counter() - started,
                      error=f"{job.topic.notebook.name}: {failure} (executed notebook kept in {failed.relative_to(job.reports.parent)})")
    except Exception as exc:  # kernel could not start, notebook unreadable...
        return Result(edition.name, "failed", time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
    try:
        artifacts = export.collect_artifacts(nb)
        if artifacts.alt_missing:
            raise ValueError(f"charts without alt text: {', '.join(artifacts.alt_missing)}")
        stamp = {
            "topic": edition.topic,
            "version": __version__,
            "params_text": canonical_json(job.parameters),
            "inputs_hash": job.inputs_hash[:16],
            "data_hash": job.data_hash[:16],
            "data_as_of": data_as_of(),
            "commit": "" if edition.is_default else _git_commit(),
            "command": _rerun_command(edition),
            "edition_label": "default edition" if edition.is_default else f"edition {edition.name}",
            "page": f"{edition.name}.html" if edition.is_default else f"{EDITIONS_SUBDIR}/{edition.name}.html",
        }
        prefix = "" if edition.is_default else "../"
        html = export.render_html(nb, asset_prefix=f"{edition.name}/", font_prefix=f"{prefix}{export.ASSETS_DIR}/",
                                  stamp=stamp, show_code=edition.show_code, summary=job.topic.summary)
        meta = {
            "topic": edition.topic,
            "edition": edition.name,
            "parameters": job.parameters,
            "version": __version__,
            "inputs_hash": job.inputs_hash,
            "data_hash": job.data_hash,
            "data_as_of": stamp["data_as_of"],
            "charts": [name[:-4] for name in artifacts.files if name.endswith(".png")],  # in reading order
        }
        files = {"ipynb": export.notebook_bytes(nb), "figures": export.figures_json(artifacts.key_figures, meta)}
        if "html" in edition.formats:
            files["html"] = html.encode("utf-8")
        if edition.needs_params_file:
            files["params"] = (json.dumps(edition.params(), indent=2, sort_keys=True) + "\n").encode("utf-8")
    except Exception as exc:
        return Result(edition.name, "failed", time.perf_counter() - started,
                      error=f"export failed: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    return Prepared(files, artifacts.files, html, artifacts.key_figures, time.perf_counter() - started)


def finish(job: Job, prepared: Prepared) -> Result:
    """Print the PDF (from memory), then write every output of the edition; nothing is written
    unless all of it succeeded, so a failure leaves the last good edition as it was."""
    from mxsec.render import export

    started = time.perf_counter()
    edition = job.edition
    paths = edition.paths(job.reports)
    base = edition.base_dir(job.reports)
    try:
        files = dict(prepared.files)
        if "pdf" in edition.formats:
            subdir = base.relative_to(job.reports).as_posix().strip(".")
            files["pdf"] = export.render_pdf(prepared.html, job.reports, subdir, {edition.name: prepared.assets})
        written = _replace_dir(paths["assets"], prepared.assets)
        for kind, payload in files.items():
            _write_atomic(paths[kind], payload)
            written.append(paths[kind])
    except Exception as exc:
        return Result(edition.name, "failed", prepared.seconds + time.perf_counter() - started,
                      error=f"export failed: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    entry = cache.record(base, edition.name, job.inputs_hash, job.data_hash, written)
    return Result(edition.name, "rendered", prepared.seconds + time.perf_counter() - started,
                  [p.relative_to(job.reports.parent).as_posix() for p in sorted(written)], manifest_entry=entry,
                  key_figures=prepared.key_figures)


def run_job(job: Job) -> Result:
    """Execute and export one edition in this process."""
    prepared = prepare(job)
    return prepared if isinstance(prepared, Result) else finish(job, prepared)


# Modules every worker needs, imported once in the fork server so each worker starts warm.
WORKER_PRELOAD = ["nbclient", "nbconvert", "weasyprint", "mxsec.render.execute", "mxsec.render.export"]


def _pool_context():
    """A fork server: workers fork from a clean, single-threaded process that has already
    imported the heavy modules. (Plain fork from this process can deadlock once kernels or
    ZMQ threads have run in it; spawn would re-import everything per worker.)"""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def run_jobs(jobs: list[Job], workers: int, on_done: Callable[[Result], None] | None = None) -> list[Result]:
    """Run jobs, several at a time; one failure never stops the others."""
    results: list[Result] = []
    if not jobs:
        return results
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            result = run_job(job)
            results.append(result)
            if on_done:
                on_done(result)
        return results
    # Two steps per edition (execute+HTML, then PDF+writes), each its own task, so the short PDF
    # steps fill the gaps at the end of a run instead of one worker finishing a whole edition alone.
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=_pool_context()) as pool:
        pending = {pool.submit(prepare, job, index < len(jobs) - workers): job for index, job in enumerate(jobs)}
        while pending:
            done = next(as_completed(pending))
            job = pending.pop(done)
            try:
                outcome = done.result()
            except Exception as exc:  # a worker died
                outcome = Result(job.edition.name, "failed", error=f"worker crashed: {exc}")
            if isinstance(outcome, Prepared):
                pending[pool.submit(finish, job, outcome)] = job
                continue
            results.append(outcome)
            if on_done:
                on_done(outcome)
    return results


def update_manifest(reports: Path, results: list[Result], jobs: list[Job]) -> None:
    """Record rendered editions in the manifest of the folder they were written to."""
    by_name = {job.edition.name: job for job in jobs}
    folders: dict[Path, dict[str, dict[str, Any]]] = {}
    for result in results:
        if result.status == "rendered" and result.manifest_entry is not None:
            folder = by_name[result.name].edition.base_dir(reports)
            folders.setdefault(folder, {})[result.name] = result.manifest_entry
    for folder, entries in folders.items():
        manifest = cache.read_manifest(folder)
        manifest["editions"].update(entries)
        manifest["editions"] = dict(sorted(manifest["editions"].items()))
        _write_atomic(folder / cache.MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())


def editions_dir(reports: Path | None = None) -> Path:
    return (reports or reports_dir()) / EDITIONS_SUBDIR
