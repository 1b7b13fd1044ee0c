"""What each report computes and says: one package per report (``<topic>/``: compute, text,
tables, plots), plus the shared computation modules ``periods``, ``common`` and ``claims``. The layers and
their import rules are in ARCHITECTURE.md; ``tests/test_layers.py`` enforces them."""
