"""Claims ledger: the numerical claims of the project's literature, tested against ``data/``.

The claims are data, not code: ``data/claims.csv`` (hand-kept in ``data/manual/claims.csv``)
holds one row per claim quoted from the five papers in the literature folder, with the quote
(at most 25 words, verbatim), the claimed figure(s), and a declarative test: ``test_table``,
``test_filter`` (``col=value;col2=value2``), ``test_aggregate`` (``value``, ``sum``, ``mean``,
``min``, ``max``), ``test_period`` (``YYYY`` or ``YYYY-YYYY`` in the table's ``year`` or
``fiscal_year``; in a monthly table such as ``border_encounters_monthly``, one calendar month
``YYYY-MM`` in its ``month``), ``comparison`` and ``tolerance_rel``. ``evaluate()`` applies the same
procedure to every claim; there is no code for any particular claim.

Tolerance rule (set from the claim's wording and the figure's precision, before looking at
the data; where a qualifier and the figure's precision differ, the looser applies):

- an exact figure (to the unit, or three or more significant figures such as "$76.3 million",
  "327,577", "$139 million"): ``approx``, tolerance 0.005;
- "about", "some", "around", "nearly", "almost", "perhaps", or a figure rounded to two
  significant figures ("$87 million", "nearly 15,000"): ``approx``, tolerance 0.05;
- "roughly", or a figure with one significant figure ("$3 billion", "a half-million",
  "about 30,000"): ``approx``, tolerance 0.15;
- "more than", "over", "at least", "exceeded", "a bit more than": ``gte`` (the data must be at
  least the figure), tolerance 0;
- "fewer than", "less than", "under", "as high as": ``lte``, tolerance 0;
- "from A to B" as a range of values ("the early 1990s"): ``range`` between ``claimed_value``
  and ``claimed_value_2``;
- a year (unit ``year``, e.g. a forecast "likely in 2021"): tolerance 0 (a relative tolerance
  means nothing for calendar years).

A claim of change or comparison ("from X in 2018 to Y in 2019") carries ``claimed_value_2``,
``period_2`` and ``test_period_2`` and is checked on both figures with the same filter.

Procedure for one figure:

1. Select the rows of ``test_table`` that match ``test_filter``. Columns of
   ``ALTERNATIVE_COLUMNS`` (for example ``source`` and ``measure`` of the homicide table) are
   relaxed when looking for other sources, so the search also finds the same quantity as
   another statistical system or definition reports it.
2. Drop rows whose source is one of the literature papers themselves (matched by title in
   ``sources.csv``): a paper cannot corroborate its own claim, and the papers' figures are
   secondary. Drop partial years (``months`` below 12) where the table has ``months``.
3. Yearly tables: keep the years of ``test_period``. The reference is the ``preferred`` row of
   each year among the rows matching the full filter; the figure is the aggregate over the
   years (``value`` for a single year). A span with a missing year has no reference figure
   (it is incomplete, never filled in). Span tables (``extraditions_periods``,
   ``us_assistance_periods``, ``merida_composition``; the filter selects the span): every
   row matching the full filter is a stated total and a reference figure (these tables have
   no preferred row); ``mean`` divides the total by the span's length in years.
4. Verdict: ``consistent`` when the reference figure satisfies the comparison;
   ``consistent with a non-preferred source`` when it does not (or there is none) but
   another series or source in the table does (named in the explanation, with how it
   differs, e.g. ``source=sesnsp, measure=case_files``); ``differs`` when no figure in data/
   does (the explanation gives the data's value and the relative difference); ``not
   checkable`` when data/ has nothing to test the claim with (no table, no matching row, an
   incomplete span, or only the literature's own figures), saying what is missing.

A two-figure claim takes the worse of its two verdicts, in the order differs, not checkable,
consistent with a non-preferred source, consistent.

Numbers in the explanations are formatted with ``mxsec.report.fmt``. Dollars are nominal;
U.S. fiscal years are labelled ``FY``.
"""

from mxsec.analysis.claims.core import *  # noqa: F401,F403
from mxsec.analysis.claims.ranks import *  # noqa: F401,F403
from mxsec.analysis.claims.evaluate import *  # noqa: F401,F403
from mxsec.analysis.claims.summary import *  # noqa: F401,F403
