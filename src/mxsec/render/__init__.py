"""The render engine: parameters, execution, export (HTML, PDF), cache and process pool.

The three MIME types below are the whole contract between notebooks (through
``mxsec.report``) and the engine: a chart output carries its name, caption, alt text, data and
sources; a table output its name, caption, laid-out HTML, note and sources (each source with its
id and long-form citation, which the engine numbers as the report's endnotes); a key-figures
output carries named figures for ``figures.json``.
"""

FIGURE_MIME = "application/vnd.mxsec.figure+json"
TABLE_MIME = "application/vnd.mxsec.table+json"
KEY_FIGURES_MIME = "application/vnd.mxsec.keyfigures+json"
