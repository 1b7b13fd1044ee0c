"""The render engine: parameters, execution, export (HTML, PDF), cache and process pool.

The two MIME types below are the whole contract between notebooks (through
``mxsec.report``) and the engine: a chart output carries its name, caption, alt text,
source line and data; a key-figures output carries named figures for ``figures.json``.
"""

FIGURE_MIME = "application/vnd.mxsec.figure+json"
KEY_FIGURES_MIME = "application/vnd.mxsec.keyfigures+json"
