"""The report font: IBM Plex Sans (SIL Open Font License), from the fontpkg-ibm-plex-sans package.

The package ships variable fonts; WeasyPrint subsets a variable font about six times more
slowly than a static one, and matplotlib draws only its default instance. So static
instances are cut once with fontTools' instancer (a WeasyPrint dependency) into
``<venv>/share/mxsec-fonts/`` and used everywhere: charts, HTML, PDF. Their timestamps are
not recalculated, so the files are the same bytes on every machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

FAMILY = "IBM Plex Sans"
# file name -> (source file in the package, axis location, is italic)
INSTANCES = {
    "IBMPlexSans-Regular.ttf": ("IBMPlexSans[wdth,wght].ttf", {"wght": 400, "wdth": 100}),
    "IBMPlexSans-SemiBold.ttf": ("IBMPlexSans[wdth,wght].ttf", {"wght": 600, "wdth": 100}),
    "IBMPlexSans-Bold.ttf": ("IBMPlexSans[wdth,wght].ttf", {"wght": 700, "wdth": 100}),
    "IBMPlexSans-Italic.ttf": ("IBMPlexSans-Italic[wdth,wght].ttf", {"wght": 400, "wdth": 100}),
}
WEIGHTS = {"IBMPlexSans-Regular.ttf": (400, "normal"), "IBMPlexSans-SemiBold.ttf": (600, "normal"),
           "IBMPlexSans-Bold.ttf": (700, "normal"), "IBMPlexSans-Italic.ttf": (400, "italic")}


def font_dir() -> Path:
    return Path(sys.prefix) / "share" / "mxsec-fonts"


def licence_file() -> Path:
    import fontpkg_ibm_plex_sans

    return fontpkg_ibm_plex_sans.ROOT / "LICENSE"


def static_fonts() -> dict[str, Path]:
    """Paths of the static instances, cutting any that are missing."""
    folder = font_dir()
    paths = {name: folder / name for name in INSTANCES}
    if all(p.exists() for p in paths.values()):
        return paths
    import fontpkg_ibm_plex_sans
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    folder.mkdir(parents=True, exist_ok=True)
    for name, (source, location) in INSTANCES.items():
        if paths[name].exists():
            continue
        font = TTFont(fontpkg_ibm_plex_sans.ROOT / "files" / source, recalcTimestamp=False)
        static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
        static.recalcTimestamp = False
        tmp = paths[name].with_suffix(".tmp")
        static.save(tmp)
        tmp.replace(paths[name])
    return paths
