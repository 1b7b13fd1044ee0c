"""mxsec: reproducible, sourced reports on U.S.-Mexico security cooperation.

The package is small on purpose: ``mxsec.data`` loads the curated tables in ``data/``,
``mxsec.analysis`` holds one module of pure functions per topic, ``mxsec.charts`` the house
style, ``mxsec.report`` the display helpers notebooks call, and ``mxsec.render`` the engine
that executes notebooks and exports HTML and PDF. Importing this package is cheap: it
imports nothing heavy.
"""

__version__ = "0.1.0"  # keep equal to [project].version in pyproject.toml (a test checks)
