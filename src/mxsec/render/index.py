"""The landing page (``reports/index.html``) and sweep index pages.

Both are rebuilt from what is on disk (topics, their figures.json, the data package), so
they are deterministic and never depend on render order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from mxsec import __version__
from mxsec.paths import template_dir
from mxsec.render.editions import EDITIONS_SUBDIR, Edition
from mxsec.topics import discover

DATA_ZIP = "mxsec-data.zip"
APPENDIX_HEADINGS = {"glossary": "Glossary", "methodology": "Methodology and sources"}
"""Sections of the lead report the landing page links to, by heading text."""


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir())), autoescape=True,
                              keep_trailing_newline=True)


def _write_if_changed(path: Path, text: str) -> None:
    payload = text.encode("utf-8")
    if path.exists() and path.read_bytes() == payload:
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(payload)
    tmp.replace(path)


def lead_chart(reports: Path, topic: str, charts: list[str]) -> str:
    """The report's lead chart (its first, in reading order); "" when no PNG of it exists."""
    if charts and (reports / topic / f"{charts[0]}.png").exists():
        return f"{topic}/{charts[0]}.png"
    return ""


def section_links(reports: Path, topic: str) -> dict[str, str]:
    """Links (``<topic>.html#id``) to the sections of ``APPENDIX_HEADINGS`` found in the
    rendered report; a section missing from the page gets no link."""
    from mxsec.render.export import table_of_contents

    html_path = reports / f"{topic}.html"
    if not html_path.exists():
        return {}
    toc = {entry["text"]: entry["id"] for entry in table_of_contents(html_path.read_text(encoding="utf-8"))}
    return {key: f"{topic}.html#{toc[text]}" for key, text in APPENDIX_HEADINGS.items() if text in toc}


def landing_entries(reports: Path) -> list[dict[str, Any]]:
    """One entry per topic, the lead topic first, the others by name."""
    entries = []
    for topic in discover().values():
        figures_path = reports / f"{topic.name}.figures.json"
        meta = json.loads(figures_path.read_text(encoding="utf-8"))["_meta"] if figures_path.exists() else {}
        entries.append({
            "name": topic.name,
            "title": topic.title,
            "summary": topic.summary,
            "html": f"{topic.name}.html" if (reports / f"{topic.name}.html").exists() else "",
            "pdf": f"{topic.name}.pdf" if (reports / f"{topic.name}.pdf").exists() else "",
            "thumbnail": lead_chart(reports, topic.name, meta.get("charts", [])),
            "data_as_of": meta.get("data_as_of", ""),
            "lead": topic.lead,
        })
    return sorted(entries, key=lambda e: (not e["lead"], e["name"]))


def citation() -> dict[str, Any]:
    """Title, authors, version and URL from ``CITATION.cff`` (empty when it is missing)."""
    from mxsec.paths import project_root

    path = project_root() / "CITATION.cff"
    if not path.exists():
        return {}
    import yaml

    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    authors = [a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
               for a in cff.get("authors", [])]
    return {"title": cff.get("title", ""), "authors": ", ".join(a for a in authors if a),
            "version": cff.get("version", ""), "url": cff.get("repository-code") or cff.get("url") or "",
            "doi": cff.get("doi", "")}


def write_data_zip(reports: Path) -> Path:
    """``reports/mxsec-data.zip``: every curated table with datapackage.json, sources and the
    dictionary; fixed timestamps and order, so the same data gives the same bytes."""
    import io
    import zipfile

    from mxsec.paths import data_dir

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(data_dir().glob("*")):
            if path.is_file() and path.suffix in (".csv", ".json", ".md"):
                info = zipfile.ZipInfo(f"mxsec-data/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    target = reports / DATA_ZIP
    if not target.exists() or target.read_bytes() != buffer.getvalue():
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(buffer.getvalue())
        tmp.replace(target)
    return target


def write_landing(reports: Path) -> Path:
    write_data_zip(reports)
    entries = landing_entries(reports)
    as_of = max((e["data_as_of"] for e in entries if e["data_as_of"]), default="unknown")
    lead = next((e for e in entries if e["lead"]), None)
    html = _env().get_template("index.html.j2").render(
        lead=lead, entries=[e for e in entries if not e["lead"]], version=__version__, data_as_of=as_of,
        sections=section_links(reports, lead["name"]) if lead else {}, cite=citation(),
        data_zip=DATA_ZIP if (reports / DATA_ZIP).exists() else "",
        css=(template_dir() / "report.css").read_text(encoding="utf-8"),
    )
    target = reports / "index.html"
    _write_if_changed(target, html)
    return target


def write_sweep_index(reports: Path, topic: Any, parameter: str, editions: list[Edition], results: list[Any]) -> Path:
    status = {r.name: r.status for r in results}
    rows = [{"value": dict(e.overrides).get(parameter), "name": e.name, "status": status.get(e.name, "fresh"),
             "has_pdf": "pdf" in e.formats} for e in editions]
    html = _env().get_template("sweep.html.j2").render(
        topic=topic, parameter=parameter, rows=rows, css=(template_dir() / "report.css").read_text(encoding="utf-8"))
    target = reports / EDITIONS_SUBDIR / f"{topic.name}--sweep={parameter}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(target, html)
    return target
