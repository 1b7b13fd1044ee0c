"""The report fonts, and the only fonts a render can see.

Two families, both under the SIL Open Font License and installed from PyPI: IBM Plex Sans
(``fontpkg-ibm-plex-sans``) for text and IBM Plex Mono (``fontpkg-ibm-plex-mono``) for code
and the reproducibility block. Every glyph a report prints must exist in one of them; a test
checks the committed reports.

Plex Sans ships as variable fonts; WeasyPrint subsets a variable font about six times more
slowly than a static one, and matplotlib draws only its default instance. So static
instances are cut once with fontTools' instancer (a WeasyPrint dependency) into
``<venv>/share/mxsec-fonts/``; Plex Mono ships static files, copied beside them. Timestamps
are not recalculated, so the files are the same bytes on every machine.

No system font may be picked, or a PDF would depend on what the machine has installed. For
WeasyPrint (Pango and fontconfig) :func:`isolate` points ``FONTCONFIG_FILE`` at a fontconfig
configuration of the project's own that lists only that folder and maps the generic families
to Plex; for matplotlib, ``mxsec.charts`` keeps only these files in its font list.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

FAMILY = "IBM Plex Sans"
MONO_FAMILY = "IBM Plex Mono"


@dataclass(frozen=True)
class Face:
    """One bundled font file: where it comes from and what it is."""

    family: str
    package: str  # the fontpkg module that ships it
    source: str  # file name in the package's files/ folder
    weight: int
    style: str  # "normal" or "italic"
    location: tuple[tuple[str, int], ...] = ()  # axis values, for a variable source


_SANS, _MONO = "fontpkg_ibm_plex_sans", "fontpkg_ibm_plex_mono"
_ROMAN, _ITALIC = "IBMPlexSans[wdth,wght].ttf", "IBMPlexSans-Italic[wdth,wght].ttf"

# file name in the font folder -> face. Sans: regular, semibold (captions), bold (headings),
# each upright and italic. Mono: regular, semibold and bold upright, regular italic.
FACES: dict[str, Face] = {
    "IBMPlexSans-Regular.ttf": Face(FAMILY, _SANS, _ROMAN, 400, "normal", (("wght", 400), ("wdth", 100))),
    "IBMPlexSans-Italic.ttf": Face(FAMILY, _SANS, _ITALIC, 400, "italic", (("wght", 400), ("wdth", 100))),
    "IBMPlexSans-SemiBold.ttf": Face(FAMILY, _SANS, _ROMAN, 600, "normal", (("wght", 600), ("wdth", 100))),
    "IBMPlexSans-SemiBoldItalic.ttf": Face(FAMILY, _SANS, _ITALIC, 600, "italic", (("wght", 600), ("wdth", 100))),
    "IBMPlexSans-Bold.ttf": Face(FAMILY, _SANS, _ROMAN, 700, "normal", (("wght", 700), ("wdth", 100))),
    "IBMPlexSans-BoldItalic.ttf": Face(FAMILY, _SANS, _ITALIC, 700, "italic", (("wght", 700), ("wdth", 100))),
    "IBMPlexMono-Regular.ttf": Face(MONO_FAMILY, _MONO, "IBMPlexMono-Regular.ttf", 400, "normal"),
    "IBMPlexMono-Italic.ttf": Face(MONO_FAMILY, _MONO, "IBMPlexMono-Italic.ttf", 400, "italic"),
    "IBMPlexMono-SemiBold.ttf": Face(MONO_FAMILY, _MONO, "IBMPlexMono-SemiBold.ttf", 600, "normal"),
    "IBMPlexMono-Bold.ttf": Face(MONO_FAMILY, _MONO, "IBMPlexMono-Bold.ttf", 700, "normal"),
}
# licence file name (as copied next to the fonts) -> the package whose LICENSE it is
LICENCES = {"IBMPlexSans-LICENSE.txt": _SANS, "IBMPlexMono-LICENSE.txt": _MONO}
FONTCONFIG_NAME = "fonts.conf"


def font_dir() -> Path:
    return Path(sys.prefix) / "share" / "mxsec-fonts"


def _package_root(package: str) -> Path:
    import importlib

    return Path(importlib.import_module(package).ROOT)


def licence_files() -> dict[str, Path]:
    """Licence file name -> the package's licence text."""
    return {name: _package_root(package) / "LICENSE" for name, package in LICENCES.items()}


def _make(face: Face, target: Path) -> None:
    source = _package_root(face.package) / "files" / face.source
    tmp = target.with_suffix(".tmp")
    if face.location:
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        font = TTFont(source, recalcTimestamp=False)
        static = instancer.instantiateVariableFont(font, dict(face.location), updateFontNames=True)
        static.recalcTimestamp = False
        static.save(tmp)
    else:
        shutil.copyfile(source, tmp)
    tmp.replace(target)


def static_fonts() -> dict[str, Path]:
    """Paths of every bundled font file, making any that is missing."""
    folder = font_dir()
    paths = {name: folder / name for name in FACES}
    missing = [name for name, path in paths.items() if not path.exists()]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        for name in missing:
            _make(FACES[name], paths[name])
    return paths


def fontconfig_text(folder: Path) -> str:
    """A fontconfig configuration that knows only ``folder``: no system or user font
    directories, no included system rules; the generic families resolve to Plex."""
    aliases = "".join(
        f"  <alias binding=\"same\"><family>{generic}</family><prefer><family>{family}</family></prefer></alias>\n"
        for generic, family in (("sans-serif", FAMILY), ("serif", FAMILY), ("system-ui", FAMILY),
                                ("monospace", MONO_FAMILY)))
    where = escape(str(folder))
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            "<!-- Written by mxsec.fonts: the project's fonts only. -->\n<fontconfig>\n"
            f"  <dir>{where}</dir>\n  <cachedir>{where}/cache</cachedir>\n{aliases}</fontconfig>\n")


def fontconfig_file() -> Path:
    """The project's fontconfig configuration, written (next to the fonts) when missing or
    out of date."""
    folder = font_dir()
    static_fonts()
    path = folder / FONTCONFIG_NAME
    text = fontconfig_text(folder)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def isolate() -> Path:
    """Make fontconfig (so Pango and WeasyPrint) in this process and its children see the
    project's fonts only. The value is the same on every call: process-wide configuration,
    not per-render state. WeasyPrint reads it whenever it builds a font configuration."""
    path = fontconfig_file()
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path
