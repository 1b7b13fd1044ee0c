"""Overview: the key figures of every topic report, one time axis for all of them, the
cooperation index with its uncertainty bands, and the claims ledger.

Nothing here computes a topic's figures a second way. The key figures are the topic packages'
own ``compute.key_figures()`` called with their defaults (the default edition of each report), and
the timeline draws the series those modules return (``funding.build().security``,
``extraditions.build().annual``, ``violence.build().annual``), only over the overview's
window. Reports' rendered files (``reports/*.figures.json``) are never read, so the overview
does not depend on the order in which reports are rendered.

Conventions of the shared time axis: the x axis is in years; an annual value of calendar year
N (or U.S. fiscal year N, which runs from October N-1 to September N) is drawn centred on N,
so year N spans N - 0.5 to N + 0.5, and a dated event or a term's first day is drawn at its
decimal year minus 0.5 (1 December 2006 -> 2006.42). Missing years are hatched, never filled.
"""

from mxsec.analysis.overview import compute, plots, tables, text
from mxsec.analysis.overview.compute import (
    ALL_PAPERS, CLAIMS_KEYS, DEFAULT_END_YEAR, DEFAULT_START_YEAR, HEADLINES, TOPICS, Overview, build, key_figures,
)

__all__ = ["compute", "plots", "tables", "text", "ALL_PAPERS", "CLAIMS_KEYS", "DEFAULT_END_YEAR", "DEFAULT_START_YEAR",
           "HEADLINES", "TOPICS", "Overview", "build", "key_figures"]
