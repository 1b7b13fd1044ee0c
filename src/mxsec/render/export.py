"""Export an executed notebook: HTML (nbconvert with the project's template), PDF (WeasyPrint
from the same HTML), the chart files (PNG + CSV) and the key figures.

Charts, tables and key figures travel inside the executed notebook as outputs with the MIME
types of ``mxsec.render`` (written by ``mxsec.report``); this module turns them into files and
the page (their numbering and endnotes: ``mxsec.render.citations``). Nothing here knows about
any topic.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from nbconvert import HTMLExporter

from mxsec.paths import template_dir

from mxsec.render import FIGURE_MIME, KEY_FIGURES_MIME
ASSETS_DIR = "assets"


@dataclass
class Artifacts:
    """Files a notebook's outputs ask for: chart PNG/CSV pairs and named key figures."""

    files: dict[str, bytes] = field(default_factory=dict)  # relative name -> bytes
    key_figures: dict[str, Any] = field(default_factory=dict)
    alt_missing: list[str] = field(default_factory=list)


def collect_artifacts(nb: nbformat.NotebookNode) -> Artifacts:
    found = Artifacts()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FIGURE_MIME in data:
                meta = data[FIGURE_MIME]
                found.files[f"{meta['name']}.png"] = base64.b64decode(data["image/png"])
                found.files[f"{meta['name']}.csv"] = meta["csv"].encode("utf-8")
                if not meta.get("alt"):
                    found.alt_missing.append(meta["name"])
            if KEY_FIGURES_MIME in data:
                found.key_figures.update(data[KEY_FIGURES_MIME])
    return found


class _Headings(HTMLParser):
    """Collect (level, id, text) of h2/h3 headings that carry an id."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("h2", "h3") and attributes.get("id"):
            self._current = {"level": int(tag[1]), "id": attributes["id"], "text": ""}
        elif tag == "a" and self._current is not None and "anchor-link" in (attributes.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag in ("h2", "h3") and self._current is not None:
            self._current["text"] = " ".join(self._current["text"].split())
            self.entries.append(self._current)
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skip:
            self._current["text"] += data


def table_of_contents(body_html: str) -> list[dict[str, Any]]:
    parser = _Headings()
    parser.feed(body_html)
    return parser.entries


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def render_html(nb: nbformat.NotebookNode, *, asset_prefix: str, font_prefix: str, stamp: dict[str, Any],
                show_code: bool, summary: str) -> str:
    """The complete, self-standing HTML page of one edition (no network references): every chart
    and table numbered, anchored and citable, their sources numbered in one list at the end
    (``mxsec.render.citations``). ``stamp["page"]`` is the page's path in the reports folder."""
    exporter = HTMLExporter(
        template_name="mxsec",
        extra_template_basedirs=[str(template_dir())],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    from mxsec.render import citations

    title = _title(nb, stamp["topic"])
    exhibits, sources_section = citations.page_parts(nb, stamp, title)
    resources = {"mxsec": {"asset_prefix": asset_prefix, "show_code": show_code, "exhibits": exhibits}}
    body, out_resources = exporter.from_notebook_node(nb, resources=resources)
    toc = table_of_contents(body)
    if sources_section:
        toc.append({"level": 2, "id": citations.SOURCES_ID, "text": citations.SOURCES_HEADING})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir())), autoescape=False,
                             keep_trailing_newline=True)
    highlight_css = "\n".join(out_resources.get("inlining", {}).get("css", [])) if show_code else ""
    page = env.get_template("page.html.j2").render(
        title=title,
        summary=summary,
        body=body,
        sources_section=sources_section,
        toc=toc,
        css=(template_dir() / "report.css").read_text(encoding="utf-8"),
        highlight_css=highlight_css if show_code else "",
        font_prefix=font_prefix,
        font_faces=font_faces(),
        stamp=stamp,
    )
    return page


def font_faces() -> list[dict[str, Any]]:
    """One @font-face per bundled font file: family, file, weight, style."""
    from mxsec.fonts import FACES

    return [{"family": face.family, "file": name, "weight": face.weight, "style": face.style}
            for name, face in FACES.items()]


# WeasyPrint names embedded images after their URL; resolving relative links against this
# fixed, never-fetched base (instead of the checkout's file:// path) keeps the PDF's bytes the
# same wherever the project lives. The fetcher serves these URLs from the report folder and
# refuses every other one: a report loads nothing from the network.
VIRTUAL_BASE = "https://report.mxsec.invalid/"


def _local_fetcher(root: Path, memory: dict[str, dict[str, bytes]]):
    import mimetypes
    from urllib.parse import unquote

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(VIRTUAL_BASE):
                raise ValueError(f"refusing to fetch {url}: reports load nothing from outside their folder")
            relative = unquote(url[len(VIRTUAL_BASE):].split("#")[0])
            folder, _, name = relative.rpartition("/")
            folder = folder.rpartition("/")[2]  # "editions/<edition>" -> "<edition>"
            payload = memory.get(folder, {}).get(name)
            if payload is None:
                payload = (root / relative).resolve().read_bytes()
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, payload, {"Content-Type": mime})

    return LocalFetcher(fail_on_errors=True)


# The PDF options of every report: tagged (structure tree, document language from <html lang>,
# title from <title>), PDF/UA-1 metadata, a fixed identifier so the bytes never vary.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "pdf_identifier": b"mxsec-report", "optimize_images": False}


def layout_document(html: str, reports: Path, subdir: str, memory: dict[str, dict[str, bytes]]):
    """The HTML laid out in pages by WeasyPrint (a ``weasyprint.Document``), before any PDF
    is written: what ``render_pdf`` writes and what ``mxsec.render.layout`` inspects.
    ``reports`` is the reports folder, ``subdir`` where the HTML sits in it ("" or
    "editions"); ``memory`` maps an asset folder name to files not yet written (the edition's
    charts). Fontconfig sees the project's fonts only (``mxsec.fonts.isolate``)."""
    from mxsec.fonts import isolate

    isolate()
    import weasyprint

    base_url = VIRTUAL_BASE + (f"{subdir}/" if subdir else "")
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_local_fetcher(reports, memory))
    return document.render(**PDF_OPTIONS)


def render_pdf(html: str, reports: Path, subdir: str, memory: dict[str, dict[str, bytes]]) -> bytes:
    """The PDF of the HTML, by WeasyPrint (arguments as for ``layout_document``)."""
    return layout_document(html, reports, subdir, memory).write_pdf(**PDF_OPTIONS)


def install_fonts(reports: Path) -> list[Path]:
    """Copy the bundled font files (and their licences) into ``reports/assets/``."""
    from mxsec.fonts import licence_files, static_fonts

    target = reports / ASSETS_DIR
    target.mkdir(parents=True, exist_ok=True)
    files = dict(static_fonts()) | licence_files()
    written = []
    for name, source in sorted(files.items()):
        dest = target / name
        if not dest.exists() or dest.read_bytes() != source.read_bytes():
            tmp = dest.with_name(f".{name}.tmp")
            shutil.copyfile(source, tmp)
            tmp.replace(dest)
        written.append(dest)
    return written


def notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def figures_json(key_figures: dict[str, Any], meta: dict[str, Any]) -> bytes:
    payload = dict(sorted(key_figures.items())) | {"_meta": meta}
    return (json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
