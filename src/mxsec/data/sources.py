"""Citation lines generated from ``data/sources.csv`` (never typed in a notebook)."""

from __future__ import annotations

from typing import Iterable


def _source_rows(source_ids: Iterable[str]):
    """The rows of ``sources.csv`` for ``source_ids``, each once in ``source_id`` order (empty when
    there are none). Unknown ids raise KeyError."""
    from mxsec.data.loader import load

    ids = sorted(set(source_ids))
    if not ids:
        return []
    table = load("sources").set_index("source_id")
    missing = [i for i in ids if i not in table.index]
    if missing:
        raise KeyError(f"source_id not in sources.csv: {', '.join(missing)}")
    return [(source_id, table.loc[source_id]) for source_id in ids]


def source_line(source_ids: Iterable[str]) -> str:
    """``Sources: INEGI, Estadísticas de defunciones registradas (2024); CRS, R41349 (2020).``"""
    rows = _source_rows(source_ids)
    if not rows:
        return ""
    parts = []
    for _, row in rows:
        published = row["published"]
        year = str(published)[:4] if isinstance(published, str) and published else "n.d."
        parts.append(f"{row['publisher']}, {row['title']} ({year})")
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(dict.fromkeys(parts)) + "."


CITATION = "{publisher}, {title} ({published})."
"""The long-form citation of one source in a report's numbered source list (its URL follows as a link)."""
CITATION_UNDATED = "{publisher}, {title} (n.d.)."
"""The same, for a source that gives no publication date."""


def citations(source_ids: Iterable[str]) -> list[dict[str, str]]:
    """Per source, in ``source_id`` order (each once): ``id``, ``citation`` (``CITATION``: publisher,
    title, publication date as ``sources.csv`` states it, YYYY to YYYY-MM-DD), ``url`` and
    ``archive_url`` ("" when the source has none). What a chart or table carries to the render
    engine, which numbers the sources of a report and lists each once. Unknown ids raise."""
    out = []
    for source_id, row in _source_rows(source_ids):
        fields = {name: _text(row.get(name)) for name in ("publisher", "title", "published", "url", "archive_url")}
        template = CITATION if fields["published"] else CITATION_UNDATED
        out.append({"id": source_id, "citation": template.format(**fields), "url": fields["url"],
                    "archive_url": fields["archive_url"]})
    return out


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


# --- The literature rule (one rule for every report) ----------------------------------------------

LITERATURE_FILE = "sources_literature.csv"
"""data/manual/sources_literature.csv: the five papers of the literature folder, one row each."""
LITERATURE_NOTE = "literature-sourced"
"""The word every report uses for a figure whose only source is one of the papers."""


def _normal_title(title: object) -> str:
    import re

    text = re.sub(r"\([^)]*\)", " ", str(title or "")).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def same_title_ids(sources, paper_source_ids: Iterable[str]) -> frozenset[str]:
    """Every source in ``sources`` that is one of the papers: the papers' own ids and any other
    id whose title (parenthetical remarks removed, case and punctuation ignored) is a paper's."""
    ids = set(paper_source_ids)
    titles = {_normal_title(t) for t in sources.loc[sources["source_id"].isin(ids), "title"]}
    titles.discard("")
    same = sources.loc[sources["title"].map(_normal_title).isin(titles), "source_id"]
    return frozenset(ids | set(same))


def literature_source_ids(sources=None) -> frozenset[str]:
    """The sources that are papers of the project's literature (``sources_literature.csv``, plus any
    other id with a paper's title). The rule, the same in every report: a figure whose only source
    is a paper is kept as secondary data but marked ``literature-sourced`` wherever it appears
    (tables, key figures, the index), and it is never the evidence for a claim of that paper (the
    claims ledger, mxsec.analysis.claims, never takes a paper's figure as evidence at all)."""
    import pandas as pd

    from mxsec.data.loader import load
    from mxsec.paths import data_dir

    papers = pd.read_csv(data_dir() / "manual" / LITERATURE_FILE, dtype=str)["source_id"]
    return same_title_ids(load("sources") if sources is None else sources, papers)


def is_literature(source_ids, literature: frozenset[str] | None = None):
    """Per row (a Series of source ids, ``;``-joined where several) or for one id: whether every source is a
    paper of the literature."""
    import pandas as pd

    literature = literature_source_ids() if literature is None else literature

    def one(value: object) -> bool:
        ids = [i for i in str(value or "").replace(",", ";").split(";") if i.strip()]
        return bool(ids) and all(i.strip() in literature for i in ids)

    if isinstance(source_ids, pd.Series):
        return source_ids.map(one).astype(bool)
    return one(source_ids)


def mark_literature(figures: dict, literature: frozenset[str] | None = None) -> dict:
    """Key figures resting on a literature-sourced figure: the note says so and names the papers among
    the figure's ``source_ids``. Returns ``figures`` (changed in place)."""
    literature = literature_source_ids() if literature is None else literature
    for entry in figures.values():
        if not isinstance(entry, dict):
            continue
        ids = sorted(set(entry.get("source_ids") or []) & literature)
        if ids and LITERATURE_NOTE not in str(entry.get("note") or ""):
            note = str(entry.get("note") or "").rstrip()
            entry["note"] = (note + " " if note else "") + (
                f"Includes a {LITERATURE_NOTE} figure (source: {', '.join(ids)}, a paper of the literature; no "
                "other source found).")
    return figures
