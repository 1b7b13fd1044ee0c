"""``python -m mxsec``: the same command line as ``mxsec``."""

from mxsec.cli import main

main()
