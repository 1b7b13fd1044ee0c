"""Inputs hashing and the manifest of rendered editions.

An edition is rebuilt only when its *inputs hash* changes. The hash covers everything that
can change an output byte: the notebook, the parameters, every file under ``data/``, the
package source (``src/mxsec``, template and CSS included), the lock file, and the export
options. ``reports/manifest.json`` (committed) records, per default edition, the inputs hash,
the data hash and the SHA-256 of every output; ``reports/editions/manifest.json`` does the
same for other editions. ``mxsec render --check`` and the cache both read it.

Standard library only: this is the warm path.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from mxsec import __version__
from mxsec.paths import PACKAGE_DIR, data_dir, previous_edition_dir, project_root

MANIFEST = "manifest.json"
LOCK_FILE = "requirements.lock"
_SKIP_PARTS = {"__pycache__"}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _SKIP_PARTS & set(p.parts) and p.suffix != ".pyc")


def hash_files(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over (relative path, bytes) of each file, in the given order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class InputHasher:
    """Hashes shared inputs once per run; per-edition hashes add notebook, params and options."""

    def __init__(self) -> None:
        root = project_root()
        self.data_hash = hash_files(_files(data_dir()), root) if data_dir().exists() else "none"
        code = hash_files(_files(PACKAGE_DIR), PACKAGE_DIR)
        lock = root / LOCK_FILE
        lock_hash = sha256_file(lock) if lock.exists() else "none"
        previous = previous_edition_dir()  # the previous edition's key figures (mxsec.revisions)
        previous_hash = hash_files(_files(previous), root) if previous.exists() else "none"
        self._shared = f"{__version__}|{self.data_hash}|{code}|{lock_hash}|{previous_hash}"

    def edition_hash(self, notebook: Path, params: dict[str, Any], formats: tuple[str, ...], show_code: bool) -> str:
        digest = hashlib.sha256(self._shared.encode())
        digest.update(sha256_file(notebook).encode())
        digest.update(json.dumps({"params": params, "formats": sorted(formats), "show_code": show_code},
                                 sort_keys=True, separators=(",", ":")).encode())
        return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        return {"editions": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def is_fresh(entry: dict[str, Any] | None, inputs_hash: str, folder: Path) -> bool:
    """True when the recorded inputs hash matches and every recorded output is intact."""
    if not entry or entry.get("inputs") != inputs_hash:
        return False
    for rel, digest in entry.get("outputs", {}).items():
        path = folder / rel
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return True


def record(folder: Path, name: str, inputs_hash: str, data_hash: str, outputs: list[Path]) -> dict[str, Any]:
    """The manifest entry for a freshly written edition."""
    return {
        "inputs": inputs_hash,
        "data": data_hash,
        "outputs": {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(outputs)},
    }
