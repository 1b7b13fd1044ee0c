"""Edition names and output locations.

The default edition of a topic (default parameters, HTML and PDF, no code) is written to
``reports/<topic>.*`` and committed. Any other combination is an *edition* written to
``reports/editions/<name>.*`` (not committed), where the name encodes what differs, so a
non-default run can never overwrite the default edition:

    violence--state=CHH
    funding--dollars=nominal--end_year=2015
    funding--programs=3f9a1c2b        (lists and maps: a short hash; the values are in
                                        <name>.params.json beside it)
    violence--code--fmt=html         (--show-code, formats other than html+pdf)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_FORMATS: tuple[str, ...] = ("html", "pdf")
FORMATS: tuple[str, ...] = ("html", "pdf")
EDITIONS_SUBDIR = "editions"

_SAFE = re.compile(r"^[A-Za-z0-9_.-]+$")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _token(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, (list, dict)) or not _SAFE.match(text):
        return hashlib.sha256(canonical_json(value).encode()).hexdigest()[:8]
    return text


@dataclass(frozen=True)
class Edition:
    """One rendering of one topic: parameters that differ from the defaults and export options."""

    topic: str
    overrides: tuple[tuple[str, Any], ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    show_code: bool = False

    @property
    def is_default(self) -> bool:
        return not self.overrides and tuple(sorted(self.formats)) == tuple(sorted(DEFAULT_FORMATS)) and not self.show_code

    @property
    def name(self) -> str:
        if self.is_default:
            return self.topic
        parts = [self.topic] + [f"{k}={_token(v)}" for k, v in self.overrides]
        if self.show_code:
            parts.append("code")
        if tuple(sorted(self.formats)) != tuple(sorted(DEFAULT_FORMATS)):
            parts.append("fmt=" + "+".join(sorted(self.formats)))
        return "--".join(parts)

    @property
    def needs_params_file(self) -> bool:
        return any(isinstance(v, (list, dict)) or not _SAFE.match(str(v)) for _, v in self.overrides)

    def params(self) -> dict[str, Any]:
        return dict(self.overrides)

    def base_dir(self, reports: Path) -> Path:
        """Folder holding this edition's files: ``reports/`` or ``reports/editions/``."""
        return reports if self.is_default else reports / EDITIONS_SUBDIR

    def paths(self, reports: Path) -> dict[str, Path]:
        """Every output path of this edition, keyed by kind."""
        base = self.base_dir(reports)
        out = {
            "ipynb": base / f"{self.name}.ipynb",
            "figures": base / f"{self.name}.figures.json",
            "assets": base / self.name,
        }
        for fmt in self.formats:
            out[fmt] = base / f"{self.name}.{fmt}"
        if self.needs_params_file:
            out["params"] = base / f"{self.name}.params.json"
        return out


def make_edition(topic: str, overrides: dict[str, Any], formats: tuple[str, ...] = DEFAULT_FORMATS,
                 show_code: bool = False) -> Edition:
    return Edition(topic, tuple(sorted(overrides.items())), tuple(sorted(set(formats))), show_code)
